/**
 * The four parts of a signature card (intact, valid, trusted, no unpermitted
 * change) as states that agree with the verifier's verdict: a part the
 * verifier could not reach is "not checked", never a green tick beside a
 * failure. Derived only from the report; the verifier alone judges.
 */
import type { Indication, SignatureReport } from '../../../../shared/verify/report';

export type CheckState = 'passed' | 'failed' | 'indeterminate' | 'unchecked';
export type SignaturePart = 'intact' | 'valid' | 'trusted' | 'unchanged';

export const INDICATION_STATE: Record<Indication, Exclude<CheckState, 'unchecked'>> = {
  'TOTAL-PASSED': 'passed',
  'TOTAL-FAILED': 'failed',
  INDETERMINATE: 'indeterminate',
};

export function signatureParts(s: SignatureReport): Record<SignaturePart, CheckState> {
  if (s.status.indication === 'TOTAL-PASSED') return { intact: 'passed', valid: 'passed', trusted: 'passed', unchanged: 'passed' };
  const sub = s.status.subIndication;
  const unreadable = sub === 'FORMAT_FAILURE';
  return {
    intact: s.intact ? 'passed' : unreadable ? 'unchecked' : 'failed',
    // The signature value is checked only over intact bytes.
    valid: s.valid ? 'passed' : !s.intact ? 'unchecked' : s.status.indication === 'TOTAL-FAILED' ? 'failed' : 'indeterminate',
    trusted: s.trusted ? 'passed' : !s.signer ? 'unchecked' : sub === 'REVOKED' || sub === 'NOT_YET_VALID' ? 'failed' : 'indeterminate',
    // Signed bytes that changed are an unpermitted change too, not only later revisions.
    unchanged: unreadable ? 'unchecked' : !s.intact || s.modifications.some((m) => !m.allowed) ? 'failed' : 'passed',
  };
}
