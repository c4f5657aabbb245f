import { z } from 'zod';
import { method } from './define';
import { Sha256HexSchema } from './documents';
import { PassphraseSchema, PersonIdSchema } from './identity';
import { OrgIdSchema } from './org';
import { fsPath } from './fs-path';

export const SealIdSchema = z.string().regex(/^seal-[0-9a-f-]{36}$/, 'expected a seal id (seal-…)');
export const SealTypeSchema = z.enum(['official', 'contract', 'finance', 'legal-representative', 'personnel', 'invoice', 'customs', 'other']);
const IsoDate = z.iso.datetime({ offset: true });

export const SealSchema = z.object({
  version: z.literal(1),
  sealId: z.string(),
  orgId: z.string(),
  legalName: z.string(),
  uscc: z.string(),
  type: SealTypeSchema,
  name: z.string(),
  appearance: z.object({ format: z.enum(['png', 'jpeg', 'svg']), sha256: Sha256HexSchema, widthMm: z.number(), heightMm: z.number() }).nullable(),
  validFrom: z.string(),
  validUntil: z.string(),
  certSerial: z.string(),
  certSha256: Sha256HexSchema,
  createdAt: z.string(),
  recordSha256: Sha256HexSchema,
  makerCertSerial: z.string(),
  makerSignature: z.string(),
  authorized: z.array(z.object({ personId: z.string(), grantedAt: z.string() })),
  certRevokedAt: z.string().nullable(),
});

/** What the preview draws: a seal of an organisation in the workspace, or of one named outright (not yet created). */
const PreviewFace = { type: SealTypeSchema, name: z.string().max(200).default(''), widthPx: z.number().int().min(64).max(1024).default(320) };

export const sealsContract = {
  create: method(
    z
      .object({
        orgId: OrgIdSchema,
        type: SealTypeSchema,
        name: z.string().trim().min(1).max(200),
        validFrom: IsoDate,
        validUntil: IsoDate,
        imagePath: fsPath().optional(),
        sizeMm: z.number().min(10).max(100).optional(),
        passphrase: PassphraseSchema,
      })
      .strict(),
    SealSchema,
    "Create a seal with its own key and certificate, signed by the organisation's seal-making key.",
  ),
  list: method(z.object({ orgId: OrgIdSchema.optional() }).strict(), z.array(SealSchema), 'Seals, optionally of one organisation.'),
  get: method(z.object({ id: SealIdSchema }).strict(), SealSchema, 'One seal.'),
  authorize: method(
    z.object({ sealId: SealIdSchema, personId: PersonIdSchema, revoke: z.boolean().default(false) }).strict(),
    SealSchema,
    'Grant (or withdraw) a verified person the right to use a seal.',
  ),
  sign: method(
    z
      .object({
        sealId: SealIdSchema,
        personId: PersonIdSchema,
        inputPath: fsPath(),
        outputPath: fsPath(),
        reason: z.string().max(500).optional(),
        passphrase: PassphraseSchema,
      })
      .strict(),
    z.object({
      outputPath: z.string(),
      sha256: Sha256HexSchema,
      field: z.string(),
      certSerial: z.string(),
      /** The workspace document the sealed bytes were recorded under, as a new version. */
      documentId: z.string(),
      /** The signature.added ledger entry (null without a ledger). */
      ledgerIndex: z.number().int().nonnegative().nullable(),
    }),
    "Seal a PDF on behalf of an authorised person with the seal's own appearance; records the sealed version and anchors signature.added. Refused (and anchored as refused) outside the validity window or without authorisation.",
  ),
  preview: method(
    z
      .object({
        orgId: OrgIdSchema.optional(),
        legalName: z.string().trim().min(1).max(300).optional(),
        uscc: z.string().trim().max(40).optional(),
        ...PreviewFace,
      })
      .strict()
      .refine((v) => (v.orgId === undefined) !== (v.legalName === undefined) && (v.uscc === undefined || v.legalName !== undefined), {
        message: 'name the organisation either by orgId or by legalName (with uscc), not both',
      }),
    z.object({ pngBase64: z.string(), widthPx: z.number().int().positive(), heightPx: z.number().int().positive(), shape: z.enum(['circle', 'ellipse']) }),
    'The seal as it will be drawn (the signing appearance, rasterised), for a live preview while a seal is made. Nothing is stored or anchored.',
  ),
} as const;
