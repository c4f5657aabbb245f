/**
 * The verification report. Its types follow ETSI EN 319 102-1: each signature
 * ends in one main indication, and a sub-indication is present exactly when
 * the indication is not TOTAL-PASSED — and only a sub-indication that belongs
 * to that indication. A passed signature is, by its type, intact, valid,
 * trusted and free of illegal later changes.
 */

export const FAILED_SUB_INDICATIONS = [
  'FORMAT_FAILURE',
  'HASH_FAILURE',
  'SIG_CRYPTO_FAILURE',
  /** A later revision broke the signature's constraints (DocMDP, FieldMDP, or a change to signed content). */
  'SIG_CONSTRAINTS_FAILURE',
  'NOT_YET_VALID',
  'REVOKED',
] as const;
export const INDETERMINATE_SUB_INDICATIONS = [
  'NO_SIGNING_CERTIFICATE_FOUND',
  'NO_CERTIFICATE_CHAIN_FOUND',
  'CERTIFICATE_CHAIN_GENERAL_FAILURE',
  'CHAIN_CONSTRAINTS_FAILURE',
  'OUT_OF_BOUNDS_NO_POE',
  'CRYPTO_CONSTRAINTS_FAILURE_NO_POE',
  'SIGNED_DATA_NOT_FOUND',
] as const;
export type FailedSubIndication = (typeof FAILED_SUB_INDICATIONS)[number];
export type IndeterminateSubIndication = (typeof INDETERMINATE_SUB_INDICATIONS)[number];

export type Status =
  | { indication: 'TOTAL-PASSED' }
  | { indication: 'TOTAL-FAILED'; subIndication: FailedSubIndication; reason: string }
  | { indication: 'INDETERMINATE'; subIndication: IndeterminateSubIndication; reason: string };
export type Indication = Status['indication'];

/** What the signed byte ranges cover. */
export type Coverage =
  | 'whole-file'
  /** The signature covers its own revision; later bytes are well-formed incremental updates (see modifications). */
  | 'own-revision'
  | 'anomalous';

export const MODIFICATION_KINDS = [
  'signature-in-existing-field',
  'new-signature-field',
  'dss',
  'document-timestamp',
  'form-filling',
  'annotation',
  /** Metadata only (/Info, XMP) — reported, never hides content. */
  'metadata',
  'page-content',
  'resources',
  'fonts',
  'page-tree',
  'rewrite-of-signed-object',
  /** An unsigned revision that is not a clean incremental update (its xref does not chain to the signed one, duplicate objects…). */
  'malformed-revision',
  'other',
] as const;
export type ModificationKind = (typeof MODIFICATION_KINDS)[number];

export interface Modification {
  /** 1-based revision number (counted by %%EOF-terminated increments) where the change appears. */
  revision: number;
  kind: ModificationKind;
  /** Whether the DocMDP/FieldMDP policy in force (and Affix's court-grade rules) allow it. */
  allowed: boolean;
  /** Named attack pattern when the change matches one (e.g. "shadow-hide", "evil-annotation", "sneaky-signature"). */
  attack?: string;
  /** Object number the change concerns, if any. */
  object?: number;
  /** For annotations: subtype and rectangle; for fields: the field name. */
  annotation?: { subtype: string; page?: number; rect?: [number, number, number, number] };
  field?: string;
  detail: string;
}

export interface SignerInfo {
  subject: string;
  issuer: string;
  /** Hex, as in the certificate. */
  serial: string;
  notBefore: string;
  notAfter: string;
}

export interface TimeInfo {
  /** /M in the signature dictionary (ISO 8601), as the signer claims it. */
  claimed?: string;
  /** signing-time signed attribute (claimed too). */
  signingTimeAttribute?: string;
  /** genTime of an RFC 3161 timestamp in the unsigned attributes (or of a document timestamp). */
  timestamp?: string;
  /** The time certificates were checked at, and where it came from. */
  checkedAt: string;
  /** A checked signature timestamp, a trusted later document timestamp, or now; claimed times are never used (kept in the union for old reports). */
  checkedAtSource: 'timestamp' | 'document-timestamp' | 'signing-time-attribute' | 'claimed-M' | 'now';
}

interface SignatureReportBase {
  field: string;
  /** 1-based revision the signature's byte ranges end in. */
  revision: number;
  kind: 'approval' | 'certification' | 'document-timestamp';
  subFilter: string;
  byteRange?: [number, number, number, number];
  signer?: SignerInfo;
  /** e.g. "ECDSA P-256 with SHA-256". */
  algorithm?: string;
  time?: TimeInfo;
  coverage: Coverage;
  /** DocMDP P of a certification signature. */
  docMdp?: 1 | 2 | 3;
  /** Fields this signature locks (FieldMDP), or "all". */
  fieldLocks?: string[] | 'all';
  modifications: Modification[];
  /** Detail of every check, in order, for the report's readers. */
  notes: string[];
}

/** A passed signature cannot carry a false flag: the types forbid it. */
export type SignatureReport =
  | (SignatureReportBase & { status: Extract<Status, { indication: 'TOTAL-PASSED' }>; intact: true; valid: true; trusted: true })
  | (SignatureReportBase & { status: Exclude<Status, { indication: 'TOTAL-PASSED' }>; intact: boolean; valid: boolean; trusted: boolean });

export interface VerificationReport {
  /** SHA-256 of the whole file (hex). */
  sha256: string;
  bytes: number;
  revisions: number;
  signatures: SignatureReport[];
  /** The bottom line: the worst signature status; INDETERMINATE/SIGNED_DATA_NOT_FOUND when there is none. */
  document: Status;
  /** Anchors given (count) — 0 means nothing can be trusted. */
  trustAnchors: number;
  verifiedAt: string;
}

const RANK: Record<Indication, number> = { 'TOTAL-PASSED': 0, INDETERMINATE: 1, 'TOTAL-FAILED': 2 };

export function worstStatus(statuses: Status[]): Status {
  if (statuses.length === 0) {
    return { indication: 'INDETERMINATE', subIndication: 'SIGNED_DATA_NOT_FOUND', reason: 'The document has no signatures.' };
  }
  return statuses.reduce((w, s) => (RANK[s.indication] > RANK[w.indication] ? s : w));
}
