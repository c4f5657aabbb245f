import { z } from 'zod';
import { method } from './define';

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
});
export type DocumentSummary = z.infer<typeof DocumentSummarySchema>;

export const documentsContract = {
  list: method(z.object({}).strict(), z.array(DocumentSummarySchema), 'Documents in the workspace, newest first.'),
  import: method(
    z.object({ path: z.string().min(1), name: z.string().min(1).optional() }).strict(),
    DocumentSummarySchema,
    'Copy a PDF into the workspace (content-addressed) and register it.',
  ),
  get: method(z.object({ id: z.string().min(1) }).strict(), DocumentSummarySchema, 'One document.'),
} as const;
