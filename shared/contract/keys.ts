import { z } from 'zod';
import { Sha256HexSchema } from './documents';
import { method } from './define';

export const KeyIdSchema = z.string().regex(/^[0-9a-f]{16}$/, 'expected a 16-hex-digit key id');

export const KeySummarySchema = z.object({
  id: KeyIdSchema,
  label: z.string(),
  algorithm: z.literal('ecdsa-p256-sha256'),
  createdAt: z.string(),
  subject: z.string(),
  notAfter: z.string(),
  certificateSha256: Sha256HexSchema,
  certificatePem: z.string(),
});
export type KeySummary = z.infer<typeof KeySummarySchema>;

export const keysContract = {
  list: method(z.object({}).strict(), z.array(KeySummarySchema), 'Workspace signing keys (public parts only).'),
  create: method(
    z.object({ label: z.string().min(1).max(128), passphrase: z.string().min(8) }).strict(),
    KeySummarySchema,
    'Create an ECDSA P-256 workspace key with a self-signed certificate, sealed with the passphrase.',
  ),
} as const;
