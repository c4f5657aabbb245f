import { z } from 'zod';
import { Sha256HexSchema } from './documents';
import { method } from './define';
import { JobStartedSchema } from './job-id';
import { PersonIdSchema } from './identity';
import { KeyIdSchema } from './keys';
import { SealIdSchema } from './seals';
import { fsPath, registeredModulePath } from './fs-path';

/** What the signature looks like on the page. */
export const AppearanceSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z
    .object({
      kind: z.literal('seal'),
      orgName: z.string().min(1).max(40),
      sealText: z.string().max(20).optional(),
      code: z.string().max(24).optional(),
      shape: z.enum(['circle', 'ellipse']).optional(),
    })
    .strict(),
  /** Name defaults to the signer certificate's common name. */
  z.object({ kind: z.literal('person'), name: z.string().min(1).max(80).optional() }).strict(),
  z.object({ kind: z.literal('image'), path: fsPath() }).strict(),
]);
export type AppearanceSpec = z.infer<typeof AppearanceSpecSchema>;

const finite = z.number().finite();

/** Where a visible signature goes: a 1-based page and a rectangle in PDF points, or over the first occurrence of a text. */
export const PlacementSpecSchema = z.union([
  z.object({ page: z.number().int().positive(), rect: z.tuple([finite, finite, finite.positive(), finite.positive()]) }).strict(),
  z.object({ atText: z.string().min(1).max(200), size: z.tuple([finite.positive(), finite.positive()]).optional() }).strict(),
]);
export type PlacementSpec = z.infer<typeof PlacementSpecSchema>;

/** FieldMDP (ISO 32000-1 §12.8.2.4): which form fields become read-only once this signature is made. */
export const FieldLockSchema = z.union([
  z.object({ action: z.literal('All') }).strict(),
  z.object({ action: z.enum(['Include', 'Exclude']), fields: z.array(z.string().min(1)).min(1) }).strict(),
]);

/** An empty signature field to create: a visible box (page and rect) or, without rect, a zero-size widget on `page`. */
export const EmptyFieldSchema = z
  .object({
    name: z.string().min(1).max(255),
    page: z.number().int().positive().optional(),
    rect: z.tuple([finite, finite, finite.positive(), finite.positive()]).optional(),
    lock: FieldLockSchema.optional(),
  })
  .strict();
export type EmptyFieldSpec = z.infer<typeof EmptyFieldSchema>;

export const SignatureOptionsSchema = z
  .object({
    appearance: AppearanceSpecSchema.default({ kind: 'none' }),
    placement: PlacementSpecSchema.optional(),
    /** An existing empty signature field, or the name for a new one. */
    field: z.string().min(1).max(255).optional(),
    /** Certification signature with DocMDP P=1, 2 or 3 (first signature only). */
    certify: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    /** Lock form fields with this (new) signature field. */
    lock: FieldLockSchema.optional(),
    reason: z.string().max(500).optional(),
    location: z.string().max(200).optional(),
    subFilter: z.enum(['cades', 'pkcs7']).default('cades'),
    /**
     * Empty signature fields for later signers, created in this signature's
     * revision (a certifying first step creates every later step's field, so
     * later signers fill them and never add a field the certification forbids).
     */
    emptyFields: z.array(EmptyFieldSchema).max(20).optional(),
    /** PAdES B-T: an RFC 3161 TSA (http/https URL) timestamps the signature value. */
    tsaUrl: z.string().url().max(2000).optional(),
  })
  .strict();
export type SignatureOptions = z.input<typeof SignatureOptionsSchema>;

export const SignatureResultSchema = z.object({
  documentId: z.string(),
  field: z.string(),
  /** Number of %%EOF-terminated revisions of the signed file. */
  revision: z.number().int().positive(),
  sha256: Sha256HexSchema,
  inputSha256: Sha256HexSchema,
  bytes: z.number().int().positive(),
  subFilter: z.enum(['ETSI.CAdES.detached', 'adbe.pkcs7.detached']),
  certification: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullable(),
  keyId: z.string(),
  /** Position of the signature.added entry in the ledger. */
  ledgerIndex: z.number().int().nonnegative().nullable(),
});
export type SignatureResult = z.infer<typeof SignatureResultSchema>;

/**
 * A key on a PKCS#11 token (USB key, smart card) in a module registered in
 * Settings, named by token and key label as `affix sign --pkcs11-module`
 * names it.
 */
export const TokenKeySchema = z
  .object({
    modulePath: registeredModulePath(),
    tokenLabel: z.string().min(1).max(32),
    keyLabel: z.string().min(1).max(255),
  })
  .strict();
export type TokenKey = z.infer<typeof TokenKeySchema>;

/**
 * Signing a workspace document outside any signing order ("sign now"): with
 * a workspace key, a seal (used on behalf of `asPersonId`) or a verified
 * person's own certificate, opened by the workspace passphrase (`keyId` +
 * `passphrase`, and for a person also their own `pin`); or with a key on a token, opened by the token's user PIN
 * (`token` + `pin`, never stored). One strict object, as every method takes,
 * refined so that exactly one of the two is given.
 */
export const SignDocumentRequestSchema = SignatureOptionsSchema.extend({
  documentId: z.string().min(1),
  keyId: z.union([KeyIdSchema, SealIdSchema, PersonIdSchema]).optional(),
  asPersonId: PersonIdSchema.optional(),
  passphrase: z.string().min(1).optional(),
  token: TokenKeySchema.optional(),
  pin: z.string().min(1).optional(),
  /**
   * The user confirmed signing a document that has a signing order with steps
   * still to sign, outside that order (its next step can then not be signed
   * until the order is set again). Without it such a signing is refused.
   */
  outsideOrder: z.literal(true).optional(),
})
  .strict()
  .superRefine((r, ctx) => {
    const problem = keySourceProblem(r);
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
  });
export type SignDocumentRequest = z.input<typeof SignDocumentRequestSchema>;

/** Why a request names no key, or two, or a key without what opens it; null when it names exactly one. */
function keySourceProblem(r: {
  keyId?: string;
  asPersonId?: string;
  passphrase?: string;
  token?: TokenKey;
  pin?: string;
}): { field: string; message: string } | null {
  if (r.keyId !== undefined && r.token !== undefined) return { field: 'token', message: 'give either keyId (with passphrase) or token (with pin), not both' };
  if (r.token !== undefined) {
    if (r.pin === undefined) return { field: 'pin', message: "a token key needs the token's user PIN" };
    const stray = (['passphrase', 'asPersonId'] as const).find((k) => r[k] !== undefined);
    return stray ? { field: stray, message: `${stray} does not go with a token key (its PIN opens it)` } : null;
  }
  if (r.keyId === undefined) return { field: 'keyId', message: 'name the key: keyId (a workspace key, seal or person) or token (a key on a PKCS#11 token)' };
  if (r.passphrase === undefined) return { field: 'passphrase', message: 'the workspace passphrase is required' };
  // A person's own key is opened by the workspace passphrase and the person's own PIN together.
  if (r.keyId.startsWith('person-')) return r.pin === undefined ? { field: 'pin', message: "signing as a person needs the person's own PIN" } : null;
  return r.pin !== undefined
    ? { field: 'pin', message: "pin goes with a token key or a person's own key; a workspace key or seal is opened by the passphrase" }
    : null;
}

export const signingContract = {
  sign: method(
    SignDocumentRequestSchema,
    SignatureResultSchema,
    "Sign the newest version of a workspace document with a workspace key, a seal (for an authorised person), a person's certificate or a key on a token in a registered PKCS#11 module; records a new version and anchors the signature.",
  ),
  signStart: method(
    SignDocumentRequestSchema,
    JobStartedSchema,
    'Start the same signing as a job (progress in bytes of the document hashed, cancellable until the signature is recorded; jobs.get gives the same result as sign).',
  ),
} as const;
