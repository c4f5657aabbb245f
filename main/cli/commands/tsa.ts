import { readFileSync } from 'node:fs';
import { badInput } from '../../../shared/errors/affix-error';
import { writeFileAtomic } from '../../services/core/fs/atomic-write';
import { startTsaServer } from '../../services/usecases/tsa/tsa-http';
import { tsaServiceOf } from '../../services/usecases/tsa/tsa-of';
import { setTsaUrlSetting, tsaUrlSetting } from '../../services/usecases/tsa/tsa-settings';
import { checkpointTimestamps, timestampLatestCheckpoint } from '../../services/usecases/tsa/checkpoint-timestamps';
import { checkCheckpointTimestamps, provenTimeOf } from '../../../shared/proof/checkpoint-time';
import { openCheckpoint } from '../../../shared/ledger/checkpoint';
import { parseCertificates } from '../../../shared/verify/certificate';
import { optionalInt } from '../command';
import { defineCommand, optionalString, requireString, UsageError, type ParsedArgs } from '../command';
import { EXIT } from '../exit-status';
import { passphraseOption, workspacePassphrase } from './workspace-passphrase';

function listenAddress(args: ParsedArgs): { host: string; port: number } {
  const v = optionalString(args, 'listen') ?? '127.0.0.1:3161';
  const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(v);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new UsageError(`--listen must be HOST:PORT (e.g. 127.0.0.1:3161), got "${v}"`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

const tsaIdOption = { 'tsa-id': { type: 'string', description: 'the TSA (id or name) when the workspace runs several', valueName: 'ID' } } as const;

export const tsaCommands = [
  defineCommand({
    name: 'tsa init',
    summary: "Create a time-stamping authority (RFC 3161): a certificate with the critical timeStamping EKU from the organisation's CA.",
    usage: '--name NAME [--org ORG_ID] [--policy OID] [-o TSA.pem] [--chain-out CHAIN.pem]',
    options: {
      name: { type: 'string', description: "the TSA's name (its certificate's CN)", valueName: 'NAME' },
      org: { type: 'string', description: 'the issuing organisation (default: the only one)', valueName: 'ORG_ID' },
      policy: { type: 'string', description: 'TSA policy OID (default 0.4.0.2023.1.1, ETSI EN 319 421 BTSP)', valueName: 'OID' },
      out: { type: 'string', short: 'o', description: 'write the TSA certificate (PEM) here', valueName: 'FILE' },
      'chain-out': { type: 'string', description: 'write its issuers (PEM, issuing CA then root) here', valueName: 'FILE' },
      ...passphraseOption,
    },
    run: async (ctx, args) => {
      const tsa = await tsaServiceOf(ctx.services()).init({
        name: requireString(args, 'name'),
        orgId: optionalString(args, 'org'),
        policy: optionalString(args, 'policy'),
        passphrase: workspacePassphrase(ctx, args),
      });
      const out = optionalString(args, 'out');
      const chainOut = optionalString(args, 'chain-out');
      if (out) writeFileAtomic(out, tsa.certificatePem);
      if (chainOut) writeFileAtomic(chainOut, tsa.chainPem.join(''));
      ctx.print(tsa, () =>
        [
          `TSA ${tsa.id} "${tsa.name}"`,
          `  certificate ${tsa.certSerial} (${tsa.notBefore} … ${tsa.notAfter})`,
          `  policy      ${tsa.policy}`,
          ...(out ? [`  written to  ${out}`] : []),
        ].join('\n'),
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'tsa show',
    summary: 'Show a TSA and optionally write its certificate and chain as PEM.',
    usage: '[--tsa-id ID] [-o TSA.pem] [--chain-out CHAIN.pem]',
    options: {
      ...tsaIdOption,
      out: { type: 'string', short: 'o', description: 'write the TSA certificate (PEM) here', valueName: 'FILE' },
      'chain-out': { type: 'string', description: 'write its issuers (PEM) here', valueName: 'FILE' },
    },
    run: (ctx, args) => {
      const tsa = tsaServiceOf(ctx.services()).get(optionalString(args, 'tsa-id'));
      const out = optionalString(args, 'out');
      const chainOut = optionalString(args, 'chain-out');
      if (out) writeFileAtomic(out, tsa.certificatePem);
      if (chainOut) writeFileAtomic(chainOut, tsa.chainPem.join(''));
      ctx.print(tsa, () => `TSA ${tsa.id} "${tsa.name}", certificate ${tsa.certSerial}, policy ${tsa.policy}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'tsa serve',
    summary: 'Serve RFC 3161 time-stamp queries over HTTP (POST /, application/timestamp-query) until interrupted.',
    usage: '[--listen HOST:PORT] [--tsa-id ID]',
    options: {
      listen: { type: 'string', description: 'address to listen on (default 127.0.0.1:3161; loopback unless you name another host)', valueName: 'HOST:PORT' },
      ...tsaIdOption,
      ...passphraseOption,
    },
    details: "Every token is anchored on this workspace's ledger before its reply is sent. Stops on SIGINT or SIGTERM.",
    run: async (ctx, args) => {
      const listen = listenAddress(args);
      const engine = tsaServiceOf(ctx.services()).open(optionalString(args, 'tsa-id'), workspacePassphrase(ctx, args));
      const server = await startTsaServer(engine, listen);
      ctx.err(`TSA listening on ${server.url}`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await server.close();
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'tsa url',
    summary: 'Show or set the TSA this workspace signs with (PAdES B-T for signing-order steps and "Sign now").',
    usage: '[URL | --clear]',
    positionals: { min: 0, max: 1, names: 'URL' },
    options: { clear: { type: 'boolean', description: 'sign without a timestamp again (PAdES B-B)' } },
    run: (ctx, args) => {
      const ws = ctx.services().workspace;
      if (args.values.clear === true && args.positionals.length) throw new UsageError('give a URL or --clear, not both');
      if (args.values.clear === true) setTsaUrlSetting(ws, null);
      else if (args.positionals[0]) setTsaUrlSetting(ws, args.positionals[0]);
      const url = tsaUrlSetting(ws) ?? null;
      ctx.print({ url }, () => (url ? `TSA: ${url}` : 'No TSA: signatures are PAdES B-B (no timestamp).'));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger timestamp',
    summary: "Have a TSA timestamp the ledger's latest checkpoint (one token covers every entry it includes).",
    usage: '[--tsa URL]',
    options: { tsa: { type: 'string', description: 'RFC 3161 TSA (default: the workspace\'s, "affix tsa url")', valueName: 'URL' } },
    run: async (ctx, args) => {
      const s = ctx.services();
      const url = optionalString(args, 'tsa') ?? tsaUrlSetting(s.workspace);
      if (!url) throw new UsageError('no TSA: give --tsa URL or set one with "affix tsa url URL"');
      const t = await timestampLatestCheckpoint(s, url);
      ctx.print(
        { size: t.size, genTime: t.genTime, tsaUrl: t.tsaUrl, created: t.created },
        () => `Checkpoint of size ${t.size} timestamped at ${t.genTime} by ${t.tsaUrl}${t.created ? '' : ' (already)'}`,
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger proven-time',
    summary: 'When entry INDEX is proven to have existed: the earliest timestamped checkpoint that includes it.',
    usage: '--index N',
    options: { index: { type: 'string', description: 'the ledger entry', valueName: 'N' } },
    details:
      "Each checkpoint is checked against the node key and each token against the workspace's trust anchors. Exit 3 when no timestamped checkpoint proves the entry (its time is then only the node's claim).",
    run: async (ctx, args) => {
      const index = optionalInt(args, 'index');
      if (index === undefined) throw new UsageError('missing required option --index');
      const s = ctx.services();
      const node = s.ledger.node();
      if (!node) throw new UsageError('this workspace has no ledger node');
      const stored = checkpointTimestamps(s);
      const signed = [];
      for (const c of stored) if ((await openCheckpoint(c.note, node.key)).ok) signed.push(c);
      const anchors = s.trust.anchors().flatMap((d) => parseCertificates(d));
      const proofs = await checkCheckpointTimestamps(signed, anchors);
      const proven = provenTimeOf(index, proofs);
      let claimed: string | undefined;
      try {
        claimed = s.ledger.entry(index).entry.time;
      } catch {
        throw new UsageError(`no ledger entry ${index}`);
      }
      const out = {
        index,
        provenTime: proven?.genTime.toISOString() ?? null,
        checkpointSize: proven?.checkpointSize ?? null,
        tsa: proven?.tsa ?? null,
        claimedTime: claimed ?? null,
      };
      ctx.print(out, () =>
        proven
          ? `Entry ${index} existed by ${proven.genTime.toISOString()}: the checkpoint of size ${proven.checkpointSize} that includes it was timestamped then by ${proven.tsa}.`
          : `Entry ${index}: no timestamped checkpoint includes it; its time is only the node's claim.`,
      );
      return proven ? EXIT.OK : EXIT.INDETERMINATE;
    },
  }),
  defineCommand({
    name: 'tsa stamp',
    summary: 'Answer one time-stamp query from a file (air-gapped TSA): QUERY.tsq → REPLY.tsr.',
    usage: 'QUERY.tsq -o REPLY.tsr [--tsa-id ID]',
    positionals: { min: 1, max: 1, names: 'QUERY.tsq' },
    options: {
      out: { type: 'string', short: 'o', description: 'where to write the TimeStampResp (DER)', valueName: 'REPLY.tsr' },
      ...tsaIdOption,
      ...passphraseOption,
    },
    details: 'Exit status 2 when the query is refused (the reason is printed; no reply file is written).',
    run: async (ctx, args) => {
      const output = requireString(args, 'out');
      let query: Buffer;
      try {
        query = readFileSync(args.positionals[0]);
      } catch (error) {
        throw badInput(`Cannot read the query ${args.positionals[0]}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      }
      const engine = tsaServiceOf(ctx.services()).open(optionalString(args, 'tsa-id'), workspacePassphrase(ctx, args));
      const r = await engine.stamp(query, args.positionals[0]);
      writeFileAtomic(output, r.reply);
      ctx.print(
        { serial: r.serial, genTime: r.genTime.toISOString(), ledgerIndex: r.ledgerIndex, output },
        () => `Time-stamp ${r.serial} at ${r.genTime.toISOString()} → ${output} (ledger entry ${r.ledgerIndex})`,
      );
      return EXIT.OK;
    },
  }),
];
