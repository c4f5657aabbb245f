/**
 * Consortium witnessing from the command line (c2sp.org/tlog-witness):
 * `affix witness …` runs a witness for other parties' logs (a court, notary
 * office or CA), `affix ledger witness…` gets this node's checkpoints
 * cosigned, online or by request/response files.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { badInput } from '../../../shared/errors/affix-error';
import { formatVerifierKey, parseVerifierKey } from '../../../shared/ledger/note';
import { writeFileAtomic } from '../../services/core/fs/atomic-write';
import { LogWitnessing, type OnlineResult, type WitnessingStatus } from '../../services/usecases/witness/log-witnessing';
import { parseListen, WitnessServer } from '../../services/usecases/witness/witness-server';
import { checkSmallSize, smallText, WITNESS_FILE_LIMITS } from '../../services/usecases/witness/small-text';
import { answerView, printable, WitnessService } from '../../services/usecases/witness/witness-service';
import { defineCommand, optionalInt, optionalString, requireString, UsageError, type CommandContext } from '../command';
import { EXIT } from '../exit-status';
import { passphraseOption } from './workspace-passphrase';

/** Reads a small text input whole, refusing anything larger than `max` without reading it (the limits and words are the window's too). */
function readSmallText(path: string, what: string, max: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw badInput(`Cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const size = fstatSync(fd).size;
    checkSmallSize(size, `${what} ${path}`, max);
    const buf = Buffer.alloc(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, buf, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return smallText(buf.subarray(0, at), `${what} ${path}`, max);
  } finally {
    closeSync(fd);
  }
}

const witnessService = (ctx: CommandContext, create = false): WitnessService => {
  const s = ctx.services({ create });
  return new WitnessService(s.workspace, s.sealing);
};
const logWitnessing = (ctx: CommandContext): LogWitnessing => {
  const s = ctx.services();
  return new LogWitnessing(s.workspace, s.ledger);
};

function keysOption(ctx: CommandContext, values: unknown): ReturnType<typeof parseVerifierKey>[] {
  void ctx;
  const list = values === undefined ? [] : (Array.isArray(values) ? values : [values]).map(String);
  return list.map((k) => parseVerifierKey(k));
}

function describeStatus(s: WitnessingStatus): string {
  if (s.policy === null) return 'No witness policy set (affix ledger witness-policy FILE).';
  return [
    `Quorum: ${s.quorum}`,
    'Witnesses:',
    ...s.witnesses.map((w) => `  ${w.name}  ${w.verifierKey}${w.url ? `  ${w.url}` : '  (file exchange)'}  last cosigned size ${w.lastSize ?? 'none'}`),
    s.latest
      ? `Latest checkpoint: size ${s.latest.size}, cosigned by ${s.latest.cosignedBy.join(', ') || 'nobody'}; policy ${s.latest.satisfied ? 'met' : 'NOT met'}`
      : 'No checkpoint yet.',
    `Pending: ${s.pending.join(', ') || 'none'}`,
    ...s.checkpoints.map((c) => `  size ${c.size}: ${c.cosignedBy.join(', ')}`),
  ].join('\n');
}

const onlineLine = (r: OnlineResult): string => (r.ok ? `${r.witness}: cosigned size ${r.size}` : `${r.witness}: not cosigned — ${printable(r.reason)}`);

export const witnessCommands = [
  defineCommand({
    name: 'witness init',
    summary: "Create this install's witness key (Ed25519 cosignature/v1); prints its verifier key last.",
    usage: '--name NAME',
    options: { name: { type: 'string', description: 'the witness key name, e.g. court.example/witness', valueName: 'NAME' }, ...passphraseOption },
    run: (ctx, args) => {
      const r = witnessService(ctx, true).init(requireString(args, 'name'));
      ctx.print(r, () => `Witness ${r.name} created. Give logs this verifier key:\n${r.verifierKey}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'witness add-log',
    summary: 'Pin a log this witness will cosign: its origin and checkpoint verifier key.',
    usage: '--origin ORIGIN --key VKEY',
    options: {
      origin: { type: 'string', description: "the log's origin line", valueName: 'ORIGIN' },
      key: { type: 'string', description: 'the log\'s verifier key (from "affix ledger pubkey")', valueName: 'VKEY' },
    },
    run: (ctx, args) => {
      const w = witnessService(ctx);
      if (!w.key()) throw new UsageError('this workspace runs no witness yet: run "affix witness init --name NAME" first');
      const log = w.addLog(requireString(args, 'origin'), requireString(args, 'key'));
      ctx.print(log, () => `Witnessing ${log.origin} (key ${log.logKey}); last cosigned size ${log.size}.`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'witness list',
    summary: 'The logs this witness witnesses, their last cosigned sizes, refusals and equivocation evidence.',
    run: (ctx) => {
      const l = witnessService(ctx).list();
      ctx.print(l, () =>
        [
          `Witness: ${l.witness ?? 'none (affix witness init --name NAME)'}`,
          ...l.logs.map(
            (g) =>
              `  ${printable(g.origin)}  size ${g.size}${g.rootHash ? `  root ${g.rootHash}` : ''}  ${g.updatedAt ?? 'never cosigned'}  refusals ${g.refusals}`,
          ),
          ...(l.refusals.length ? ['Refused checkpoints (evidence):'] : []),
          ...l.refusals.map(
            (r) => `  ${r.at}  ${printable(r.origin)} size ${r.size}  ${r.status}${r.equivocation ? '  EQUIVOCATION' : ''}  ${printable(r.reason)}`,
          ),
        ].join('\n'),
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'witness cosign',
    summary: 'Answer a tlog-witness request file (air-gapped exchange): writes the cosignature lines.',
    usage: 'REQUEST -o RESPONSE',
    positionals: { min: 1, max: 1, names: 'REQUEST' },
    options: { output: { type: 'string', short: 'o', description: 'the response file to write (only when cosigned)', valueName: 'FILE' }, ...passphraseOption },
    details:
      'Exit 0 cosigned; 1 refused (403 not signed by the pinned key, 404 unknown log, 409 stale old size — the current size is printed, 422 inconsistent: kept as evidence); 2 malformed request.',
    run: (ctx, args) => {
      const output = requireString(args, 'output');
      const body = readSmallText(args.positionals[0], 'request', WITNESS_FILE_LIMITS.request);
      const a = witnessService(ctx).addCheckpoint(body);
      if (a.status === 200) writeFileAtomic(output, a.body);
      const v = answerView(a);
      ctx.print({ ...v, output: a.status === 200 ? output : null }, () =>
        a.status === 200
          ? `Cosigned ${printable(a.origin ?? '')} at size ${a.size}; wrote ${output}`
          : v.currentSize !== null
            ? `Refused (409): this witness last cosigned size ${v.currentSize} of ${printable(a.origin ?? '')}; ask for a request made with --old ${v.currentSize}.`
            : `Refused (${a.status}): ${printable(a.reason)}`,
      );
      return a.status === 200 ? EXIT.OK : a.status === 400 ? EXIT.BAD_INPUT : EXIT.VERIFICATION_FAILED;
    },
  }),
  defineCommand({
    name: 'witness serve',
    summary: 'Run the C2SP tlog-witness HTTP API (POST /add-checkpoint) until interrupted.',
    usage: '[--listen HOST:PORT] [--allow-remote]',
    options: {
      listen: { type: 'string', description: 'address to listen on (default 127.0.0.1:7380)', valueName: 'HOST:PORT' },
      'allow-remote': { type: 'boolean', description: 'allow a non-loopback address (normally a bastion sits in front)' },
      ...passphraseOption,
    },
    run: async (ctx, args) => {
      const { host, port } = parseListen(optionalString(args, 'listen') ?? '127.0.0.1:7380');
      const w = witnessService(ctx);
      if (!w.key()) throw new UsageError('this workspace runs no witness yet: run "affix witness init --name NAME" first');
      w.addCheckpoints([]); // unwraps the key now, so a key problem shows before listening
      const server = new WitnessServer(w, {
        host,
        port,
        allowRemote: args.values['allow-remote'] === true,
        onAnswer: ctx.json
          ? undefined
          : (a, remote) =>
              ctx.err(
                `${new Date().toISOString()} ${remote} ${a.status} ${printable(a.origin ?? '')} ${a.size ?? ''} ${a.status === 200 ? '' : printable(a.reason)}`,
              ),
      });
      const at = await server.listen();
      ctx.print({ listening: at.url, witness: formatVerifierKey(w.key()!) }, () => `Witness ${w.key()!.name} listening on ${at.url}/add-checkpoint`);
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      return EXIT.OK;
    },
  }),
];

export const ledgerWitnessCommands = [
  defineCommand({
    name: 'ledger witness-policy',
    summary: "Set (FILE) or show the workspace's witness policy (C2SP tlog-policy: witnesses, groups, quorum).",
    usage: '[FILE]',
    positionals: { min: 0, max: 1, names: 'FILE' },
    details:
      'Lines: "witness NAME VKEY [URL]", "group NAME all|any|K MEMBER…", "quorum NAME|none". Witnesses with a URL are reached online; the others by request/response files.',
    run: (ctx, args) => {
      const lw = logWitnessing(ctx);
      const s = args.positionals[0] ? lw.setPolicy(readSmallText(args.positionals[0], 'witness policy', WITNESS_FILE_LIMITS.policy)) : lw.status();
      ctx.print(s, () => describeStatus(s));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger witnesses',
    summary: 'Witnesses of the policy, cosignatures per checkpoint, and pending requests.',
    run: (ctx) => {
      const s = logWitnessing(ctx).status();
      ctx.print(s, () => describeStatus(s));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger witness-request',
    summary: 'Write a tlog-witness add-checkpoint request for the latest checkpoint (for file exchange).',
    usage: '[--old N | --witness NAME] -o REQUEST',
    options: {
      old: { type: 'string', description: 'the size the witness last cosigned (default: what this node knows of it, else 0)', valueName: 'N' },
      witness: { type: 'string', description: 'a witness of the policy (by name or verifier key), for its last size', valueName: 'NAME' },
      output: { type: 'string', short: 'o', description: 'the request file to write', valueName: 'FILE' },
      ...passphraseOption,
    },
    run: (ctx, args) => {
      const output = requireString(args, 'output');
      const r = logWitnessing(ctx).request({ old: optionalInt(args, 'old'), witness: optionalString(args, 'witness') });
      writeFileAtomic(output, r.body);
      ctx.print({ path: output, oldSize: r.oldSize, size: r.size }, () => `Wrote ${output}: checkpoint of size ${r.size}, consistency from size ${r.oldSize}.`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger add-cosignature',
    summary: 'Check and store the cosignature lines of a witness response file.',
    usage: 'RESPONSE [--witness-key VKEY…]',
    positionals: { min: 1, max: 1, names: 'RESPONSE' },
    options: { 'witness-key': { type: 'string', multiple: true, description: "accept this witness key too (besides the policy's)", valueName: 'VKEY' } },
    details: 'Exit 1 when a line by a known witness does not verify over any recent checkpoint; 2 when the file is not a response.',
    run: async (ctx, args) => {
      const r = await logWitnessing(ctx).addCosignatures(
        readSmallText(args.positionals[0], 'response', WITNESS_FILE_LIMITS.response),
        keysOption(ctx, args.values['witness-key']),
      );
      ctx.print(r, () => `Stored cosignatures by ${r.witnesses.join(', ')} for the checkpoint of size ${r.size}.`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger witness',
    summary: 'Send the latest checkpoint to witnesses online (one --url, or every policy witness with a URL).',
    usage: '[--url URL --witness-key VKEY | --witness NAME]',
    options: {
      url: { type: 'string', description: "the witness's submission prefix, e.g. http://127.0.0.1:7380", valueName: 'URL' },
      'witness-key': { type: 'string', description: "the witness's verifier key (with --url, when it is not in the policy)", valueName: 'VKEY' },
      witness: { type: 'string', description: 'a policy witness by name (its URL from the policy unless --url)', valueName: 'NAME' },
      ...passphraseOption,
    },
    details: 'Exit 0 when every witness asked cosigned; 1 when one refused or was unreachable (its request stays pending for file exchange).',
    run: async (ctx, args) => {
      const lw = logWitnessing(ctx);
      const url = optionalString(args, 'url');
      const name = optionalString(args, 'witness');
      const keyText = optionalString(args, 'witness-key');
      let results: OnlineResult[];
      if (url || name) {
        const w = name ? lw.witnesses().find((x) => x.name === name) : keyText ? undefined : lw.witnesses().find((x) => x.url === url);
        const key = keyText ? parseVerifierKey(keyText) : w?.key;
        if (!key)
          throw new UsageError(
            name ? `"${name}" is not a witness of the policy` : 'give --witness-key VKEY (or --witness NAME of a policy witness) to check the cosignature',
          );
        const target = url ?? w?.url;
        if (!target) throw new UsageError(`witness ${name} has no URL in the policy; give --url`);
        results = [await lw.witnessOnline(target, w ?? key)];
      } else {
        results = await lw.witnessReachable();
        if (results.length === 0)
          throw new UsageError('no policy witness has a URL; give --url URL --witness-key VKEY, or exchange files (ledger witness-request)');
      }
      const s = lw.status();
      ctx.print({ results, status: s }, () => [...results.map(onlineLine), describeStatus(s)].join('\n'));
      return results.every((r) => r.ok) ? EXIT.OK : EXIT.VERIFICATION_FAILED;
    },
  }),
];
