/**
 * Time-stamping (RFC 3161) from the window: the TSA this workspace signs and
 * timestamps its checkpoints with (Settings), and this install as a
 * time-stamping authority (the Time-stamps page). Query and reply files move
 * through the main process's dialogs as handles, never paths.
 */
import { z } from 'zod';
import { method } from './define';
import { FileHandleSchema } from './files';
import { OrgIdSchema } from './org';

/** An absolute http:// or https:// URL (the only ways RFC 3161 §3.4 is spoken here). */
export const TsaUrlSchema = z
  .string()
  .trim()
  .min(1, 'give the TSA URL')
  .max(2048, 'the TSA URL is longer than 2048 characters')
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'the TSA URL must be an http:// or https:// address');

export const TsaIdSchema = z.string().regex(/^tsa-[0-9a-f-]{36}$/, 'expected a TSA id (tsa-…)');

/** Asked only when the main process says it needs it (BAD_SECRET with needs). */
const OptionalPassphrase = z.string().min(1).max(1024).optional();

export const TsaUrlStateSchema = z.object({ url: z.string().nullable() });

export const TsaProbeSchema = z.object({
  url: z.string(),
  /** The time the TSA put in the token it granted for a throwaway digest. */
  genTime: z.string(),
  /** How long the round trip took. */
  millis: z.number().int().nonnegative(),
});

export const TimeStampingAuthoritySchema = z.object({
  id: TsaIdSchema,
  name: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  certSerial: z.string(),
  policy: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  /** Whether its certificate is valid now (the main process's clock): an expired TSA's tokens prove nothing new. */
  expired: z.boolean(),
  tokensIssued: z.number().int().nonnegative(),
  createdAt: z.string(),
});
export type TimeStampingAuthority = z.infer<typeof TimeStampingAuthoritySchema>;

export const StampResultSchema = z.object({ serial: z.string(), genTime: z.string(), ledgerIndex: z.number().int().nonnegative(), reply: z.string() });

export const CheckpointTimestampSchema = z.object({
  size: z.number().int().nonnegative(),
  genTime: z.string(),
  tsaUrl: z.string(),
  tokenBytes: z.number().int().nonnegative(),
});
export type CheckpointTimestampView = z.infer<typeof CheckpointTimestampSchema>;

export const DocumentLtvResultSchema = z.object({
  documentId: z.string(),
  /** The new version's digest. */
  sha256: z.string(),
  versions: z.number().int().positive(),
  /** The document timestamp's signature field. */
  field: z.string(),
  dss: z.object({ certs: z.number().int().nonnegative(), crls: z.number().int().nonnegative() }),
  /** Document timestamps in the new version: 1 after the first, one more per renewal. */
  documentTimestamps: z.number().int().positive(),
  tsaUrl: z.string(),
});
export type DocumentLtvResult = z.infer<typeof DocumentLtvResultSchema>;

export const timestampsContract = {
  tsaUrl: method(z.object({}).strict(), TsaUrlStateSchema, 'The TSA this workspace signs with (PAdES B-T) and timestamps checkpoints with; null when none.'),
  setTsaUrl: method(
    z.object({ url: TsaUrlSchema.nullable() }).strict(),
    TsaUrlStateSchema,
    'Set the TSA URL (http or https), or clear it with null: signatures are then PAdES B-B.',
  ),
  testTsaUrl: method(
    z.object({ url: TsaUrlSchema.optional() }).strict(),
    TsaProbeSchema,
    'Ask a TSA (the given URL, else the configured one) to timestamp a throwaway digest, to see that it answers.',
  ),
  authorities: method(
    z.object({}).strict(),
    z.array(TimeStampingAuthoritySchema),
    'The time-stamping authorities this workspace runs, with how many tokens each issued.',
  ),
  createAuthority: method(
    z
      .object({
        name: z.string().trim().min(1, 'give the TSA a name').max(200),
        orgId: OrgIdSchema.optional(),
        oid: z
          .string()
          .regex(/^[0-2](\.(0|[1-9]\d{0,8}))+$/, 'the policy must be an OID such as 0.4.0.2023.1.1')
          .optional(),
        passphrase: OptionalPassphrase,
      })
      .strict(),
    TimeStampingAuthoritySchema,
    "Create a time-stamping authority: a certificate with the critical timeStamping EKU from the organisation's issuing CA.",
  ),
  stamp: method(
    z.object({ tsaId: TsaIdSchema, query: FileHandleSchema, reply: FileHandleSchema, passphrase: OptionalPassphrase }).strict(),
    StampResultSchema,
    'Answer one time-stamp query file (.tsq, chosen in the open dialog) into a reply file (.tsr, chosen in the save dialog): the air-gapped TSA.',
  ),
  timestampCheckpoint: method(
    z.object({}).strict(),
    CheckpointTimestampSchema.extend({ created: z.boolean() }),
    "Have the configured TSA timestamp the ledger's latest checkpoint (signed first if needed).",
  ),
  checkpointTimestamps: method(z.object({}).strict(), z.array(CheckpointTimestampSchema), 'Every timestamped checkpoint, smallest tree first.'),
  addLtv: method(
    z.object({ documentId: z.string().min(1).max(100) }).strict(),
    DocumentLtvResultSchema,
    "Long-term validation of a document's newest version (PAdES B-LT then B-LTA): a DSS with every certificate and the workspace's newest CRLs, then a document timestamp from the configured TSA, recorded as the next version. Again later, it renews.",
  ),
} as const;
