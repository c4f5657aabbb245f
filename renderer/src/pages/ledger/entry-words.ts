/**
 * Ledger entries in words: each entry type as the event it records (seal.used
 * → 使用印章) and each reference key as what it names. The ledger keeps the
 * codes; only the window translates them. Typed against LEDGER_ENTRY_TYPES so
 * a new entry type does not compile until it has words.
 */
import type { TFunction } from 'i18next';
import type { LedgerEntryType } from '../../../../shared/ledger/entry-types';

export function entryTypeWords(t: TFunction): Record<LedgerEntryType, string> {
  return {
    'document.anchored': t('ledger.types.documentAnchored'),
    'document.versioned': t('ledger.types.documentVersioned'),
    'signature.added': t('ledger.types.signatureAdded'),
    'identity.verified': t('ledger.types.identityVerified'),
    'identity.erased': t('ledger.types.identityErased'),
    'org.created': t('ledger.types.orgCreated'),
    'seal.created': t('ledger.types.sealCreated'),
    'seal.authorized': t('ledger.types.sealAuthorized'),
    'seal.used': t('ledger.types.sealUsed'),
    'seal.refused': t('ledger.types.sealRefused'),
    'key.created': t('ledger.types.keyCreated'),
    'key.revoked': t('ledger.types.keyRevoked'),
    'certificate.issued': t('ledger.types.certificateIssued'),
    'certificate.revoked': t('ledger.types.certificateRevoked'),
    'crl.issued': t('ledger.types.crlIssued'),
    'access.viewed': t('ledger.types.accessViewed'),
    'access.exported': t('ledger.types.accessExported'),
    'access.refused': t('ledger.types.accessRefused'),
    'access.disclosed': t('ledger.types.accessDisclosed'),
    'access.erased': t('ledger.types.accessErased'),
    'access.custodians-set': t('ledger.types.accessCustodiansSet'),
    'person.pin-changed': t('ledger.types.personPinChanged'),
    'person.pin-reset': t('ledger.types.personPinReset'),
    'seal.approval-set': t('ledger.types.sealApprovalSet'),
    'seal.use-requested': t('ledger.types.sealUseRequested'),
    'seal.use-approved': t('ledger.types.sealUseApproved'),
    'timestamp.issued': t('ledger.types.timestampIssued'),
    'envelope.exported': t('ledger.types.envelopeExported'),
    'envelope.imported': t('ledger.types.envelopeImported'),
    'envelope.declined': t('ledger.types.envelopeDeclined'),
    'envelope.voided': t('ledger.types.envelopeVoided'),
    'foreign.checkpoint': t('ledger.types.foreignCheckpoint'),
    'ecert.issued': t('ledger.types.ecertIssued'),
    'ecert.revoked': t('ledger.types.ecertRevoked'),
    'ecert.status-list': t('ledger.types.ecertStatusList'),
  };
}

/** The entry's type in words; a type this version does not know (a newer workspace) stays as its code. */
export function entryTypeWord(words: Record<LedgerEntryType, string>, type: string): string {
  return Object.hasOwn(words, type) ? words[type as LedgerEntryType] : type;
}

/** Reference keys services write (see their ledger.append calls), in words. */
export function refKeyWords(t: TFunction): Record<string, string> {
  return {
    documentId: t('ledger.refs.document'),
    sealId: t('ledger.refs.seal'),
    orgId: t('ledger.refs.organisation'),
    personId: t('ledger.refs.person'),
    field: t('ledger.refs.field'),
    revision: t('ledger.refs.revision'),
    subFilter: t('ledger.refs.format'),
    reason: t('ledger.refs.reason'),
    planStep: t('ledger.refs.planStep'),
    sealType: t('ledger.refs.sealType'),
    certSerial: t('ledger.refs.certSerial'),
    serial: t('ledger.refs.certSerial'),
    keyId: t('ledger.refs.key'),
    purpose: t('ledger.refs.purpose'),
    action: t('ledger.refs.action'),
    requestId: t('ledger.refs.request'),
    envelopeId: t('ledger.refs.envelope'),
    sequence: t('ledger.refs.sequence'),
    uscc: t('ledger.refs.uscc'),
    ial: t('ledger.refs.ial'),
    method: t('ledger.refs.method'),
    at: t('ledger.refs.at'),
    approvers: t('ledger.refs.approvers'),
    approver: t('ledger.refs.approver'),
    k: t('ledger.refs.k'),
    trailEvents: t('ledger.refs.trailEvents'),
    algorithm: t('ledger.refs.algorithm'),
  };
}
