/**
 * Who used each seal, checked against the proven ledger: a signer's
 * `sealUse` must point at a seal.used event of the same seal certificate
 * (its actor is the signature's key) naming the same operator, and the
 * identity the package gives for that signer must be the operator's. The
 * operator's identity is then as good as any signer's: commitments anchored
 * with identity.verified, disclosures checked against them.
 */
import type { LedgerEntry } from '../ledger/entry';
import type { Evidence } from './evidence';

export interface SealUseFindings {
  facts: string[];
  failures: string[];
}

export function checkSealUses(evidence: Evidence, entries: Map<number, LedgerEntry>): SealUseFindings {
  const out: SealUseFindings = { facts: [], failures: [] };
  for (const s of evidence.signers) {
    const use = s.sealUse;
    if (!use) continue;
    const entry = entries.get(use.ledgerIndex);
    if (!entry || entry.type !== 'seal.used') {
      out.failures.push(`${s.field}: no proven seal.used event at ledger index ${use.ledgerIndex}.`);
      continue;
    }
    if (entry.actorKeyId !== s.keyId) out.failures.push(`${s.field}: the seal.used event at ledger index ${use.ledgerIndex} is for key ${entry.actorKeyId ?? 'none'}, not the seal certificate ${s.keyId} that signed.`);
    else if (entry.refs.personId !== use.operator) out.failures.push(`${s.field}: the seal.used event at ledger index ${use.ledgerIndex} names operator ${entry.refs.personId ?? 'none'}, not ${use.operator}.`);
    else if (s.identity && s.identity.personId !== use.operator) out.failures.push(`${s.field}: the identity given (${s.identity.personId}) is not the seal's operator (${use.operator}).`);
    else out.facts.push(`${s.field}: seal ${use.sealId} used by ${use.operator} (seal.used at ledger index ${use.ledgerIndex}${s.identity ? `, identity record ${s.identity.recordSha256.slice(0, 16)}…` : ''}).`);
  }
  return out;
}
