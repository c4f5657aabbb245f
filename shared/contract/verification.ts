/**
 * Signature verification for the app: verify a PDF on disk (or its bytes, as
 * read by the window from a dropped file) against the workspace's trust
 * anchors plus any certificate files given. The output
 * schema mirrors shared/verify/report.ts; the type assertions at the end keep
 * the two identical.
 */
import { z } from 'zod';
import { FAILED_SUB_INDICATIONS, INDETERMINATE_SUB_INDICATIONS, MODIFICATION_KINDS, type SignatureReport, type VerificationReport } from '../verify/report';
import { method } from './define';
import { Sha256HexSchema } from './documents';
import { SealTypeSchema } from './seals';
import { fsPath } from './fs-path';

const Rect = z.tuple([z.number(), z.number(), z.number(), z.number()]);

const StatusSchema = z.discriminatedUnion('indication', [
  z.object({ indication: z.literal('TOTAL-PASSED') }),
  z.object({ indication: z.literal('TOTAL-FAILED'), subIndication: z.enum(FAILED_SUB_INDICATIONS), reason: z.string() }),
  z.object({ indication: z.literal('INDETERMINATE'), subIndication: z.enum(INDETERMINATE_SUB_INDICATIONS), reason: z.string() }),
]);

const ModificationSchema = z.object({
  revision: z.number().int(),
  kind: z.enum(MODIFICATION_KINDS),
  allowed: z.boolean(),
  attack: z.string().optional(),
  object: z.number().int().optional(),
  annotation: z.object({ subtype: z.string(), page: z.number().int().optional(), rect: Rect.optional() }).optional(),
  field: z.string().optional(),
  detail: z.string(),
});

const SignatureBase = z.object({
  field: z.string(),
  revision: z.number().int(),
  kind: z.enum(['approval', 'certification', 'document-timestamp']),
  subFilter: z.string(),
  byteRange: Rect.optional(),
  signer: z.object({ subject: z.string(), issuer: z.string(), serial: z.string(), notBefore: z.string(), notAfter: z.string() }).optional(),
  algorithm: z.string().optional(),
  time: z
    .object({
      claimed: z.string().optional(),
      signingTimeAttribute: z.string().optional(),
      timestamp: z.string().optional(),
      checkedAt: z.string(),
      checkedAtSource: z.enum(['timestamp', 'document-timestamp', 'signing-time-attribute', 'claimed-M', 'now']),
    })
    .optional(),
  coverage: z.enum(['whole-file', 'own-revision', 'anomalous']),
  docMdp: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  fieldLocks: z.union([z.array(z.string()), z.literal('all')]).optional(),
  modifications: z.array(ModificationSchema),
  notes: z.array(z.string()),
});

const [, FailedStatus, IndeterminateStatus] = StatusSchema.options;

export const SignatureReportSchema = z.union([
  SignatureBase.extend({ status: StatusSchema.options[0], intact: z.literal(true), valid: z.literal(true), trusted: z.literal(true) }),
  SignatureBase.extend({ status: z.union([FailedStatus, IndeterminateStatus]), intact: z.boolean(), valid: z.boolean(), trusted: z.boolean() }),
]);

export const VerificationReportSchema = z.object({
  sha256: Sha256HexSchema,
  bytes: z.number().int().nonnegative(),
  revisions: z.number().int().nonnegative(),
  signatures: z.array(SignatureReportSchema),
  document: StatusSchema,
  trustAnchors: z.number().int().nonnegative(),
  verifiedAt: z.string(),
});

/**
 * What this workspace's own records say about one signature's signer, beyond
 * its certificate: the seal it was made with (name, kind, the seal's image)
 * and who used the seal, as the seal.used ledger entry of that very
 * signature names them. Null for a signer the workspace does not know.
 */
export const WorkspaceSignerSchema = z.object({
  seal: z
    .object({
      name: z.string(),
      type: SealTypeSchema,
      /** The seal as stamped: its record's own image, or the drawing made from the record. */
      image: z.object({ mime: z.enum(['image/png', 'image/jpeg', 'image/svg+xml']), base64: z.string() }).nullable(),
    })
    .nullable(),
  /** The person who used the seal for this signature (seal.used), by a masked name when the workspace can read it. */
  sealUser: z.object({ maskedName: z.string().nullable(), ial: z.string().nullable() }).nullable(),
});
export type WorkspaceSigner = z.infer<typeof WorkspaceSignerSchema>;

/** The report, plus (when `describe` is asked) one WorkspaceSigner (or null) per signature, in the same order. */
export const DescribedReportSchema = VerificationReportSchema.extend({ workspaceSigners: z.array(WorkspaceSignerSchema.nullable()).optional() });
export type DescribedReport = z.infer<typeof DescribedReportSchema>;

const Describe = { describe: z.boolean().optional() };

export const verificationContract = {
  verifyFile: method(
    z.object({ path: fsPath(), trust: z.array(fsPath()).optional(), crl: z.array(fsPath()).optional(), ...Describe }).strict(),
    DescribedReportSchema,
    'Verify every signature in a PDF: integrity, validity, trust at signing time and changes after signing. With `describe`, also what the workspace knows of each signer (seal, seal user).',
  ),
  verifyBytes: method(
    z.object({ name: z.string().min(1).max(255), base64: z.string().min(1), trust: z.array(fsPath()).optional(), ...Describe }).strict(),
    DescribedReportSchema,
    'The same verification for a PDF the window read from a dropped or chosen file (base64); `trust` names certificate files as in verifyFile. With `describe`, also what the workspace knows of each signer (seal, seal user).',
  ),
  signedVersion: method(
    z.object({ path: fsPath(), length: z.number().int().positive() }).strict(),
    z.object({ base64: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
    "The first `length` bytes of a PDF: the version a signature covers (its byte range's end), to view as it was signed.",
  ),
} as const;

// The schema and the verifier's types must describe the same report.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesReport: Same<z.infer<typeof VerificationReportSchema>, VerificationReport> = true;
const schemaMatchesSignature: Same<z.infer<typeof SignatureReportSchema>, SignatureReport> = true;
void schemaMatchesReport;
void schemaMatchesSignature;
