/**
 * Seal-use approval for the window (issue #18; main/services/domain/seals/seal-approval.ts):
 * the rule (k of n approvers), use requests for one document version, and
 * approvals, each confirmed with the approver's own PIN (never stored).
 */
import { z } from 'zod';
import { method } from './define';
import { PassphraseSchema, PersonIdSchema } from './identity';
import { SealIdSchema } from './seals';

const RequestIdSchema = z.string().regex(/^sealreq-[0-9a-f-]{36}$/, 'expected a seal-use request id (sealreq-…)');

export const ApprovalRuleSchema = z.object({ sealId: z.string(), approvers: z.array(z.string()), k: z.number().int(), setAt: z.string() });

export const UseRequestSchema = z.object({
  id: z.string(),
  sealId: z.string(),
  personId: z.string(),
  documentSha256: z.string(),
  requestedAt: z.string(),
  ledgerIndex: z.number().int(),
  usedAt: z.string().nullable(),
  approvals: z.array(
    z.object({ approverId: z.string(), certSerial: z.string(), signature: z.string(), approvedAt: z.string(), ledgerIndex: z.number().int() }),
  ),
  required: z.number().int(),
});

export const sealApprovalContract = {
  rule: method(
    z.object({ sealId: SealIdSchema }).strict(),
    ApprovalRuleSchema.nullable(),
    'Who must approve each use of the seal (k of n), or null when it needs no approval.',
  ),
  requireApproval: method(
    z
      .object({ sealId: SealIdSchema, approvers: z.array(PersonIdSchema).min(1).max(16), k: z.number().int().min(1).max(16), passphrase: PassphraseSchema })
      .strict(),
    ApprovalRuleSchema,
    'Make every use of the seal need k of the named approvers. Anchored as seal.approval-set.',
  ),
  request: method(
    z.object({ sealId: SealIdSchema, personId: PersonIdSchema, documentId: z.string().min(1) }).strict(),
    UseRequestSchema,
    "Request one use of the seal by an authorised person for a document's newest version. Anchored as seal.use-requested.",
  ),
  approve: method(
    z.object({ requestId: RequestIdSchema, approverId: PersonIdSchema, pin: z.string().min(1).max(1024), passphrase: PassphraseSchema }).strict(),
    UseRequestSchema,
    "Approve a request as one of the seal's approvers; their own PIN opens the key that signs the approval. Anchored as seal.use-approved.",
  ),
  requests: method(z.object({ sealId: SealIdSchema }).strict(), z.array(UseRequestSchema), 'The use requests of a seal and their approvals.'),
} as const;
