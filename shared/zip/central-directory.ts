/**
 * Where each member of a zip is, read from the central directory (APPNOTE.TXT
 * §4.3.12) and confirmed by its local header (§4.3.7), with no byte of any
 * member touched. Written for hostile input: the entry count is bounded before
 * the walk, every field read past the end is refused by name (never read as
 * NaN), ZIP64 and encryption are refused, and a member whose local header
 * disagrees with the directory (another name or method, a trick to show one
 * tool different contents than another) is refused.
 */
import { ZipRefusal, type ZipProblem } from './zip-problem';

export interface ZipEntry {
  readonly name: string;
  /** 0 stored, 8 deflate (§4.4.5); nothing else gets this far. */
  readonly method: 0 | 8;
  /** From the central directory (§4.4.7). */
  readonly crc32: number;
  readonly compressedSize: number;
  /** The uncompressed size the directory declares (§4.4.9): a claim, until inflation counts it. */
  readonly declaredSize: number;
  /** Where the local header starts (§4.4.16). */
  readonly localOffset: number;
  /** The local header's own extra-field length (§4.4.11), which may differ from the directory's. */
  readonly localExtraLength: number;
  /** Where the member's (compressed) data starts, just past its local header. */
  readonly dataOffset: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_RECORD = 0x06054b50;
/** §4.4.4: bit 0 encrypted, bit 6 strong encryption, bit 13 central-directory encryption (local values masked). */
const ENCRYPTION_FLAGS = (1 << 0) | (1 << 6) | (1 << 13);

const refuse = (problem: ZipProblem): ZipRefusal => new ZipRefusal(problem);

/** Little-endian fields (§4.4.1.1); one past the end means a truncated file. */
function byteAt(b: Uint8Array, at: number): number {
  const v = b[at];
  if (v === undefined) throw refuse({ kind: 'truncated', at });
  return v;
}
const u16 = (b: Uint8Array, at: number): number => byteAt(b, at) | (byteAt(b, at + 1) << 8);
const u32 = (b: Uint8Array, at: number): number => u16(b, at) + u16(b, at + 2) * 0x10000;

// eslint-disable-next-line no-control-regex -- a member name with control characters is refused
const CONTROL_CHARACTERS = /[\u0000-\u001f]/;

/** §4.4.17.1: a relative path with forward slashes; no `.` or `..` parts, no control characters. */
function safeName(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= 255 &&
    !name.startsWith('/') &&
    !name.includes('\\') &&
    !name.split('/').some((p) => p === '..' || p === '.') &&
    !CONTROL_CHARACTERS.test(name)
  );
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The end-of-central-directory record (§4.3.16): 22 bytes, then a comment of at most 65535 (§4.4.25). */
function findEndRecord(zip: Uint8Array): number {
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (u32(zip, at) === END_RECORD) return at;
  }
  throw refuse({ kind: 'no-end-record' });
}

/**
 * Every entry of the central directory, in its order, each located and checked
 * against its local header. Throws ZipRefusal for anything malformed, unsafe
 * or over `maxEntries`.
 */
export function readCentralDirectory(zip: Uint8Array, maxEntries: number): ZipEntry[] {
  // §4.3.6: a zip begins with a local header, or is empty and holds only its end record (§4.3.1).
  if (zip.length < 22 || (u32(zip, 0) !== LOCAL_HEADER && u32(zip, 0) !== END_RECORD)) throw refuse({ kind: 'not-zip' });
  const end = findEndRecord(zip);
  const count = u16(zip, end + 10);
  const dirSize = u32(zip, end + 12);
  const dirOffset = u32(zip, end + 16);
  // §4.4.1.4: a field set to all ones means the real value is in a ZIP64 record.
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) throw refuse({ kind: 'zip64-archive' });
  if (count > maxEntries) throw refuse({ kind: 'too-many-entries', count, limit: maxEntries });
  const dirEnd = dirOffset + dirSize;
  if (dirEnd > end) throw refuse({ kind: 'directory-outside-file' });

  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = dirOffset;
  for (let n = 1; n <= count; n++) {
    if (at + 46 > dirEnd || u32(zip, at) !== CENTRAL_HEADER) throw refuse({ kind: 'entry-damaged', entry: n });
    const flags = u16(zip, at + 8);
    const method = u16(zip, at + 10);
    const crc32 = u32(zip, at + 16);
    const compressedSize = u32(zip, at + 20);
    const declaredSize = u32(zip, at + 24);
    const nameLength = u16(zip, at + 28);
    const next = at + 46 + nameLength + u16(zip, at + 30) + u16(zip, at + 32);
    const localOffset = u32(zip, at + 42);
    if (next > dirEnd) throw refuse({ kind: 'entry-damaged', entry: n });
    const rawName = zip.subarray(at + 46, at + 46 + nameLength);
    const name = new TextDecoder('utf-8', { fatal: false }).decode(rawName);
    at = next;

    if (!safeName(name)) throw refuse({ kind: 'unsafe-name', name });
    if (names.has(name)) throw refuse({ kind: 'duplicate-name', name });
    names.add(name);
    if (flags & ENCRYPTION_FLAGS) throw refuse({ kind: 'encrypted', name });
    if (compressedSize === 0xffffffff || declaredSize === 0xffffffff || localOffset === 0xffffffff) throw refuse({ kind: 'zip64-member', name });
    if (method !== 0 && method !== 8) throw refuse({ kind: 'unsupported-method', name, method });

    if (localOffset + 30 > dirOffset || u32(zip, localOffset) !== LOCAL_HEADER) throw refuse({ kind: 'no-local-header', name });
    const localNameLength = u16(zip, localOffset + 26);
    const localExtraLength = u16(zip, localOffset + 28);
    const localName = zip.subarray(localOffset + 30, localOffset + 30 + localNameLength);
    if (!sameBytes(localName, rawName) || u16(zip, localOffset + 8) !== method) throw refuse({ kind: 'local-header-mismatch', name });
    const dataOffset = localOffset + 30 + localNameLength + localExtraLength;
    // §4.3.6: member data comes before the central directory.
    if (dataOffset + compressedSize > dirOffset) throw refuse({ kind: 'data-outside', name });

    entries.push({ name, method, crc32, compressedSize, declaredSize, localOffset, localExtraLength, dataOffset });
  }
  return entries;
}
