/**
 * What a caller asks of the signing engine and what it gets back: the
 * options of one signature (field, appearance, locks, certification, time
 * stamps) and the report of the signed PDF.
 */
import type { PdfReader } from '../../../../shared/pdf/reader';
import type { DrawAppearance } from './appearance-bridge';
import type { CertificationLevel } from './document-certification';
import type { IncrementalUpdate } from './incremental-update';

export type SubFilter = 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';

/** x, y of the lower-left corner, width and height, in PDF points (default user space). */
export type Rect = [x: number, y: number, width: number, height: number];

export interface Placement {
  /** 0-based page index. */
  pageIndex: number;
  rect: Rect;
}

export type SignatureAppearance =
  /** A zero-size widget, on the first page unless a page is given. */
  | { kind: 'invisible'; pageIndex?: number }
  /** A widget drawn by `draw`; `placement` is required for a new field and refused for an existing one (it has its own). */
  | { kind: 'visible'; draw: DrawAppearance; placement?: Placement };

/** FieldMDP (§12.8.2.4): which form fields this signature locks. */
export type FieldLock = { action: 'All' } | { action: 'Include' | 'Exclude'; fields: string[] };

/**
 * An empty signature field created in the same revision as this signature,
 * for a later signer to fill: with `placement` a visible box, else a
 * zero-size widget on page `pageIndex` (default the first). Its `lock`
 * becomes the field's /Lock, honoured when it is signed.
 */
export interface EmptyField {
  name: string;
  placement?: Placement;
  pageIndex?: number;
  lock?: FieldLock;
}

export interface SignOptions {
  /**
   * Attack corpora only (test/support/attacks): skip the refusals that keep
   * this signer from breaking an earlier certification, so the verifier can be
   * shown the sneaky-signature attack made with a real signature. No CLI option,
   * contract field or service sets it.
   */
  unsafeCraftAttack?: true;
  /** Default ETSI.CAdES.detached (PAdES B-B). */
  subFilter?: SubFilter;
  /** Sign this field: an existing empty signature field, or a new field with this name. Default: a new "SignatureN". */
  field?: string;
  /** Make this a certification signature with DocMDP permission level P. */
  certify?: CertificationLevel;
  /** Lock form fields once signed (new fields; an existing field's own /Lock is always honoured). */
  lock?: FieldLock;
  /**
   * Empty signature fields for later signers, created in this signature's
   * revision: a certification signature covers them, so the later signers
   * fill existing fields instead of adding new visible ones, which DocMDP
   * forbids (the sneaky-signature attack).
   */
  emptyFields?: EmptyField[];
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Claimed signing time, written to /M (and the CMS signing-time in pkcs7 mode). Default: now. */
  signingTime?: Date;
  appearance?: SignatureAppearance;
  /** Bytes reserved for the CMS; default is an estimate from the chain plus timestamp room. */
  reservedBytes?: number;
  /** PAdES B-T: an RFC 3161 token over the signature value (see CmsRequest.timestamp). */
  timestamp?: (signatureValueSha256: Uint8Array) => Promise<Uint8Array>;
  /**
   * A document timestamp instead of a signature (PAdES B-LTA; ISO 32000-2
   * §12.8.5): /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161, and /Contents
   * the RFC 3161 token over the byte ranges' digest (SHA-256 with a P-256 key
   * stand-in). An empty token leaves the placeholder for a reply applied later.
   */
  documentTimestamp?: (byteRangeDigest: Uint8Array) => Promise<Uint8Array>;
  /** Further edits to the same revision before it is written (e.g. a DSS). */
  extendRevision?: (reader: PdfReader, update: IncrementalUpdate) => void;
}

export interface SignedPdf {
  /** The input bytes, unchanged: the output is `original` followed by `appended`. */
  original: Uint8Array;
  appended: Uint8Array;
  field: string;
  /** Number of %%EOF-terminated revisions in the output. */
  revision: number;
  /** SHA-256 (hex) of the whole output. */
  sha256: string;
  /** SHA-256 (hex) of the input. */
  inputSha256: string;
  bytes: number;
  byteRange: [number, number, number, number];
  subFilter: SubFilter;
  certification?: CertificationLevel;
  /** Bytes reserved for the CMS, the CMS's actual size, and how many serialisations it took. */
  reservedBytes: number;
  cmsBytes: number;
  attempts: number;
}
