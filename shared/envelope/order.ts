/**
 * What a signing envelope carries besides the PDF: the signing order, signed
 * by the initiator, naming each party as an organisation (legal name, USCC,
 * the SHA-256 of its root CA certificate, which the other parties confirm
 * out of band like a safety number) and each step's party, field and box;
 * and the envelope's state, signed by whichever party exported it last —
 * its sequence number lets an importer refuse an older envelope replayed
 * after a newer one.
 */
import { z } from 'zod';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');
/** GB 32100-2015 character set; the check digit is verified where a party is created. */
export const UsccSchema = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/, 'an 18-character USCC');

export const PartySchema = z.object({ name: z.string().min(1).max(200), uscc: UsccSchema, rootSha256: Hex64 }).strict();
export type Party = z.infer<typeof PartySchema>;

export const OrderStepSchema = z
  .object({
    step: z.number().int().positive(),
    label: z.string().min(1).max(40),
    /** USCC of the party that signs this step. */
    party: UsccSchema,
    /** The signature field the step fills (created empty in the certified revision when step 1 certifies). */
    field: z.string().min(1).max(255),
    box: z
      .object({
        page: z.number().int().positive(),
        rect: z.tuple([z.number().finite(), z.number().finite(), z.number().finite().positive(), z.number().finite().positive()]),
      })
      .strict()
      .optional(),
  })
  .strict();
export type OrderStep = z.infer<typeof OrderStepSchema>;

export const ENVELOPE_ORDER_FORMAT = 'affix-envelope-order';
export const EnvelopeOrderSchema = z
  .object({
    format: z.literal(ENVELOPE_ORDER_FORMAT),
    version: z.literal(1),
    envelopeId: z.string().uuid(),
    createdAt: z.string().datetime(),
    documentName: z.string().min(1).max(255),
    /** The document's first version (its lineage): every party keeps the envelope's versions under one document. */
    originalSha256: Hex64,
    certify: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
    initiator: UsccSchema,
    parties: z.array(PartySchema).min(1).max(20),
    steps: z.array(OrderStepSchema).min(1).max(20),
  })
  .strict()
  .superRefine((o, ctx) => {
    const usccs = new Set(o.parties.map((p) => p.uscc));
    if (usccs.size !== o.parties.length) ctx.addIssue({ code: 'custom', path: ['parties'], message: 'a party is listed twice' });
    if (!usccs.has(o.initiator)) ctx.addIssue({ code: 'custom', path: ['initiator'], message: 'the initiator is not a party' });
    o.steps.forEach((s, i) => {
      if (s.step !== i + 1) ctx.addIssue({ code: 'custom', path: ['steps', i, 'step'], message: `steps must be numbered 1, 2, … in order` });
      if (!usccs.has(s.party)) ctx.addIssue({ code: 'custom', path: ['steps', i, 'party'], message: `step ${s.step} names a party that is not listed` });
    });
  });
export type EnvelopeOrder = z.infer<typeof EnvelopeOrderSchema>;

export const ENVELOPE_STATE_FORMAT = 'affix-envelope-state';
const HistoryItemSchema = z
  .object({
    sequence: z.number().int().positive(),
    from: UsccSchema,
    status: z.enum(['open', 'declined', 'voided']),
    reason: z.string().max(500).optional(),
    at: z.string().datetime(),
    documentSha256: Hex64,
  })
  .strict();
export const EnvelopeStateSchema = z
  .object({
    format: z.literal(ENVELOPE_STATE_FORMAT),
    version: z.literal(1),
    envelopeId: z.string().uuid(),
    /** 1 for the initiator's first export, one more for every later export by any party. */
    sequence: z.number().int().positive(),
    /** The party that exported this envelope (and signed this state). */
    from: UsccSchema,
    status: z.enum(['open', 'declined', 'voided']),
    reason: z.string().max(500).optional(),
    exportedAt: z.string().datetime(),
    /** SHA-256 of document.pdf. */
    documentSha256: Hex64,
    /** Every earlier export, oldest first: declines and voids travel with the envelope. */
    history: z.array(HistoryItemSchema).max(1000),
  })
  .strict();
export type EnvelopeState = z.infer<typeof EnvelopeStateSchema>;

/** Member names inside the container. */
export const ENVELOPE_MEMBERS = {
  pdf: 'document.pdf',
  order: 'order.json',
  state: 'state.json',
  manifest: 'META-INF/manifest.xml',
  root: (uscc: string): string => `roots/${uscc}.cer`,
  orderManifest: 'META-INF/ASiCManifest-order.xml',
  orderSignature: 'META-INF/signature-order.p7s',
  stateManifest: 'META-INF/ASiCManifest-state.xml',
  stateSignature: 'META-INF/signature-state.p7s',
} as const;

/** The 16 groups of 4 hex digits people read to each other to confirm a root fingerprint. */
export const safetyNumber = (sha256: string): string => sha256.match(/.{4}/g)!.join(' ');
