import { z } from 'zod';
import { method } from './define';
import { fsPath } from './fs-path';

export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex SHA-256');

export const DocumentSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  sha256: Sha256HexSchema,
  bytes: z.number().int().nonnegative(),
  importedAt: z.string(),
  /** The newest version's digest; differs from `sha256` once the document is signed. */
  currentSha256: Sha256HexSchema,
  versions: z.number().int().positive(),
  /** Signatures in the newest version (one per signed revision Affix recorded). */
  signatures: z.number().int().nonnegative(),
  /** Signing order progress, when the document has one. */
  plan: z.object({ signed: z.number().int().nonnegative(), total: z.number().int().positive(), nextLabel: z.string().nullable() }).nullable(),
  /** Whether a signed checkpoint covers the ledger entry of the newest version. */
  anchored: z.enum(['checkpointed', 'logged', 'none']),
});
export type DocumentSummary = z.infer<typeof DocumentSummarySchema>;

/** A page's boxes in PDF points and its /Rotate, as the signing engine sees them. */
export const PageGeometrySchema = z.object({
  page: z.number().int().positive(),
  mediaBox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  cropBox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  rotate: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
});
export type PageGeometry = z.infer<typeof PageGeometrySchema>;

/** One event in a document's history, read from the ledger entries naming any of its versions. */
export const TimelineEventSchema = z.object({
  ledgerIndex: z.number().int().nonnegative(),
  time: z.string(),
  type: z.string(),
  /** The version the event produced or concerns, when it is one of the document's versions. */
  sha256: Sha256HexSchema.nullable(),
  /** Signature field, revision, seal id, signing-order step… (non-personal refs from the entry). */
  refs: z.record(z.string(), z.string()),
  actorKeyId: z.string().nullable(),
  /** Whether a signed checkpoint already covers this entry. */
  checkpointed: z.boolean(),
});
export type TimelineEvent = z.infer<typeof TimelineEventSchema>;

export const documentsContract = {
  list: method(z.object({}).strict(), z.array(DocumentSummarySchema), 'Documents in the workspace, newest first.'),
  import: method(
    z.object({ path: fsPath(), name: z.string().min(1).optional() }).strict(),
    DocumentSummarySchema,
    'Copy a PDF into the workspace (content-addressed) and register it.',
  ),
  importBytes: method(
    z.object({ name: z.string().min(1).max(255), base64: z.string().min(1) }).strict(),
    DocumentSummarySchema,
    'Import a PDF the window read from a dropped or chosen file (base64).',
  ),
  get: method(z.object({ id: z.string().min(1) }).strict(), DocumentSummarySchema, 'One document.'),
  content: method(
    z.object({ id: z.string().min(1), sha256: Sha256HexSchema.optional() }).strict(),
    z.object({ sha256: Sha256HexSchema, base64: z.string() }),
    "The bytes of one of the document's versions (the newest by default), base64, for the preview.",
  ),
  pages: method(
    z.object({ id: z.string().min(1) }).strict(),
    z.array(PageGeometrySchema),
    "Each page's geometry in the newest version, so boxes can be checked and converted for rotated pages.",
  ),
  findText: method(
    z.object({ id: z.string().min(1), text: z.string().min(1).max(200) }).strict(),
    z.object({ page: z.number().int().positive(), box: z.tuple([z.number(), z.number(), z.number(), z.number()]) }).nullable(),
    'Where a text first occurs in the newest version: 1-based page and [x, y, width, height] in PDF points; null when absent.',
  ),
  timeline: method(z.object({ id: z.string().min(1) }).strict(), z.array(TimelineEventSchema), "The document's history from the ledger, oldest first."),
} as const;
