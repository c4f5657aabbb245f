/**
 * Signing envelopes between organisations for the window (issue #15;
 * main/services/envelope). Files travel as bytes the window read from a
 * chosen or dropped file, and come back as bytes the window saves through
 * the save dialog: the main process is never handed a typed path.
 * (`envelope.ts` beside this file is the IPC result envelope, not this.)
 */
import { z } from 'zod';
import { method } from './define';
import { PassphraseSchema } from './identity';

const Usccish = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'expected an 18-character USCC');
const Fingerprint = z.string().regex(/^[0-9a-fA-F:\s]{64,100}$/, 'expected a SHA-256 fingerprint (64 hex digits)');
const Base64File = { name: z.string().min(1).max(255), base64: z.string().min(1) };
const DocumentId = z.string().min(1).max(200);
const OrgId = z.string().min(1).max(200).optional();

export const EnvelopeStatusSchema = z.enum(['open', 'declined', 'voided']);

const PartyViewSchema = z.object({ name: z.string(), uscc: z.string(), rootSha256: z.string(), safetyNumber: z.string() });

export const EnvelopeSummarySchema = z.object({
  envelopeId: z.string(),
  documentId: z.string(),
  sequence: z.number().int(),
  status: EnvelopeStatusSchema,
  reason: z.string().nullable(),
  initiator: z.object({ name: z.string(), uscc: z.string(), rootSha256: z.string() }),
  parties: z.array(PartyViewSchema),
  steps: z.array(z.object({ step: z.number().int(), label: z.string(), party: z.string(), field: z.string(), signed: z.boolean(), ours: z.boolean() })),
  next: z.number().int().nullable(),
  ourTurn: z.boolean(),
  orderSigner: z.string().optional(),
  stateSigner: z.string().optional(),
  foreignCheckpoints: z.array(z.object({ uscc: z.string(), origin: z.string(), size: z.number().int(), ledgerIndex: z.number().int() })).optional(),
});
export type EnvelopeSummaryView = z.infer<typeof EnvelopeSummarySchema>;

/** What a received envelope claims, read before anything is checked or kept: what the user confirms out of band. */
export const EnvelopePeekSchema = z.object({
  envelopeId: z.string(),
  documentName: z.string(),
  sequence: z.number().int(),
  status: EnvelopeStatusSchema,
  reason: z.string().nullable(),
  from: z.string(),
  initiator: z.string(),
  parties: z.array(PartyViewSchema.extend({ trusted: z.boolean() })),
  steps: z.array(z.object({ step: z.number().int(), label: z.string(), party: z.string() })),
});
export type EnvelopePeek = z.infer<typeof EnvelopePeekSchema>;

export const EnvelopeFileSchema = z.object({ fileName: z.string(), base64: z.string(), summary: EnvelopeSummarySchema });

export const envelopesContract = {
  list: method(z.object({}).strict(), z.array(EnvelopeSummarySchema), 'Every signing envelope this workspace exported or imported, newest first.'),
  show: method(
    z.object({ documentId: DocumentId, orgId: OrgId }).strict(),
    EnvelopeSummarySchema.nullable(),
    'The envelope a document travels in, or null when it travels in none.',
  ),
  peek: method(
    z.object(Base64File).strict(),
    EnvelopePeekSchema,
    'Read what a received envelope claims (initiator, parties with root fingerprints, steps) without checking or keeping anything.',
  ),
  import: method(
    z.object({ ...Base64File, acceptRoots: z.array(Fingerprint).max(20).default([]), orgId: OrgId }).strict(),
    EnvelopeSummarySchema,
    "Check a received envelope (signatures, order, roots confirmed out of band, every party's evidence) and keep it: the PDF as a new version of the same document.",
  ),
  export: method(
    z
      .object({
        documentId: DocumentId,
        passphrase: PassphraseSchema,
        orgId: OrgId,
        parties: z
          .array(
            z
              .object({ step: z.number().int().min(1).max(20), name: z.string().trim().min(1).max(200), uscc: Usccish, root: z.object(Base64File).strict() })
              .strict(),
          )
          .max(20)
          .default([]),
      })
      .strict(),
    EnvelopeFileSchema,
    "Write the document, its signing order and every party's evidence as an ASiC-E envelope for the next party (the first export names the outside parties).",
  ),
  decline: method(
    z.object({ documentId: DocumentId, passphrase: PassphraseSchema, reason: z.string().trim().min(1).max(500), orgId: OrgId }).strict(),
    EnvelopeFileSchema,
    'Decline to sign: the envelope goes back with its status "declined" and the reason, signed by this organisation.',
  ),
  void: method(
    z.object({ documentId: DocumentId, passphrase: PassphraseSchema, reason: z.string().trim().max(500).optional(), orgId: OrgId }).strict(),
    EnvelopeFileSchema,
    'The initiator withdraws the envelope: written with its status "voided", signed.',
  ),
} as const;
