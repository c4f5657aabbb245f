import { z } from 'zod';
import { method } from './define';
import { Sha256HexSchema } from './documents';
import { PassphraseSchema, PersonIdSchema } from './identity';
import { OrgIdSchema } from './org';

export const SerialSchema = z.string().regex(/^[0-9a-fA-F]{2,40}$/, 'expected a hexadecimal certificate serial');
export const RevocationReasonSchema = z.enum(['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation']);

export const CertificateSchema = z.object({
  serial: z.string(),
  orgId: z.string(),
  purpose: z.enum(['root-ca', 'issuing-ca', 'seal-maker', 'person', 'seal']),
  ownerId: z.string().nullable(),
  sha256: Sha256HexSchema,
  issuerSerial: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  revokedAt: z.string().nullable(),
  revocationReason: z.string().nullable(),
});

export const pkiContract = {
  issue: method(
    z
      .object({
        orgId: OrgIdSchema,
        personId: PersonIdSchema,
        days: z.number().int().min(1).max(3650).default(730),
        passphrase: PassphraseSchema,
        /** The PIN the person chooses for their own key (strength-checked by the service; never stored in clear). */
        pin: z.string().max(1024).optional(),
      })
      .strict(),
    CertificateSchema.extend({ pem: z.string(), chainPem: z.array(z.string()) }),
    'Issue a document-signing certificate to a verified person, bound to their verification record.',
  ),
  certificate: method(
    z.object({ serial: SerialSchema, passphrase: PassphraseSchema.optional() }).strict(),
    CertificateSchema.extend({ pem: z.string(), chainPem: z.array(z.string()) }),
    "One certificate with its chain (a person's certificate needs the passphrase: it is kept encrypted).",
  ),
  revoke: method(
    z.object({ serial: SerialSchema, reason: RevocationReasonSchema.default('unspecified') }).strict(),
    CertificateSchema,
    'Revoke a person, seal or seal-maker certificate (listed in the next CRL).',
  ),
  crl: method(
    z.object({ orgId: OrgIdSchema, nextUpdateDays: z.number().int().min(1).max(365).default(7), passphrase: PassphraseSchema }).strict(),
    z.object({ number: z.number().int(), pem: z.string(), sha256: Sha256HexSchema, revoked: z.array(z.string()) }),
    "Issue the organisation's issuing-CA CRL.",
  ),
} as const;
