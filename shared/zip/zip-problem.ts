/**
 * What the zip reader refuses, as data rather than words: the reader has one
 * set of checks, and each caller (the ASiC-E reader, the proof-package reader)
 * says the problem in the words and error its own users know. A caller's
 * `switch` over `kind` is checked for completeness by the compiler, so a new
 * refusal cannot reach a user unworded.
 */
export type ZipProblem =
  /** The file does not begin with a zip record (APPNOTE.TXT §4.3.6, §4.3.7). */
  | { kind: 'not-zip' }
  /** A header field lies past the end of the file. */
  | { kind: 'truncated'; at: number }
  /** No end-of-central-directory record in the last 64 KiB + 22 bytes (§4.3.16). */
  | { kind: 'no-end-record' }
  /** The end record holds a ZIP64 marker (§4.4.1.4): the archive needs ZIP64, which no caller writes. */
  | { kind: 'zip64-archive' }
  /** More central-directory entries than the caller allows (§4.4.22). */
  | { kind: 'too-many-entries'; count: number; limit: number }
  /** The central directory's offset and size (§4.4.23, §4.4.24) place it outside the file. */
  | { kind: 'directory-outside-file' }
  /** Central-directory entry `entry` (1-based) has no signature or runs past the directory (§4.3.12). */
  | { kind: 'entry-damaged'; entry: number }
  /** A name that is empty, absolute, has `\`, `.` or `..` parts or control characters (§4.4.17.1). */
  | { kind: 'unsafe-name'; name: string }
  | { kind: 'duplicate-name'; name: string }
  /** General-purpose flag bit 0, 6 or 13 (§4.4.4). */
  | { kind: 'encrypted'; name: string }
  /** A size or offset of 0xFFFFFFFF: the real value is in a ZIP64 extra field (§4.4.8, §4.4.9, §4.4.16). */
  | { kind: 'zip64-member'; name: string }
  /** The central directory's offset (§4.4.16) does not point at a local header (§4.3.7). */
  | { kind: 'no-local-header'; name: string }
  /** The local header names another file or method than the central directory. */
  | { kind: 'local-header-mismatch'; name: string }
  /** The member's data would run into the central directory or past the end. */
  | { kind: 'data-outside'; name: string }
  /** A compression method other than 0 (stored) or 8 (deflate) (§4.4.5). */
  | { kind: 'unsupported-method'; name: string; method: number }
  /** A member's declared size (or, stored, its real size) is over what the caller allows for it. */
  | { kind: 'member-over-budget'; name: string; bytes: number; limit: number; stored: boolean }
  /** The members to inflate declare more bytes together than the caller allows. */
  | { kind: 'total-over-budget'; bytes: number; limit: number }
  /** Inflation produced more than the declared size, and was stopped there: a zip bomb. */
  | { kind: 'inflates-beyond-declared'; name: string; declared: number }
  /** The member's real size is not its declared size (§4.4.9). */
  | { kind: 'size-mismatch'; name: string; actual: number; declared: number; stored: boolean }
  /** The deflate stream (RFC 1951) is damaged or truncated. */
  | { kind: 'not-inflatable'; name: string; reason: string }
  /** The CRC-32 of the member's bytes is not the one the central directory holds (§4.4.7). */
  | { kind: 'crc-mismatch'; name: string };

/** Thrown inside shared/zip; `readZip` hands its problem to the caller's own error. */
export class ZipRefusal extends Error {
  constructor(readonly problem: ZipProblem) {
    super(`zip refused: ${problem.kind}`);
    this.name = 'ZipRefusal';
  }
}
