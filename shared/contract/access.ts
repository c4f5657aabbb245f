/**
 * Accountable access to personal data (issue #18): the custodians whose
 * approval a reveal, a disclosure or an erasure needs, and the access log.
 * Each approval is a custodian's person id and their own PIN (never stored).
 */
import { z } from 'zod';
import { method } from './define';
import { ApprovalSchema } from './access-grant';
import { PassphraseSchema, PersonIdSchema } from './identity';

const SignedApprovalSchema = z.object({ personId: z.string(), certSerial: z.string(), signature: z.string() });

export const AccessPolicySchema = z.object({ custodians: z.array(z.string()), k: z.number().int(), updatedAt: z.string().nullable() });

export const AccessLogEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  action: z.string(),
  outcome: z.enum(['granted', 'refused']),
  actor: z.string(),
  personId: z.string(),
  fields: z.array(z.string()),
  reason: z.string(),
  approvers: z.array(SignedApprovalSchema),
  detail: z.string().nullable(),
  ledgerIndex: z.number().int(),
});

export const accessContract = {
  policy: method(z.object({}).strict(), AccessPolicySchema, 'The custodians (k of n) whose approval a reveal, disclosure or erasure needs.'),
  setCustodians: method(
    z
      .object({
        custodians: z.array(PersonIdSchema).min(1).max(16),
        k: z.number().int().min(1).max(16),
        passphrase: PassphraseSchema,
        actor: z.string().trim().min(1).max(128).default('window'),
        approvals: z.array(ApprovalSchema).max(16).default([]),
      })
      .strict(),
    AccessPolicySchema,
    'Set the custodians; changing an existing list needs k of the current custodians, each with their own PIN. Anchored.',
  ),
  log: method(
    z.object({ personId: PersonIdSchema.optional() }).strict(),
    z.array(AccessLogEntrySchema),
    'Every access to personal data and every refused attempt, oldest first.',
  ),
} as const;
