import { z } from 'zod';
import { method } from './define';
import { Sha256HexSchema } from './documents';
import { JobStartedSchema } from './job-id';
import { PersonIdSchema } from './identity';
import { KeyIdSchema } from './keys';
import { SealIdSchema } from './seals';
import { AppearanceSpecSchema, SignatureResultSchema, TokenKeySchema } from './signing';

const finite = z.number().finite();

/** A box on a page: 1-based page number and [x, y, width, height] in PDF points of the page's default user space (unrotated). */
export const PageBoxSchema = z
  .object({
    page: z.number().int().positive(),
    rect: z.tuple([finite, finite, finite.positive(), finite.positive()]),
  })
  .strict();
export type PageBox = z.infer<typeof PageBoxSchema>;

/**
 * Who signs one step: a seal used on behalf of an authorised person, a
 * verified person's own certificate, a workspace key, or a key on a PKCS#11
 * token (USB key, smart card) in a registered module, named by token and key
 * label as `affix sign --pkcs11-module` names it.
 */
export const StepSignerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('seal'), sealId: SealIdSchema, asPersonId: PersonIdSchema }).strict(),
  z.object({ kind: z.literal('person'), personId: PersonIdSchema }).strict(),
  z.object({ kind: z.literal('key'), keyId: KeyIdSchema }).strict(),
  z.object({ kind: z.literal('token'), ...TokenKeySchema.shape }).strict(),
]);
export type StepSigner = z.infer<typeof StepSignerSchema>;

/** One step of a document's signing order, as the author of the order plans it. */
export const PlannedStepSchema = z
  .object({
    signer: StepSignerSchema,
    /** Visible appearance; 'none' makes an invisible signature (then `box` is omitted). */
    appearance: AppearanceSpecSchema,
    box: PageBoxSchema.optional(),
    /** A short label shown on the box and the timeline, e.g. "甲方" / "Party A". */
    label: z.string().min(1).max(40),
    reason: z.string().max(500).optional(),
  })
  .strict();
export type PlannedStep = z.infer<typeof PlannedStepSchema>;

export const StepStatusSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('pending') }),
  z.object({
    state: z.literal('signed'),
    signedAt: z.string(),
    /** The document version this step produced, the signature field, and its signature.added entry. */
    sha256: Sha256HexSchema,
    field: z.string(),
    ledgerIndex: z.number().int().nonnegative().nullable(),
  }),
]);

export const PlanStepSchema = PlannedStepSchema.extend({
  /** 1-based position in the order. */
  step: z.number().int().positive(),
  status: StepStatusSchema,
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

export const SigningPlanSchema = z.object({
  documentId: z.string(),
  /** DocMDP level of the first signature (a certification signature), or null for approval signatures only. */
  certify: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  steps: z.array(PlanStepSchema).min(1),
  /** The next step to sign, or null when every step is signed. */
  next: z.number().int().positive().nullable(),
  createdAt: z.string(),
});
export type SigningPlan = z.infer<typeof SigningPlanSchema>;

/** Signing one step: `secret` opens the step's key — the workspace passphrase, or the token's user PIN for a token step (never stored). */
export const SignStepRequestSchema = z
  .object({
    documentId: z.string().min(1),
    step: z.number().int().positive(),
    secret: z.string().min(1).max(1024),
    /** A person step: the person's own PIN, besides the workspace passphrase in `secret` (never stored). */
    pin: z.string().min(1).max(1024).optional(),
  })
  .strict();
export type SignStepRequest = z.infer<typeof SignStepRequestSchema>;

export const plansContract = {
  get: method(
    z.object({ documentId: z.string().min(1) }).strict(),
    SigningPlanSchema.nullable(),
    "The document's signing order and each step's state, or null when it has none.",
  ),
  set: method(
    z
      .object({
        documentId: z.string().min(1),
        steps: z.array(PlannedStepSchema).min(1).max(20),
        certify: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
      })
      .strict(),
    SigningPlanSchema,
    'Set the signing order of a document that has no signatures made under an order yet; boxes are checked against the pages.',
  ),
  changeSigner: method(
    z
      .object({
        documentId: z.string().min(1),
        step: z.number().int().positive(),
        signer: StepSignerSchema,
        /** The look that goes with the new signer (e.g. the new seal's name); the step's own is kept when omitted. */
        appearance: AppearanceSpecSchema.optional(),
      })
      .strict(),
    SigningPlanSchema,
    'Change who signs a step not yet signed, also once signing has started (a seal expired, a signer was replaced); the step keeps its place, label and box, and the new signer is checked as `set` checks it.',
  ),
  signNext: method(
    SignStepRequestSchema,
    SignatureResultSchema,
    'Sign step `step` of the order; refused unless it is the next pending step. Records a new version and anchors the signature.',
  ),
  signNextStart: method(
    SignStepRequestSchema,
    JobStartedSchema,
    'Start signing step `step` as a job (progress in bytes of the document hashed, cancellable until the signature is recorded; jobs.get gives the same result as signNext).',
  ),
} as const;
