/**
 * What every access to personal data carries besides the workspace
 * passphrase (issue #18): who asks, why, and the custodians' approvals, each
 * a custodian's person id and their own PIN (never stored). Kept apart from
 * access.ts so that identity.ts and proof.ts can use it without a cycle.
 */
import { z } from 'zod';

export const ApprovalSchema = z
  .object({ personId: z.string().regex(/^person-[0-9a-f-]{36}$/, 'expected a person id (person-…)'), pin: z.string().min(1).max(1024) })
  .strict();

export const AccessGrantFields = {
  actor: z.string().trim().min(1).max(128).optional(),
  reason: z.string().max(500).optional(),
  approvals: z.array(ApprovalSchema).max(16).optional(),
};
