import { z } from 'zod';
import { EVIDENCE_TYPES, type EvidenceType } from '../identity/assurance';
import { method } from './define';
import { FileHandleSchema } from './files';
import { Sha256HexSchema } from './documents';
import { AccessGrantFields } from './access-grant';
import { fsPath } from './fs-path';

export const PassphraseSchema = z.string().min(1, 'the workspace passphrase must not be empty');
export const PersonIdSchema = z.string().regex(/^person-[0-9a-f-]{36}$/, 'expected a person id (person-…)');
export const IalSchema = z.enum(['IAL1', 'IAL2']);
const evidenceTypes = Object.keys(EVIDENCE_TYPES) as [EvidenceType, ...EvidenceType[]];

export const IdentityDocumentInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('resident-id'), number: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('mrz'), lines: z.array(z.string().min(1)).min(2).max(3) }).strict(),
]);

const EvidenceSchema = z.object({
  type: z.enum(evidenceTypes),
  strength: z.enum(['fair', 'strong', 'superior']),
  validation: z.array(z.enum(['check-digits', 'security-features-inspected'])),
  verification: z.enum(['physical-comparison', 'none']),
});

export const VerificationRecordSchema = z.object({
  version: z.literal(1),
  recordId: z.string(),
  personId: z.string(),
  method: z.string(),
  ial: IalSchema,
  evidence: z.array(EvidenceSchema),
  documentKind: z.string(),
  consent: z.literal(true),
  commitments: z.record(z.string(), z.string()),
  verifiedAt: z.string(),
  recordSha256: Sha256HexSchema,
  ledgerIndex: z.number().int().nonnegative(),
});

export const PersonSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  erasedAt: z.string().nullable(),
  /** The masked name (张*三) and the document's last four characters; null once erased. */
  display: z.object({ maskedName: z.string(), documentTail: z.string() }).nullable(),
  verification: VerificationRecordSchema.nullable(),
});
export type PersonSummary = z.infer<typeof PersonSchema>;

export const PersonalDataSchema = z.object({
  name: z.string(),
  document: z.union([
    z.object({ kind: z.literal('resident-id'), parsed: z.object({ number: z.string(), birthDate: z.string(), sex: z.string(), regionCode: z.string() }) }),
    z.object({
      kind: z.literal('mrz'),
      parsed: z.object({
        format: z.enum(['TD1', 'TD2', 'TD3']),
        lines: z.array(z.string()),
        documentCode: z.string(),
        issuingState: z.string(),
        documentNumber: z.string(),
        nationality: z.string(),
        birthDate: z.string(),
        sex: z.enum(['M', 'F', 'X']),
        expiryDate: z.string(),
        surname: z.string(),
        givenNames: z.string(),
      }),
    }),
  ]),
  operator: z.string(),
  consentStatement: z.string(),
  photos: z.array(z.object({ sha256: Sha256HexSchema, bytes: z.number().int() })),
});

export const DisclosureSchema = z.object({ field: z.string(), value: z.string(), salt: z.string(), commitment: z.string() });

export const identityContract = {
  verify: method(
    z
      .object({
        name: z.string().trim().min(1).max(200),
        document: IdentityDocumentInputSchema,
        additionalEvidence: z.array(z.enum(evidenceTypes)).max(10).default([]),
        securityFeaturesChecked: z.boolean(),
        faceMatched: z.boolean(),
        photoPaths: z.array(fsPath()).max(10).default([]),
        /** Photographs the user dropped or chose (files.drop / files.open), as handles. */
        photos: z.array(FileHandleSchema).max(10).optional(),
        operator: z.string().trim().min(1).max(200),
        consentStatement: z.string().trim().min(1).max(2000),
        requireIal: IalSchema.optional(),
        passphrase: PassphraseSchema,
      })
      .strict(),
    PersonSchema,
    'Record an offline, operator-witnessed identity verification (check digits enforced; personal data encrypted; commitments anchored).',
  ),
  list: method(z.object({}).strict(), z.array(PersonSchema), 'Persons in the workspace (no personal data), newest first.'),
  get: method(
    z.object({ id: PersonIdSchema, passphrase: PassphraseSchema.optional(), ...AccessGrantFields }).strict(),
    z.object({ person: PersonSchema, personal: PersonalDataSchema.nullable() }),
    "One person; with the passphrase, a reason and k custodians' approvals, their decrypted personal data too (anchored as access.viewed; a refusal as access.refused).",
  ),
  disclose: method(
    z.object({ id: PersonIdSchema, fields: z.array(z.string().min(1)).min(1), passphrase: PassphraseSchema, ...AccessGrantFields }).strict(),
    z.object({ disclosures: z.array(DisclosureSchema), recordSha256: Sha256HexSchema, ledgerIndex: z.number().int() }),
    'Open chosen field commitments (value + salt) for an evidence export.',
  ),
  erase: method(
    z.object({ id: PersonIdSchema, confirm: z.literal(true), passphrase: PassphraseSchema, ...AccessGrantFields }).strict(),
    z.object({ erasedAt: z.string(), revokedSerials: z.array(z.string()), walTruncated: z.boolean() }),
    "Crypto-shred a person's personal data and keys, revoking their certificates; the ledger keeps only unopenable commitments.",
  ),
} as const;
