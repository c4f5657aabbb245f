import { readFileSync } from 'node:fs';
import { passphraseOption } from './workspace-passphrase';
import { appendFromFile } from '../../services/domain/ledger/append-from-file';
import { LEDGER_ENTRY_TYPES, type LedgerEntryType } from '../../../shared/ledger/entry-types';
import { defineCommand, optionalInt, optionalString, requireString, UsageError, type ParsedArgs } from '../command';
import { EXIT } from '../exit-status';
import { ledgerContract } from '../../../shared/contract/ledger';
import { ledgerHandlers } from '../../ipc/ledger-handlers';
import { FileHandles } from '../../services/files/file-handles';
import { fileError, fsProblem } from '../../services/core/fs/fs-errors';

const HEX64 = /^[0-9a-fA-F]{64}$/;

const list = (args: ParsedArgs, name: string): string[] => {
  const v = args.values[name];
  return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String);
};

function parseRefs(args: ParsedArgs): Record<string, string> | undefined {
  const refs: Record<string, string> = {};
  for (const r of list(args, 'ref')) {
    const eq = r.indexOf('=');
    if (eq <= 0) throw new UsageError(`--ref must be KEY=VALUE, got "${r}"`);
    refs[r.slice(0, eq)] = r.slice(eq + 1);
  }
  return Object.keys(refs).length ? refs : undefined;
}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw fileError(`Cannot read the ${what} ${path}: ${fsProblem(error)}`, path, error);
  }
}

export const ledgerCommands = [
  defineCommand({
    name: 'ledger append',
    summary: 'Append an entry to the ledger (hashes and commitments only).',
    services: ['ledger'],
    usage: '--type TYPE --hash HEX [--hash HEX…] [--commitment HEX…] [--actor KEYID] [--ref KEY=VALUE…] | --from FILE.jsonl',
    options: {
      from: {
        type: 'string',
        description:
          'append every entry of this file, one JSON object a line ({"type":…,"subjects":[…],"commitments":[…],"actorKeyId":…,"refs":{…}}), all or none',
        valueName: 'FILE.jsonl',
      },
      type: { type: 'string', description: `entry type: ${LEDGER_ENTRY_TYPES.join(', ')}`, valueName: 'TYPE' },
      hash: { type: 'string', multiple: true, description: 'subject SHA-256, 64 hex digits', valueName: 'HEX' },
      commitment: { type: 'string', multiple: true, description: 'salted/keyed commitment, 16..64 bytes of hex', valueName: 'HEX' },
      actor: { type: 'string', description: 'id of the key that acted', valueName: 'KEYID' },
      ref: { type: 'string', multiple: true, description: 'non-personal reference, e.g. documentId=…', valueName: 'KEY=VALUE' },
    },
    details: [
      'Prints the new entry\'s index and leaf hash once the entry is committed; with --json: {"index": N, "leafHash": "<hex>", …}.',
      'With --from: one transaction for the whole file, durable when it commits; a bad line exits 2 naming it, and nothing is appended.',
    ].join('\n'),
    run: async (ctx, args) => {
      const from = optionalString(args, 'from');
      if (from !== undefined) {
        const others = ['type', 'hash', 'commitment', 'actor', 'ref'].filter((o) => args.values[o] !== undefined);
        if (others.length) throw new UsageError(`--from takes its entries from the file; do not combine it with ${others.map((o) => `--${o}`).join(', ')}`);
        const s = ctx.services();
        const r = appendFromFile(s.ledger, s.workspace.db, from);
        ctx.print(r, () => (r.appended === 0 ? `No entries in ${from}` : `appended ${r.appended} entries, indexes ${r.first}..${r.last}`));
        return EXIT.OK;
      }
      const type = requireString(args, 'type');
      if (!(LEDGER_ENTRY_TYPES as readonly string[]).includes(type)) {
        throw new UsageError(`--type "${type}" is not one of: ${LEDGER_ENTRY_TYPES.join(', ')}`);
      }
      const subjects = list(args, 'hash');
      if (subjects.length === 0) throw new UsageError('missing required option --hash');
      for (const h of subjects) if (!HEX64.test(h)) throw new UsageError(`--hash "${h}" is not a SHA-256 (64 hex digits)`);
      const receipt = await ctx.serve('ledger.append', ledgerContract.append, (s) => ledgerHandlers(s, new FileHandles(null)).append, {
        type: type as LedgerEntryType,
        subjects: subjects.map((h) => h.toLowerCase()),
        commitments: list(args, 'commitment').map((c) => c.toLowerCase()),
        actorKeyId: optionalString(args, 'actor'),
        refs: parseRefs(args),
      });
      ctx.print({ ...receipt, type, subjects }, () => `index ${receipt.index}\nleaf  ${receipt.leafHash}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger checkpoint',
    summary: 'Sign a checkpoint of the current tree and print it (a C2SP signed note).',
    options: { ...passphraseOption },
    run: async (ctx) => {
      const cp = await ctx.call('ledger.checkpoint', {});
      ctx.print(cp, () => cp.note.replace(/\n$/, ''));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger prove',
    summary: 'Print a C2SP tlog-proof that an entry is in the log.',
    usage: '--index N [--size M]',
    options: {
      index: { type: 'string', description: 'entry index', valueName: 'N' },
      size: { type: 'string', description: 'prove against the checkpoint of this tree size (default: the latest)', valueName: 'M' },
    },
    run: async (ctx, args) => {
      const index = optionalInt(args, 'index');
      if (index === undefined) throw new UsageError('missing required option --index');
      const p = await ctx.call('ledger.prove', { index, size: optionalInt(args, 'size') });
      ctx.print(p, () => p.proof.replace(/\n$/, ''));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger consistency',
    summary: 'Print an RFC 9162 consistency proof between two tree sizes.',
    usage: '--from A [--to B]',
    options: {
      from: { type: 'string', description: 'older tree size', valueName: 'A' },
      to: { type: 'string', description: 'size of a signed checkpoint (default: the latest)', valueName: 'B' },
    },
    details: 'Output: "old A", the proof hashes (base64), a blank line, the signed checkpoint of size B.',
    run: async (ctx, args) => {
      const from = optionalInt(args, 'from');
      if (from === undefined) throw new UsageError('missing required option --from');
      const p = await ctx.call('ledger.consistency', { from, to: optionalInt(args, 'to') });
      ctx.print(p, () => p.proof.replace(/\n$/, ''));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger verify',
    summary: 'Audit the ledger: recompute the tree from the entries and check every checkpoint.',
    details: 'Exit 1 when anything was edited, deleted, inserted or reordered; the report names the first bad index.',
    run: async (ctx) => {
      const r = await ctx.call('ledger.verify', {});
      ctx.print(r, () =>
        r.ok
          ? `OK: ${r.entries} entries, ${r.checkpointsChecked} checkpoint(s) checked, latest checkpoint size ${r.latestCheckpointSize ?? 'none'}.`
          : [
              `FAILED: ${r.problemCount} problem(s); first bad index: ${r.firstBadIndex ?? 'n/a'}`,
              ...r.problems.map((p) => `  ${p.index === null ? '-' : `#${p.index}`}  ${p.message}`),
            ].join('\n'),
      );
      return r.ok ? EXIT.OK : EXIT.VERIFICATION_FAILED;
    },
  }),
  defineCommand({
    name: 'ledger show',
    summary: 'List ledger entries.',
    usage: '[--from N] [--limit K]',
    options: {
      from: { type: 'string', description: 'first index (default 0)', valueName: 'N' },
      limit: { type: 'string', description: 'how many (1..1000, default 100)', valueName: 'K' },
    },
    run: async (ctx, args) => {
      const limit = optionalInt(args, 'limit', 1);
      if (limit !== undefined && limit > 1000) throw new UsageError(`--limit must be at most 1000, got ${limit}`);
      const r = await ctx.call('ledger.entries', { from: optionalInt(args, 'from'), limit });
      ctx.print(r, () =>
        [
          `${r.total} entries`,
          ...r.entries.map((e) => `#${e.index}  ${e.time}  ${e.type}  ${e.subjects.map((s) => s.slice(0, 16)).join(',')}  leaf ${e.leafHash.slice(0, 16)}…`),
        ].join('\n'),
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger pubkey',
    summary: "Print the node's verifier key (name+keyid+base64key, last line).",
    run: async (ctx) => {
      const k = await ctx.call('ledger.pubkey', {});
      ctx.print(k, () => `origin ${k.origin}\n${k.verifierKey}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'ledger check-proof',
    summary: 'Verify a tlog-proof file offline against a verifier key (and optional witness policy).',
    usage: 'PROOF --key VKEY [--policy FILE]',
    positionals: { min: 1, max: 1, names: 'PROOF' },
    options: {
      key: { type: 'string', description: 'the log verifier key line (from "affix ledger pubkey")', valueName: 'VKEY' },
      policy: { type: 'string', description: 'C2SP tlog-policy file the cosignatures must satisfy', valueName: 'FILE' },
    },
    run: async (ctx, args) => {
      const proof = readText(args.positionals[0], 'proof');
      const policyPath = optionalString(args, 'policy');
      const v = await ctx.call('ledger.verifyProof', {
        proof,
        verifierKey: requireString(args, 'key'),
        policy: policyPath === undefined ? undefined : readText(policyPath, 'policy'),
      });
      ctx.print(v, () =>
        v.ok
          ? `OK: entry ${v.index} (${v.entryType ?? 'opaque'}) is in ${v.origin} at tree size ${v.treeSize}${v.witnesses.length ? `, cosigned by ${v.witnesses.join(', ')}` : ''}.`
          : `FAILED: ${v.reason}`,
      );
      return v.ok ? EXIT.OK : EXIT.VERIFICATION_FAILED;
    },
  }),
];
