import { z } from 'zod';
import { method } from './define';
import { Sha256HexSchema } from './documents';
import { PassphraseSchema, PersonIdSchema } from './identity';
import { fsPath } from './fs-path';

export const OrgIdSchema = z.string().regex(/^org-[0-9a-f-]{36}$/, 'expected an organisation id (org-…)');

export const OrgSchema = z.object({
  id: z.string(),
  legalName: z.string(),
  uscc: z.string(),
  representatives: z.array(z.string()),
  recordSha256: Sha256HexSchema,
  createdAt: z.string(),
  rootSerial: z.string(),
  issuingSerial: z.string(),
  sealMakerSerial: z.string(),
});

export const orgsContract = {
  create: method(
    z
      .object({
        legalName: z.string().trim().min(1).max(300),
        uscc: z.string().min(1),
        representatives: z.array(PersonIdSchema).max(20).default([]),
        passphrase: PassphraseSchema,
      })
      .strict(),
    OrgSchema,
    'Create an organisation (credit code checked) with its root CA, issuing CA and seal-making key.',
  ),
  list: method(z.object({}).strict(), z.array(OrgSchema), 'Organisations in the workspace.'),
  get: method(z.object({ id: OrgIdSchema }).strict(), OrgSchema, 'One organisation.'),
  exportRootKey: method(
    z.object({ id: OrgIdSchema, outputPath: fsPath(), passphrase: PassphraseSchema }).strict(),
    z.object({ outputPath: z.string(), bytes: z.number().int(), rootSerial: z.string() }),
    "Write the root CA's private key, sealed with the workspace passphrase (AFXB: scrypt + AES-256-GCM), for offline keeping.",
  ),
} as const;
