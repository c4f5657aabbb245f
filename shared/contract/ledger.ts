import { z } from 'zod';
import { LEDGER_ENTRY_TYPES } from '../ledger/entry-types';
import { method } from './define';
import { Sha256HexSchema } from './documents';
import { FileHandleSchema } from './files';
import { JobStartedSchema } from './job-id';

const Index = z.number().int().nonnegative();
const Hex = z.string().regex(/^[0-9a-f]*$/, 'expected lowercase hex');

export const LedgerEntryTypeSchema = z.enum(LEDGER_ENTRY_TYPES);

export const LedgerStatusSchema = z.object({
  /** The log's name in every checkpoint, e.g. affix.local/acme-trading/3f2a9c1b. */
  origin: z.string(),
  /** The node's signed-note verifier key (name+keyid+base64key). */
  verifierKey: z.string(),
  size: Index,
  rootHash: Sha256HexSchema,
  checkpointSize: Index.nullable(),
  checkpointAt: z.string().nullable(),
  /** Why the last automatic checkpoint failed, if it did. */
  checkpointError: z.string().nullable(),
});
export type LedgerStatus = z.infer<typeof LedgerStatusSchema>;

export const LedgerEntryViewSchema = z.object({
  index: Index,
  leafHash: Sha256HexSchema,
  type: z.string(),
  time: z.string(),
  actorKeyId: z.string().nullable(),
  subjects: z.array(Sha256HexSchema),
  commitments: z.array(Hex),
  refs: z.record(z.string(), z.string()),
  /** The canonical entry bytes, base64 (what the leaf hash is computed over). */
  bytes: z.string(),
  /**
   * What the workspace's records call the entry's subjects and references, in
   * words (a document's name for its version's digest or its id, a seal's or
   * an organisation's name). Keys are subject digests and ref keys; absent
   * where the workspace knows nothing. Read from the records, never stored in
   * the ledger, which holds no names.
   */
  names: z.object({ subjects: z.record(z.string(), z.string()), refs: z.record(z.string(), z.string()) }).optional(),
});
export type LedgerEntryView = z.infer<typeof LedgerEntryViewSchema>;

export const LedgerCheckpointSchema = z.object({
  size: Index,
  rootHash: Sha256HexSchema,
  /** The C2SP signed note, exactly as issued. */
  note: z.string(),
  signedAt: z.string(),
});

export const AuditReportSchema = z.object({
  ok: z.boolean(),
  entries: Index,
  checkpointsChecked: Index,
  latestCheckpointSize: Index.nullable(),
  firstBadIndex: Index.nullable(),
  problemCount: Index,
  problems: z.array(z.object({ index: Index.nullable(), rangeEnd: Index.optional(), message: z.string() })),
});

export const ProofVerdictSchema = z.union([
  z.object({
    ok: z.literal(true),
    index: Index,
    treeSize: Index,
    origin: z.string(),
    rootHash: Sha256HexSchema,
    leafHash: Sha256HexSchema,
    entryType: z.string().nullable(),
    subjects: z.array(Sha256HexSchema),
    witnesses: z.array(z.string()),
  }),
  z.object({ ok: z.literal(false), reason: z.string() }),
]);

/** The workspace's witness policy and the cosignatures its checkpoints have (main/services/usecases/witness/log-witnessing.ts). */
export const WitnessingStatusSchema = z.object({
  /** The C2SP tlog-policy text, or null when none is set. */
  policy: z.string().nullable(),
  quorum: z.string().nullable(),
  witnesses: z.array(z.object({ name: z.string(), verifierKey: z.string(), url: z.string().nullable(), lastSize: Index.nullable() })),
  groups: z.array(z.object({ name: z.string(), threshold: z.number().int().positive(), members: z.array(z.string()) })),
  latest: z.object({ size: Index, cosignedBy: z.array(z.string()), satisfied: z.boolean() }).nullable(),
  /** Policy witnesses that have not cosigned the latest checkpoint. */
  pending: z.array(z.string()),
  /** Checkpoints with cosignatures, newest first. */
  checkpoints: z.array(z.object({ size: Index, cosignedBy: z.array(z.string()), satisfied: z.boolean() })),
});
export type WitnessingStatus = z.infer<typeof WitnessingStatusSchema>;

export const OnlineWitnessResultSchema = z.object({
  witness: z.string(),
  url: z.string(),
  ok: z.boolean(),
  outcome: z.enum(['cosigned', 'unreachable', 'refused', 'rolled-back', 'bad-response']),
  httpStatus: z.number().int().nullable(),
  size: Index.nullable(),
  /** In English, for details; the window words the outcome. */
  reason: z.string(),
});

export const ledgerContract = {
  status: method(z.object({}).strict(), LedgerStatusSchema.nullable(), 'The ledger node: origin, key, tree size, latest checkpoint (null before setup).'),
  entries: method(
    z.object({ from: Index.optional(), limit: z.number().int().min(1).max(1000).optional() }).strict(),
    z.object({ total: Index, entries: z.array(LedgerEntryViewSchema) }),
    'Ledger entries in log order, from index `from` (default 0), at most `limit` (default 100).',
  ),
  checkpoints: method(
    z.object({ limit: z.number().int().min(1).max(1000).optional(), beforeSize: Index.optional() }).strict(),
    z.array(LedgerCheckpointSchema),
    'Signed checkpoints, newest first.',
  ),
  checkpoint: method(
    z.object({}).strict(),
    LedgerCheckpointSchema.extend({ created: z.boolean() }),
    'Sign a checkpoint of the current tree now (returns the latest when nothing was appended since).',
  ),
  append: method(
    z
      .object({
        type: LedgerEntryTypeSchema,
        subjects: z.array(Sha256HexSchema).min(1).max(64),
        commitments: z.array(Hex).max(64).optional(),
        actorKeyId: z.string().min(1).max(255).optional(),
        refs: z.record(z.string(), z.string()).optional(),
      })
      .strict(),
    z.object({ index: Index, leafHash: Sha256HexSchema }),
    'Append one entry (hashes and commitments only, never personal data).',
  ),
  pubkey: method(
    z.object({}).strict(),
    z.object({ origin: z.string(), verifierKey: z.string() }),
    "The node's verifier key in signed-note form (name+keyid+base64key).",
  ),
  prove: method(
    z.object({ index: Index, size: Index.optional() }).strict(),
    z.object({ proof: z.string(), index: Index, size: Index, leafHash: Sha256HexSchema, hashes: Index }),
    'A C2SP tlog-proof of entry `index` against the latest checkpoint, or the one of `size`.',
  ),
  consistency: method(
    z.object({ from: Index, to: Index.optional() }).strict(),
    z.object({ proof: z.string(), from: Index, to: Index, oldRoot: Sha256HexSchema, newRoot: Sha256HexSchema }),
    'An RFC 9162 consistency proof from tree size `from` to the checkpoint of size `to` (default: the latest).',
  ),
  verify: method(z.object({}).strict(), AuditReportSchema, 'Full audit: recompute the tree from the entries and check every checkpoint.'),
  verifyStart: method(
    z.object({}).strict(),
    JobStartedSchema,
    'Start the full audit as a job (progress in entries, cancellable; jobs.get gives the same report as verify), over the ledger as it is now.',
  ),
  verifyProof: method(
    z
      .object({
        proof: z
          .string()
          .min(1)
          .max(1 << 20),
        verifierKey: z.string().min(1).max(1000),
        policy: z
          .string()
          .max(1 << 16)
          .optional(),
      })
      .strict(),
    ProofVerdictSchema,
    'Verify a tlog-proof offline against a log verifier key and optional witness policy (shared verifier).',
  ),
  witnesses: method(
    z.object({}).strict(),
    WitnessingStatusSchema,
    "The workspace's witness policy, the cosignatures per checkpoint, whether the policy is met, and which witnesses are pending.",
  ),
  setWitnessPolicy: method(
    z.object({ file: FileHandleSchema }).strict(),
    WitnessingStatusSchema,
    'Set the witness policy (C2SP tlog-policy: witnesses, k-of-n groups, quorum) from a chosen file.',
  ),
  writeWitnessRequest: method(
    z.object({ target: FileHandleSchema, witness: z.string().min(1).max(1000).optional() }).strict(),
    z.object({ name: z.string(), oldSize: Index, size: Index }),
    'Write the tlog-witness add-checkpoint request for the latest checkpoint to a chosen file (from the size `witness` last cosigned).',
  ),
  addCosignatures: method(
    z.object({ file: FileHandleSchema }).strict(),
    z.object({ size: Index, witnesses: z.array(z.string()) }),
    "Check and store the cosignatures of a witness's response file.",
  ),
  witnessOnline: method(
    z.object({}).strict(),
    z.object({ results: z.array(OnlineWitnessResultSchema) }),
    'Send the latest checkpoint to every policy witness with a URL; the others stay pending for file exchange.',
  ),
} as const;
