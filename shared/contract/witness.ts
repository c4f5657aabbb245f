/**
 * Consortium witnessing in the window (c2sp.org/tlog-witness), both roles:
 * `witness.*` runs this install as a witness for other parties' logs (its
 * key, the logs it pins, what it cosigned and what it refused), and the
 * `ledger.witness*` methods (ledger.ts) get this node's checkpoints cosigned.
 * Request and response files travel through chosen-file handles only.
 */
import { z } from 'zod';
import { method } from './define';
import { FileHandleSchema } from './files';

const Size = z.number().int().nonnegative();

/** What a witness's answer means (main/services/usecases/witness/witness-service.ts). */
export const WitnessAnswerKindSchema = z.enum([
  'cosigned',
  'malformed',
  'bad-signature',
  'unknown-log',
  'stale',
  'equivocation',
  'fork',
  'invalid-proof',
  'unrecorded',
]);
export type WitnessAnswerKind = z.infer<typeof WitnessAnswerKindSchema>;

export const WitnessedLogSchema = z.object({
  origin: z.string(),
  logKey: z.string(),
  /** The size this witness last cosigned (0: never). */
  size: Size,
  /** Base64 root hash of that checkpoint. */
  rootHash: z.string().nullable(),
  updatedAt: z.string().nullable(),
  refusals: Size,
});

export const WitnessRefusalSchema = z.object({
  origin: z.string(),
  status: z.number().int(),
  /** Null for refusals recorded before kinds were kept. */
  kind: WitnessAnswerKindSchema.nullable(),
  /** The witness's reason in English (for logs; the window words it from `kind`). */
  reason: z.string(),
  size: Size,
  equivocation: z.boolean(),
  /** The refused checkpoint, verbatim: the evidence. */
  note: z.string(),
  at: z.string(),
});

export const WitnessStatusSchema = z.object({
  /** This install's witness key, or null when it runs no witness. */
  witness: z.object({ name: z.string(), verifierKey: z.string() }).nullable(),
  logs: z.array(WitnessedLogSchema),
  /** Newest first, at most 100. */
  refusals: z.array(WitnessRefusalSchema),
});
export type WitnessStatus = z.infer<typeof WitnessStatusSchema>;

export const WitnessAnswerSchema = z.object({
  status: z.union([z.literal(200), z.literal(400), z.literal(403), z.literal(404), z.literal(409), z.literal(422), z.literal(500)]),
  kind: WitnessAnswerKindSchema,
  reason: z.string(),
  origin: z.string().nullable(),
  size: Size.nullable(),
  /** With 409: the size this witness last cosigned. */
  currentSize: Size.nullable(),
  /** The response file written (only when cosigned). */
  written: z.string().nullable(),
});
export type WitnessAnswerView = z.infer<typeof WitnessAnswerSchema>;

/** A witness key name (signed-note key name): no spaces or "+". */
const KeyName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^\s+]+$/, 'a witness name has no spaces or "+", e.g. court.example/witness');

export const witnessContract = {
  status: method(
    z.object({}).strict(),
    WitnessStatusSchema,
    "This install's witness: its key, the logs it witnesses, and the checkpoints it refused (evidence).",
  ),
  init: method(
    z.object({ name: KeyName }).strict(),
    z.object({ name: z.string(), verifierKey: z.string() }),
    'Create the witness key (Ed25519 cosignature/v1) under a name; refused when one exists.',
  ),
  addLog: method(
    z
      .object({
        origin: z.string().min(1).max(1024),
        logKey: z.string().min(1).max(1000),
      })
      .strict(),
    WitnessedLogSchema,
    "Pin a log to witness: its origin and Ed25519 checkpoint verifier key (the log's `ledger pubkey`).",
  ),
  cosign: method(
    z.object({ request: FileHandleSchema, response: FileHandleSchema }).strict(),
    WitnessAnswerSchema,
    'Answer a tlog-witness request file (air-gapped exchange): the response file is written only when cosigned.',
  ),
} as const;
