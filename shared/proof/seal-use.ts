/**
 * Who used each seal, checked against the proven ledger: a signer's
 * `sealUse` must point at a seal.used event of the same seal certificate
 * (its actor is the signature's key) naming the same operator, and the
 * identity the package gives for that signer must be the operator's. The
 * operator's identity is then as good as any signer's: commitments anchored
 * with identity.verified, disclosures checked against them.
 */
import type { LedgerEntry } from '../ledger/entry';
import { message, type Message } from '../i18n';
import type { Evidence } from './evidence';

export interface SealUseFindings {
  facts: Message[];
  failures: Message[];
}

export function checkSealUses(evidence: Evidence, entries: Map<number, LedgerEntry>): SealUseFindings {
  const out: SealUseFindings = { facts: [], failures: [] };
  for (const s of evidence.signers) {
    const use = s.sealUse;
    if (!use) continue;
    const entry = entries.get(use.ledgerIndex);
    if (!entry || entry.type !== 'seal.used') {
      out.failures.push(message('proofCheck.msg.noSealEvent', { field: s.field, index: use.ledgerIndex }));
      continue;
    }
    if (entry.actorKeyId !== s.keyId)
      out.failures.push(message('proofCheck.msg.sealOtherKey', { field: s.field, index: use.ledgerIndex, key: entry.actorKeyId ?? '—', keyId: s.keyId }));
    else if (entry.refs.personId !== use.operator)
      out.failures.push(
        message('proofCheck.msg.sealOtherOperator', { field: s.field, index: use.ledgerIndex, recorded: entry.refs.personId ?? '—', operator: use.operator }),
      );
    else if (s.identity && s.identity.personId !== use.operator)
      out.failures.push(message('proofCheck.msg.sealOtherIdentity', { field: s.field, person: s.identity.personId, operator: use.operator }));
    else
      out.facts.push(
        message('proofCheck.msg.sealUsed', {
          field: s.field,
          seal: use.sealId,
          operator: use.operator,
          index: use.ledgerIndex,
          record: s.identity ? `${s.identity.recordSha256.slice(0, 16)}…` : '—',
        }),
      );
  }
  return out;
}
