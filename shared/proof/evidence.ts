/**
 * evidence.json, version 1: everything a verifier needs besides the PDF, in
 * one versioned document. Nothing in it is trusted by itself: every event is
 * re-derived from its inclusion proof, every checkpoint from its signature,
 * every certificate from the PDF's own signatures, every disclosed value from
 * its commitment on the ledger.
 */
import { z } from 'zod';

export const EVIDENCE_FORMAT = 'affix-evidence';
export const EVIDENCE_VERSION = 1;

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256 digest');
const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const LedgerEventSchema = z.object({
  index: z.number().int().nonnegative(),
  type: z.string().min(1).max(64),
  time: z.string(),
  actorKeyId: z.string().nullable(),
  subjects: z.array(Hex64),
  commitments: z.array(z.string()),
  refs: z.record(z.string(), z.string()),
  leafHash: Hex64,
  /** C2SP tlog-proof text, with the canonical entry bytes as its extra data. */
  proof: z.string().max(1 << 20),
});
export type LedgerEvent = z.infer<typeof LedgerEventSchema>;

export const DisclosureSchema = z.object({ field: z.string().min(1).max(64), value: z.string().max(4096), salt: z.string().regex(/^[0-9a-f]{32,128}$/) });

export const SignerSchema = z.object({
  /** The PDF signature field this signer made. */
  field: z.string(),
  /** The ledger index of the signature.added event for this signature. */
  ledgerIndex: z.number().int().nonnegative(),
  /** The key id the ledger recorded (workspace key id or certificate serial). */
  keyId: z.string(),
  subject: z.string(),
  /** The signer's certificate (base64 DER), then its chain. */
  certificates: z.array(Base64).min(1),
  /** How the signer was identified (English, as packages have always carried it). */
  identification: z.string(),
  /**
   * The same as a catalogue message (a key under report.identifiedBy and its
   * values), so each reader gets it in their own language; older packages lack it.
   */
  identifiedBy: z
    .object({
      key: z.string().regex(/^report\.identifiedBy\.[A-Za-z]+$/),
      params: z.record(z.string().max(64), z.union([z.string().max(1024), z.number()])).optional(),
    })
    .optional(),
  identity: z
    .object({
      personId: z.string(),
      /** Ledger index of the identity.verified event holding the commitments. */
      ledgerIndex: z.number().int().nonnegative(),
      recordSha256: Hex64,
      ial: z.string(),
      commitments: z.record(z.string(), z.string()),
      disclosed: z.array(DisclosureSchema),
    })
    .nullable(),
  /**
   * For an organisation's e-seal: who used it. `operator` is the authorised
   * person the seal.used event at `ledgerIndex` names (an opaque id; their
   * identity commitments are in `identity`, disclosable like any signer's).
   */
  sealUse: z.object({ sealId: z.string(), ledgerIndex: z.number().int().nonnegative(), operator: z.string() }).optional(),
  /** For a signature made in another organisation's workspace (a signing envelope): that party's USCC; `ledgerIndex` is then in its ledger (evidence.foreign). */
  ledger: z.string().optional(),
});
export type Signer = z.infer<typeof SignerSchema>;

export const TrustPolicySchema = z.object({
  /** The ledger node's verifier key (C2SP vkey). */
  ledgerKey: z.string().min(1),
  /** C2SP tlog-policy text the checkpoint's cosignatures must satisfy; null: none required. */
  witnessPolicy: z.string().nullable(),
  /** Pinned CA / signer certificates (base64 DER), incl. the node's report-sealing certificate. */
  trustAnchors: z.array(Base64),
});
export type TrustPolicy = z.infer<typeof TrustPolicySchema>;

export const ForeignLedgerSchema = z.object({
  uscc: z.string().min(1).max(32),
  name: z.string().max(200),
  /** The party's ledger verifier key (C2SP vkey), as its envelope carried it. */
  ledgerKey: z.string().min(1).max(1000),
  events: z.array(LedgerEventSchema).max(100_000),
});
export type ForeignLedger = z.infer<typeof ForeignLedgerSchema>;

/**
 * A checkpoint the node had time-stamped: `token` (base64 DER) is an RFC 3161
 * TimeStampToken (RFC 3161 §2.4.2, a CMS SignedData over TSTInfo) whose
 * messageImprint is the SHA-256 of `note`, the C2SP signed note of that
 * checkpoint exactly as the node key signed it (c2sp.org/signed-note,
 * c2sp.org/tlog-checkpoint; no cosignatures). `consistency` is the C2SP
 * consistency proof text (RFC 9162 §2.1.4) from that tree to the package's
 * `checkpoint`, null when it is the same tree: so every entry the package
 * proves below the note's size is one the time-stamped tree contained.
 */
export const CheckpointTimestampSchema = z.object({
  note: z
    .string()
    .min(1)
    .max(1 << 16),
  token: Base64.max(1 << 20),
  consistency: z
    .string()
    .max(1 << 20)
    .nullable(),
});
export type CheckpointTimestampEvidence = z.infer<typeof CheckpointTimestampSchema>;

export const EvidenceSchema = z.object({
  format: z.literal(EVIDENCE_FORMAT),
  version: z.literal(EVIDENCE_VERSION),
  exportedAt: z.string(),
  ledger: z.object({ origin: z.string() }),
  document: z.object({
    id: z.string(),
    name: z.string(),
    sha256: Hex64,
    sha512: z.string().regex(/^[0-9a-f]{128}$/),
    bytes: z.number().int().nonnegative(),
    /** Every version's digest, oldest first; the last is document.pdf. */
    versions: z.array(Hex64).min(1),
  }),
  /** SHA-256 of the package's other files (README.txt, verify.html), so they cannot change unnoticed either. */
  files: z.record(z.string(), Hex64),
  /** Each signature's verification report at export time (shared/verify's report). */
  verification: z.unknown(),
  signers: z.array(SignerSchema),
  /** The document's audit trail in ledger order, the export event last. */
  events: z.array(LedgerEventSchema).min(1).max(100_000),
  /** The checkpoint every proof leads to (signed note, with any cosignatures). */
  checkpoint: z.object({ note: z.string(), size: z.number().int().positive(), rootHash: Base64 }),
  /** From the earliest checkpoint covering the first event to `checkpoint`; null when they are the same. */
  consistency: z.object({ oldCheckpoint: z.string(), proof: z.string() }).nullable(),
  crls: z.array(Base64),
  trustPolicy: TrustPolicySchema,
  /**
   * The other organisations' ledgers of a signing envelope: each party's
   * events for this document, proven by their tlog-proofs against the
   * checkpoint this node verified and anchored as foreign.checkpoint.
   */
  foreign: z.array(ForeignLedgerSchema).max(20).optional(),
  /** Time-stamped checkpoints covering the events, smallest tree first: an event's proven time is the earliest that includes it. */
  checkpointTimestamps: z.array(CheckpointTimestampSchema).max(1000).optional(),
});
export type Evidence = z.infer<typeof EvidenceSchema>;

/** Digest over the trail the export event anchors: every earlier event's index and leaf hash. */
export const trailText = (events: readonly Pick<LedgerEvent, 'index' | 'leafHash'>[]): string => events.map((e) => `${e.index} ${e.leafHash}\n`).join('');
