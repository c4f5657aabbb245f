/**
 * Government electronic certificates for the window (issue #19;
 * main/services/certificates): templates, batch issuance from a CSV the
 * window read, the register, revocation, the signed status list, and
 * verifying a certificate's QR code. Files arrive as bytes from a chosen or
 * dropped file and leave as bytes the window saves: no typed paths.
 */
import { z } from 'zod';
import { method } from './define';
import { PassphraseSchema, PersonIdSchema } from './identity';
import { JobStartedSchema } from './job-id';
import { SealIdSchema } from './seals';

const FileInput = z.object({ name: z.string().min(1).max(255), base64: z.string().min(1) }).strict();
const TemplateName = z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u, 'expected a template name: 1–64 letters, digits, ".", "_" or "-"');
const CertNumber = z.string().min(1).max(200);

export const CERT_REVOCATION_REASONS = ['revoked', 'superseded', 'withdrawn', 'error', 'fraud', 'cessation'] as const;

export const CertTemplateSchema = z.object({
  name: z.string(),
  type: z.string(),
  pdfSha256: z.string(),
  source: z.enum(['field-map', 'acroform', 'both']),
  fields: z.array(z.string()),
  createdAt: z.string(),
});

export const CertRegisterRowSchema = z.object({
  number: z.string(),
  template: z.string(),
  type: z.string(),
  sealId: z.string(),
  personId: z.string(),
  holder: z.string(),
  holderId: z.string().nullable(),
  issuedAt: z.string(),
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  sha256: z.string(),
  ledgerIndex: z.number().int().nullable(),
  revokedAt: z.string().nullable(),
  revokeReason: z.string().nullable(),
});
export type CertRegisterRow = z.infer<typeof CertRegisterRowSchema>;

export const CertIssueEventSchema = z.object({
  line: z.number().int(),
  number: z.string().nullable(),
  column: z.string().nullable(),
  check: z.string(),
  message: z.string(),
});

export const CertIssueSummarySchema = z.object({
  rows: z.number().int(),
  issued: z.number().int(),
  skipped: z.number().int(),
  repaired: z.number().int(),
  errors: z.number().int(),
  /** The refused rows, each with its line, column and failing check (the first 500). */
  refused: z.array(CertIssueEventSchema),
  qr: z.object({ minChars: z.number().int(), maxChars: z.number().int(), maxVersion: z.number().int() }).nullable(),
});

export const CertVerificationSchema = z.object({
  verdict: z.enum(['VALID', 'REVOKED', 'FAILED', 'INDETERMINATE']),
  reason: z.string(),
  checks: z.array(z.object({ id: z.enum(['format', 'key', 'signature', 'claims', 'validity', 'status']), ok: z.boolean().nullable(), detail: z.string() })),
  kid: z.string().nullable(),
  office: z.object({ name: z.string(), uscc: z.string() }).nullable(),
  claims: z
    .object({
      number: z.string(),
      type: z.string(),
      holder: z.string(),
      holderId: z.string().optional(),
      issuerUscc: z.string(),
      issuedAt: z.number(),
      validFrom: z.number().optional(),
      validUntil: z.number().optional(),
      status: z.object({ idx: z.number().int(), uri: z.string() }),
    })
    .nullable(),
  statusList: z
    .object({ uri: z.string(), issuedAt: z.string(), ageSeconds: z.number(), expiresAt: z.string().nullable(), expired: z.boolean(), revoked: z.boolean() })
    .nullable(),
  ignoredLists: z.array(z.string()),
});

const SavedFile = z.object({ fileName: z.string(), base64: z.string() });

export const certificatesContract = {
  templates: method(z.object({}).strict(), z.array(CertTemplateSchema), 'Certificate templates, oldest first.'),
  addTemplate: method(
    z.object({ name: TemplateName, pdf: FileInput, fields: FileInput.optional(), type: z.string().trim().min(1).max(100).optional() }).strict(),
    CertTemplateSchema,
    'Add a template: a PDF with AcroForm text fields, or a PDF and a JSON field map.',
  ),
  preview: method(
    z.object({ name: TemplateName }).strict(),
    z.object({ png: z.string(), width: z.number().int(), height: z.number().int() }),
    "The template's first page filled with each field's own name, as a PNG (base64).",
  ),
  issueStart: method(
    z
      .object({
        template: TemplateName,
        data: FileInput,
        sealId: SealIdSchema,
        personId: PersonIdSchema,
        passphrase: PassphraseSchema,
        idColumn: z.string().min(1).max(100).optional(),
      })
      .strict(),
    JobStartedSchema,
    'Issue certificates from a CSV as a job (progress in rows, cancellable, resumable): fill, QR code, seal and anchor each; bad rows are reported with their line.',
  ),
  list: method(
    z.object({ search: z.string().max(200).optional(), limit: z.number().int().min(1).max(10000).optional() }).strict(),
    z.array(CertRegisterRowSchema),
    'The register of issued certificates (number or holder containing `search`).',
  ),
  revoke: method(
    z.object({ number: CertNumber, reason: z.enum(CERT_REVOCATION_REASONS) }).strict(),
    CertRegisterRowSchema,
    'Revoke an issued certificate (anchored; verifiers see it once a new status list is published).',
  ),
  download: method(z.object({ number: CertNumber }).strict(), SavedFile, 'An issued certificate PDF, for the window to save.'),
  publishStatusList: method(
    z
      .object({
        personId: PersonIdSchema,
        passphrase: PassphraseSchema,
        sealId: SealIdSchema.optional(),
        validDays: z.number().int().min(1).max(3650).optional(),
      })
      .strict(),
    SavedFile.extend({
      uri: z.string(),
      issuedAt: z.string(),
      expiresAt: z.string(),
      size: z.number().int(),
      revoked: z.number().int(),
      ledgerIndex: z.number().int(),
    }),
    'Sign and anchor the status list (IETF Token Status List, CWT) and hand it to the window to publish.',
  ),
  verify: method(
    z
      .object({
        qr: z.string().min(1).max(8192).optional(),
        image: FileInput.optional(),
        statusLists: z.array(FileInput).max(16).default([]),
      })
      .strict(),
    CertVerificationSchema,
    "Verify a certificate's QR code (text, or a scan or the PDF) against this workspace's office keys and the status lists given.",
  ),
} as const;
