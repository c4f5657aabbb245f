/**
 * The canonical, versioned byte encoding of a ledger entry — the exact bytes
 * whose RFC 9162 leaf hash goes into the tree, so every field has exactly one
 * encoding and decoding refuses anything else (re-encoding must reproduce the
 * input). Version 1, all integers big-endian:
 *
 *   u8   version = 0x01
 *   u8   type length (1..64)          type, ASCII, e.g. "document.anchored"
 *   u64  time                         milliseconds since 1970-01-01T00:00:00Z (years 1970..9999)
 *   u8   actor length (0 = none)      actor key id, UTF-8
 *   u8   subject count (0..64)        each: 32 bytes (SHA-256 of the document/certificate/seal)
 *   u8   commitment count (0..64)     each: u8 length (16..64) ‖ bytes (salted/keyed commitment)
 *   u8   ref count (0..32)            each: u8 key length (1..64) ‖ key (ASCII) ‖ u16 value length (0..1024) ‖ value (UTF-8)
 *                                     keys strictly ascending, no duplicates
 *
 * Personal data never belongs here: subjects are digests, commitments are
 * HMACs/salted hashes, refs are internal identifiers (document id, field name).
 */
import { badInput } from '../errors/affix-error';
import { decodeHexInto, fromUtf8, readU64, toHex, utf8, writeU64 } from './bytes';
import type { NewLedgerEntry } from './entry-types';
import { hashLeaf } from './merkle';

export const ENTRY_VERSION = 1;

export const LIMITS = {
  typeBytes: 64,
  actorBytes: 255,
  subjects: 64,
  commitments: 64,
  commitmentMinBytes: 16,
  commitmentMaxBytes: 64,
  refs: 32,
  refKeyBytes: 64,
  refValueBytes: 1024,
} as const;

/** Latest time the encoding accepts: 9999-12-31T23:59:59.999Z (so ISO strings round-trip). */
const MAX_TIME_MS = 253402300799999;

const TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const REF_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const HEX64 = /^[0-9a-f]{64}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A decoded (or normalised, ready-to-encode) entry. */
export interface LedgerEntry {
  version: typeof ENTRY_VERSION;
  /** Any well-formed type; the node only appends the types in LEDGER_ENTRY_TYPES. */
  type: string;
  /** ISO 8601 UTC with milliseconds, e.g. 2025-01-02T03:04:05.678Z. */
  time: string;
  actorKeyId: string | null;
  /** Lowercase hex SHA-256 digests. */
  subjects: string[];
  /** Lowercase hex commitments. */
  commitments: string[];
  refs: Record<string, string>;
}

// A function declaration (not an arrow) so that TypeScript narrows after a call.
function fail(why: string): never {
  throw badInput(`Ledger entry: ${why}`);
}

/**
 * The batch's clock reading, or the caller's time string, repeats from entry to entry: remember the
 * last conversion each way (toISOString and Date.parse cost more than the rest of an encoding).
 */
let formattedMs = NaN;
let formattedIso = '';
function isoOf(ms: number): string {
  if (ms !== formattedMs) {
    formattedIso = new Date(ms).toISOString();
    formattedMs = ms;
  }
  return formattedIso;
}
let parsedIso = '';
let parsedMs = NaN;
function msOf(iso: string): number {
  if (iso !== parsedIso) {
    parsedMs = Date.parse(iso);
    parsedIso = iso;
  }
  return parsedMs;
}

function checkText(what: string, value: string, maxBytes: number, allowEmpty: boolean): Uint8Array {
  const bytes = utf8(value);
  if (!allowEmpty && bytes.length === 0) fail(`${what} is empty`);
  if (bytes.length > maxBytes) fail(`${what} is longer than ${maxBytes} bytes`);
  if (CONTROL.test(value)) fail(`${what} contains control characters`);
  return bytes;
}

/** Validates a service's entry and fills in its time; throws BAD_INPUT naming the problem. */
export function normalizeEntry(entry: NewLedgerEntry, now: Date = new Date()): LedgerEntry {
  const type = String(entry.type);
  if (!TYPE_PATTERN.test(type) || type.length > LIMITS.typeBytes) fail(`type "${type}" is not a dotted lowercase name`);
  let ms = now.getTime();
  if (entry.time !== undefined) {
    ms = msOf(entry.time);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(entry.time) || Number.isNaN(ms)) fail(`time "${entry.time}" is not an ISO 8601 date-time`);
  }
  if (!(ms >= 0 && ms <= MAX_TIME_MS)) fail(`time ${new Date(ms).toISOString()} is outside 1970..9999`);
  const subjects = entry.subjects.map((s) => s.toLowerCase());
  if (subjects.length > LIMITS.subjects) fail(`more than ${LIMITS.subjects} subjects`);
  for (const s of subjects) if (!HEX64.test(s)) fail(`subject "${s}" is not a hex SHA-256 digest`);
  const commitments = (entry.commitments ?? []).map((c) => c.toLowerCase());
  if (commitments.length > LIMITS.commitments) fail(`more than ${LIMITS.commitments} commitments`);
  for (const c of commitments) {
    const n = c.length / 2;
    if (!/^[0-9a-f]*$/.test(c) || c.length % 2 || n < LIMITS.commitmentMinBytes || n > LIMITS.commitmentMaxBytes) {
      fail(`commitment "${c}" is not ${LIMITS.commitmentMinBytes}..${LIMITS.commitmentMaxBytes} bytes of hex`);
    }
  }
  const actorKeyId = entry.actorKeyId === undefined || entry.actorKeyId === '' ? null : entry.actorKeyId;
  if (actorKeyId !== null) checkText('actor key id', actorKeyId, LIMITS.actorBytes, false);
  const refs: Record<string, string> = {};
  const keys = Object.keys(entry.refs ?? {}).sort(compareUtf8);
  if (keys.length > LIMITS.refs) fail(`more than ${LIMITS.refs} refs`);
  for (const k of keys) {
    if (!REF_KEY_PATTERN.test(k) || k.length > LIMITS.refKeyBytes) fail(`ref key "${k}" is not a plain identifier`);
    const v = entry.refs![k];
    if (typeof v !== 'string') fail(`ref "${k}" is not a string`);
    checkText(`ref "${k}"`, v, LIMITS.refValueBytes, true);
    refs[k] = v;
  }
  return { version: ENTRY_VERSION, type, time: isoOf(ms), actorKeyId, subjects, commitments, refs };
}

function compareUtf8(a: string, b: string): number {
  const x = utf8(a);
  const y = utf8(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!; // i within both
  return x.length - y.length;
}

/** Canonical bytes of a normalised entry (sized first and written once: appends encode a lot of these). */
export function encodeEntry(e: LedgerEntry): Uint8Array {
  const typeBytes = utf8(e.type);
  const actor = e.actorKeyId === null ? EMPTY : utf8(e.actorKeyId);
  const refEntries = Object.entries(e.refs);
  const refs = refEntries.length === 0 ? NO_REFS : refEntries.map(([k, v]) => [utf8(k), utf8(v)] as const);
  let length = 2 + typeBytes.length + 8 + 1 + actor.length + 1 + 32 * e.subjects.length + 1 + 1;
  for (const c of e.commitments) length += 1 + c.length / 2;
  for (const [k, v] of refs) length += 1 + k.length + 2 + v.length;
  const out = new Uint8Array(length);
  let o = 0;
  out[o++] = ENTRY_VERSION;
  out[o++] = typeBytes.length;
  out.set(typeBytes, o);
  o += typeBytes.length;
  writeU64(out, o, msOf(e.time));
  o += 8;
  out[o++] = actor.length;
  out.set(actor, o);
  o += actor.length;
  out[o++] = e.subjects.length;
  for (const s of e.subjects) o = putHex(out, o, s, 32);
  out[o++] = e.commitments.length;
  for (const c of e.commitments) {
    out[o++] = c.length / 2;
    o = putHex(out, o, c, c.length / 2);
  }
  out[o++] = refs.length;
  for (const [k, v] of refs) {
    out[o++] = k.length;
    out.set(k, o);
    o += k.length;
    out[o++] = v.length >> 8;
    out[o++] = v.length & 255;
    out.set(v, o);
    o += v.length;
  }
  return out;
}

/** Writes `bytes` bytes of hex straight into `out` (no intermediate array); refuses anything that is not that. */
function putHex(out: Uint8Array, o: number, hex: string, bytes: number): number {
  if (hex.length !== 2 * bytes || !decodeHexInto(hex, out, o)) fail(`"${hex}" is not ${bytes} bytes of hex`);
  return o + bytes;
}

const NO_REFS: readonly (readonly [Uint8Array, Uint8Array])[] = [];
const EMPTY = new Uint8Array(0);

/** Parses canonical entry bytes; throws BAD_INPUT for anything malformed or non-canonical. */
export function decodeEntry(bytes: Uint8Array): LedgerEntry {
  let o = 0;
  const need = (n: number, what: string): void => {
    if (o + n > bytes.length) fail(`truncated in ${what}`);
  };
  const u8 = (what: string): number => {
    const b = bytes[o];
    if (b === undefined) fail(`truncated in ${what}`);
    o++;
    return b;
  };
  const take = (n: number, what: string): Uint8Array => {
    need(n, what);
    const out = bytes.subarray(o, o + n);
    o += n;
    return out;
  };
  const text = (b: Uint8Array, what: string): string => {
    const s = fromUtf8(b);
    if (s === null) fail(`${what} is not UTF-8`);
    return s!;
  };
  const version = u8('version');
  if (version !== ENTRY_VERSION) fail(`unknown version ${version}`);
  const type = text(take(u8('type'), 'type'), 'type');
  need(8, 'time');
  const ms = readU64(bytes, o);
  o += 8;
  if (ms === null || ms > MAX_TIME_MS) fail('time out of range');
  const actorLen = u8('actor');
  const actorKeyId = actorLen === 0 ? null : text(take(actorLen, 'actor'), 'actor key id');
  const subjects: string[] = [];
  for (let n = u8('subject count'); n > 0; n--) subjects.push(toHex(take(32, 'subject')));
  const commitments: string[] = [];
  for (let n = u8('commitment count'); n > 0; n--) commitments.push(toHex(take(u8('commitment length'), 'commitment')));
  const refs: Record<string, string> = {};
  for (let n = u8('ref count'); n > 0; n--) {
    const key = text(take(u8('ref key length'), 'ref key'), 'ref key');
    const vlen = (u8('ref value length') << 8) | u8('ref value length');
    if (Object.hasOwn(refs, key)) fail(`duplicate ref "${key}"`);
    refs[key] = text(take(vlen, 'ref value'), 'ref value');
  }
  if (o !== bytes.length) fail(`${bytes.length - o} trailing bytes`);
  // One encoding per entry: whatever normalisation would change (order, case, limits) is refused.
  const normal = normalizeEntry({
    type: type as NewLedgerEntry['type'],
    subjects,
    commitments,
    actorKeyId: actorKeyId ?? undefined,
    refs,
    time: new Date(ms!).toISOString(),
  });
  const again = encodeEntry(normal);
  if (again.length !== bytes.length || again.some((b, i) => b !== bytes[i])) fail('not in canonical form');
  return normal;
}

export const entryLeafHash = (bytes: Uint8Array): Uint8Array => hashLeaf(bytes);
