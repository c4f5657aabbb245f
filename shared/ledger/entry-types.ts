/**
 * What services hand the ledger. Personal data never appears here: only hashes
 * of subjects (documents, certificates, seals) and salted/keyed commitments.
 */
export const LEDGER_ENTRY_TYPES = [
  'document.anchored',
  'document.versioned',
  'signature.added',
  'identity.verified',
  'identity.erased',
  'org.created',
  'seal.created',
  'seal.authorized',
  'seal.used',
  'seal.refused',
  'key.created',
  'key.revoked',
  'certificate.issued',
  'certificate.revoked',
  'crl.issued',
  'access.viewed',
  'access.exported',
  'access.refused',
  'access.disclosed',
  'access.erased',
  'access.custodians-set',
  'person.pin-changed',
  'person.pin-reset',
  'seal.approval-set',
  'seal.use-requested',
  'seal.use-approved',
  /** An RFC 3161 token issued by this workspace's TSA (subject: SHA-256 of the token). */
  'timestamp.issued',
  'envelope.exported',
  'envelope.imported',
  'envelope.declined',
  'envelope.voided',
  'foreign.checkpoint',
  'ecert.issued',
  'ecert.revoked',
  'ecert.status-list',
] as const;

export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];

export interface NewLedgerEntry {
  type: LedgerEntryType;
  /** Lowercase hex SHA-256 digests of what the event is about (document, certificate, seal…). */
  subjects: string[];
  /** Lowercase hex keyed commitments (HMAC / salted) to personal data; never the data itself. */
  commitments?: string[];
  /** Id of the key that acted (a workspace key id or certificate fingerprint). */
  actorKeyId?: string;
  /** Non-personal references, e.g. { documentId, field }. */
  refs?: Record<string, string>;
  /** ISO 8601; defaults to now. */
  time?: string;
}

export interface AnchorReceipt {
  index: number;
  leafHash: string;
}

/** The port services use to anchor events; the ledger service implements it. */
export interface Anchor {
  append(entry: NewLedgerEntry): AnchorReceipt;
}

/** An entry as the ledger holds it: its position, its RFC 9162 leaf hash and its decoded content. */
export interface AnchoredEntry {
  index: number;
  leafHash: string;
  entry: import('./entry').LedgerEntry;
}

/** Read side of the ledger for services that assemble evidence (e.g. a document's audit trail). */
export interface AuditTrail {
  /** Every entry naming this lowercase hex SHA-256 among its subjects, in log order. */
  findBySubject(sha256: string): AnchoredEntry[];
}
