/**
 * ASiC-E containers (ETSI EN 319 162-1 §4.4, §A): a zip whose first member
 * is `mimetype`, stored uncompressed with no extra field and holding exactly
 * "application/vnd.etsi.asic-e+zip", with its signatures and manifests under
 * META-INF/. Any ZIP tool opens it; any ASiC tool finds its parts.
 *
 * Reading is written for hostile input, not delegated to a general unzip:
 * the central directory is walked with bounded counts, every member's local
 * header must agree with it, sizes above 4 GiB (ZIP64) and encryption are
 * refused, and deflated data is inflated in small pieces while counting the
 * bytes really produced — a zip bomb (a member that inflates far beyond what
 * it declares, or beyond the cap) stops at the cap, never by the size the
 * archive claims. CRC-32 and the declared size are then checked.
 */
import { Inflate, zipSync, type Zippable } from 'fflate';
import { AffixError } from '../errors/affix-error';

export const ASIC_E_MIMETYPE = 'application/vnd.etsi.asic-e+zip';

export interface AsicLimits {
  /** Members, including META-INF/ ones. */
  maxMembers: number;
  /** Inflated bytes of all members together. */
  maxTotalBytes: number;
}

export const DEFAULT_ASIC_LIMITS: AsicLimits = { maxMembers: 512, maxTotalBytes: 256 * 1024 * 1024 };

/** 1980-01-01, the zip epoch: the same content gives the same bytes. */
const FIXED_MTIME = new Date(Date.UTC(1980, 0, 1, 12));
/** Deflate expands at most ~1032:1, so a 1 KiB piece inflates to at most ~1 MiB before the count is checked. */
const INFLATE_PIECE = 1024;

const bad = (what: string, problem: string): AffixError =>
  new AffixError('BAD_INPUT', `${what} is not a valid ASiC-E container: ${problem}. Nothing was imported.`);

/** Writes `mimetype` first (stored), then the members in the order given; PDFs stored, the rest deflated. */
export function writeAsic(members: ReadonlyArray<readonly [name: string, bytes: Uint8Array]>): Uint8Array {
  const zippable: Zippable = { mimetype: [new TextEncoder().encode(ASIC_E_MIMETYPE), { level: 0, mtime: FIXED_MTIME }] };
  for (const [name, bytes] of members) {
    if (name === 'mimetype' || name in zippable) throw new AffixError('INTERNAL', `ASiC member ${name} written twice`);
    zippable[name] = [bytes, { level: name.endsWith('.pdf') ? 0 : 6, mtime: FIXED_MTIME }];
  }
  return zipSync(zippable);
}

/** Little-endian fields; one that lies past the end is a truncated archive, refused by name rather than read as NaN. */
function byteAt(b: Uint8Array, at: number, what: string): number {
  const v = b[at];
  if (v === undefined) throw bad(what, `it is truncated (a header field at byte ${at} lies past its end)`);
  return v;
}
const u16 = (b: Uint8Array, at: number, what: string): number => byteAt(b, at, what) | (byteAt(b, at + 1, what) << 8);
const u32 = (b: Uint8Array, at: number, what: string): number => u16(b, at, what) + u16(b, at + 2, what) * 0x10000;

/**
 * CRC-32 (ISO 3309, as ZIP uses it), slicing-by-8: eight bytes per step from
 * eight 256-entry tables. A 10 MB PDF member costs about a quarter of the
 * byte-at-a-time loop, which was the largest single cost of reading an envelope.
 */
let crcTables: Uint32Array[] | undefined;
function makeCrcTables(): Uint32Array[] {
  const base = new Uint32Array(256).map((_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  // Table k is table k-1 advanced by one zero byte; `v & 0xff` always indexes inside the 256 entries.
  const tables = [base];
  for (let prev = base; tables.length < 8; tables.push(prev)) prev = prev.map((v) => (v >>> 8) ^ base[v & 0xff]!);
  return tables;
}
function crc32(bytes: Uint8Array): number {
  crcTables ??= makeCrcTables();
  const [t0, t1, t2, t3, t4, t5, t6, t7] = crcTables;
  if (!t0 || !t1 || !t2 || !t3 || !t4 || !t5 || !t6 || !t7) throw new AffixError('INTERNAL', 'CRC-32 tables are incomplete');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let c = 0xffffffff;
  let i = 0;
  // Every table index below is a byte (masked, shifted down from 32 bits, or read by getUint8), so all
  // lookups fall inside the 256 entries: the `!`s assert exactly that, in the loop that must stay fast.
  for (const end = bytes.length - 8; i <= end; i += 8) {
    const a = view.getUint32(i, true) ^ c;
    c =
      t7[a & 0xff]! ^
      t6[(a >>> 8) & 0xff]! ^
      t5[(a >>> 16) & 0xff]! ^
      t4[a >>> 24]! ^
      t3[view.getUint8(i + 4)]! ^
      t2[view.getUint8(i + 5)]! ^
      t1[view.getUint8(i + 6)]! ^
      t0[view.getUint8(i + 7)]!;
  }
  for (; i < bytes.length; i++) c = t0[(c ^ view.getUint8(i)) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// eslint-disable-next-line no-control-regex -- a member name with control characters is refused
const CONTROL_CHARACTERS = /[\u0000-\u001f]/;

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

/**
 * The members of an ASiC-E container, `mimetype` checked and left out.
 * Throws BAD_INPUT naming the problem for anything malformed, unsafe or over
 * the limits.
 */
export function readAsic(zip: Uint8Array, what: string, limits: AsicLimits = DEFAULT_ASIC_LIMITS): Map<string, Uint8Array> {
  if (zip.length < 22 || u32(zip, 0, what) !== 0x04034b50) throw bad(what, 'it is not a zip archive');
  let eocd = -1;
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 65535); at--) {
    if (u32(zip, at, what) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) throw bad(what, 'its end of central directory is missing (truncated?)');
  const count = u16(zip, eocd + 10, what);
  const cdSize = u32(zip, eocd + 12, what);
  const cdOffset = u32(zip, eocd + 16, what);
  if (count === 0xffff || cdOffset === 0xffffffff) throw bad(what, 'it uses ZIP64, which an envelope never needs');
  if (count > limits.maxMembers) throw bad(what, `it has ${count} members, more than the ${limits.maxMembers} allowed`);
  if (cdOffset + cdSize > eocd) throw bad(what, 'its central directory lies outside the file');

  const members = new Map<string, Uint8Array>();
  let total = 0;
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > eocd || u32(zip, p, what) !== 0x02014b50) throw bad(what, `central directory entry ${i + 1} is damaged`);
    const flags = u16(zip, p + 8, what);
    const method = u16(zip, p + 10, what);
    const crc = u32(zip, p + 16, what);
    const compressed = u32(zip, p + 20, what);
    const size = u32(zip, p + 24, what);
    const nameLen = u16(zip, p + 28, what);
    const extraLen = u16(zip, p + 30, what);
    const commentLen = u16(zip, p + 32, what);
    const local = u32(zip, p + 42, what);
    if (p + 46 + nameLen > eocd) throw bad(what, `central directory entry ${i + 1} is damaged`);
    const name = new TextDecoder('utf-8', { fatal: false }).decode(zip.subarray(p + 46, p + 46 + nameLen));
    p += 46 + nameLen + extraLen + commentLen;
    if (!safeName(name)) throw bad(what, `member name ${JSON.stringify(name.slice(0, 80))} is not a safe relative path`);
    if (flags & 1) throw bad(what, `member ${name} is encrypted`);
    if (compressed === 0xffffffff || size === 0xffffffff) throw bad(what, `member ${name} uses ZIP64 sizes`);
    if (members.has(name) || (name === 'mimetype' && i !== 0)) throw bad(what, `member ${name} appears twice or out of place`);
    if (local + 30 > zip.length || u32(zip, local, what) !== 0x04034b50) throw bad(what, `member ${name}: its local header is missing`);
    const localNameLen = u16(zip, local + 26, what);
    const localExtraLen = u16(zip, local + 28, what);
    const localName = new TextDecoder().decode(zip.subarray(local + 30, local + 30 + localNameLen));
    if (localName !== name || u16(zip, local + 8, what) !== method) throw bad(what, `member ${name}: its local header does not match the central directory`);
    const start = local + 30 + localNameLen + localExtraLen;
    if (start + compressed > cdOffset) throw bad(what, `member ${name} runs past the end of the data`);
    if (i === 0 && (name !== 'mimetype' || method !== 0 || local !== 0 || localExtraLen !== 0)) {
      throw bad(what, 'its first member must be "mimetype", stored uncompressed with no extra field (ETSI EN 319 162-1)');
    }
    if (total + size > limits.maxTotalBytes) throw bad(what, `its members would inflate to more than ${limits.maxTotalBytes} bytes`);
    const data = zip.subarray(start, start + compressed);
    const bytes = method === 0 ? data : method === 8 ? inflateCapped(data, limits.maxTotalBytes - total, what, name) : null;
    if (!bytes) throw bad(what, `member ${name} uses compression method ${method}; only stored and deflate are read`);
    if (bytes.length !== size) throw bad(what, `member ${name} inflates to ${bytes.length} bytes, not the ${size} its header declares`);
    if (crc32(bytes) !== crc) throw bad(what, `member ${name} fails its CRC-32 check (damaged or altered)`);
    total += bytes.length;
    if (name.endsWith('/')) {
      if (bytes.length !== 0) throw bad(what, `directory entry ${name} has content`);
      continue;
    }
    members.set(name, bytes);
  }
  const mimetype = members.get('mimetype');
  if (!mimetype || new TextDecoder().decode(mimetype) !== ASIC_E_MIMETYPE) throw bad(what, `its mimetype is not ${ASIC_E_MIMETYPE}`);
  members.delete('mimetype');
  return members;
}

/** Inflates in small pieces, counting what comes out; stops as soon as `cap` bytes are passed. */
function inflateCapped(data: Uint8Array, cap: number, what: string, name: string): Uint8Array {
  const chunks: Uint8Array[] = [];
  let produced = 0;
  let ended = false;
  const inflate = new Inflate((chunk, final) => {
    produced += chunk.length;
    if (produced > cap) throw bad(what, `member ${name} inflates beyond ${cap} bytes (a zip bomb?)`);
    chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let at = 0; at < data.length; at += INFLATE_PIECE)
      inflate.push(data.subarray(at, Math.min(data.length, at + INFLATE_PIECE)), at + INFLATE_PIECE >= data.length);
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof AffixError) throw error;
    throw bad(what, `member ${name} cannot be inflated (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!ended && produced > 0) throw bad(what, `member ${name} is truncated`);
  const out = new Uint8Array(produced);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
