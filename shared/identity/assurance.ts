/**
 * Identity assurance modelled on NIST SP 800-63A (rev. 3, §4.4-4.5 and
 * Table 5-1). Each piece of evidence has a strength; IAL2 needs, all
 * validated and with the strongest verified against the applicant:
 *   one SUPERIOR, or two STRONG, or one STRONG plus two FAIR.
 * (800-63A's third route — one STRONG piece confirmed with its issuing
 * source — needs an online check and is left to an online provider.) An
 * eMRTD counts as SUPERIOR only when its chip signature was verified, which
 * an offline document check cannot do, so here every document is at most
 * STRONG. Anything less is IAL1: the identity is recorded, not proven.
 */
export type EvidenceStrength = 'fair' | 'strong' | 'superior';
export type Ial = 'IAL1' | 'IAL2';

export const EVIDENCE_TYPES = {
  'resident-id-card': 'strong',
  passport: 'strong',
  'travel-document': 'strong',
  'household-register': 'strong',
  'drivers-license': 'strong',
  'social-security-card': 'fair',
  'bank-card': 'fair',
  'employee-badge': 'fair',
} as const satisfies Record<string, EvidenceStrength>;
export type EvidenceType = keyof typeof EVIDENCE_TYPES;

export interface Evidence {
  type: EvidenceType;
  strength: EvidenceStrength;
  /** How its genuineness was checked. */
  validation: ('check-digits' | 'security-features-inspected')[];
  /** How it was tied to the person in front of the operator. */
  verification: 'physical-comparison' | 'none';
}

export interface Assessment {
  ial: Ial;
  /** Why the level is not higher (empty at IAL2). */
  shortfalls: string[];
}

const validated = (e: Evidence): boolean => e.validation.includes('security-features-inspected');

export function assessIal(evidence: readonly Evidence[]): Assessment {
  const shortfalls: string[] = [];
  const good = evidence.filter(validated);
  const count = (s: EvidenceStrength) => good.filter((e) => e.strength === s).length;
  const [superior, strong, fair] = [count('superior'), count('strong'), count('fair')];
  const enough = superior >= 1 || strong + superior >= 2 || (strong >= 1 && fair >= 2);
  if (!enough) shortfalls.push('IAL2 needs one SUPERIOR, two STRONG, or one STRONG and two FAIR pieces of validated evidence');
  const strongest = good.find((e) => e.strength !== 'fair');
  if (!strongest || strongest.verification !== 'physical-comparison') {
    shortfalls.push('the strongest evidence was not compared with the applicant in person');
  }
  return enough && shortfalls.length === 0 ? { ial: 'IAL2', shortfalls: [] } : { ial: 'IAL1', shortfalls };
}
