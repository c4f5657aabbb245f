/**
 * Byte helpers for the ledger formats. Everything here runs in browsers too,
 * so no Buffer: plain Uint8Array, strict hex and strict RFC 4648 base64 (the
 * signed-note and tlog formats require canonical standard base64 with padding;
 * a lenient decoder would let two texts stand for the same bytes).
 */

const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function toHex(bytes: Uint8Array): string {
  let s = '';
  // Bounds proven: i < bytes.length, and a byte's nibbles index the 16-character HEX.
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]! >> 4]! + HEX[bytes[i]! & 15]!;
  return s;
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE[HEX.charCodeAt(i)] = i;
  HEX_VALUE[HEX.toUpperCase().charCodeAt(i)] = i;
}

/** Decodes lowercase (or uppercase) hex; returns null for anything else. */
export function fromHex(hex: string): Uint8Array | null {
  if (hex.length % 2 !== 0) return null;
  const out = new Uint8Array(hex.length / 2);
  return decodeHexInto(hex, out, 0) ? out : null;
}

/** Decodes even-length hex into out[offset…]; false (out partly written) for a non-hex character. */
export function decodeHexInto(hex: string, out: Uint8Array, offset: number): boolean {
  const n = hex.length >> 1;
  for (let i = 0; i < n; i++) {
    const a = hex.charCodeAt(2 * i);
    const b = hex.charCodeAt(2 * i + 1);
    // HEX_VALUE has 128 entries, so the guarded reads are in bounds.
    const hi = a < 128 ? HEX_VALUE[a]! : -1;
    const lo = b < 128 ? HEX_VALUE[b]! : -1;
    if (hi < 0 || lo < 0) return false;
    out[offset + i] = (hi << 4) | lo;
  }
  return true;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  let i = 0;
  // Bounds proven by the loop condition (i + 2 < length) and by `& 63` into the 64-character B64.
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    s += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  if (i < bytes.length) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8);
    s += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + (i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=') + '=';
  }
  return s;
}

/** Strict standard base64 with padding; non-canonical encodings (stray bits, missing '=') return null. */
export function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      const last = i + 4 === text.length;
      if (c === 61 /* = */ && last && j >= 4 - pad) {
        n <<= 6;
        continue;
      }
      const v = c < 128 ? B64_INDEX[c]! : -1;
      if (v < 0) return null;
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
    // Canonical form: the bits dropped by padding must be zero.
    if (i + 4 === text.length && ((pad === 1 && (n & 0xff) !== 0) || (pad === 2 && (n & 0xffff) !== 0))) return null;
  }
  return out;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 bytes; short ASCII strings (entry types, key ids, ref keys) skip TextEncoder, which costs more than the copy. */
export function utf8(text: string): Uint8Array {
  if (text.length > 64) return encoder.encode(text);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return encoder.encode(text);
    out[i] = c;
  }
  return out;
}

/** Decodes UTF-8, returning null for malformed input. */
export function fromUtf8(bytes: Uint8Array): string | null {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return null;
  }
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!; // same length, checked above
  return diff === 0;
}

/** Big-endian unsigned 64-bit write of a safe integer (the ledger never needs more than 2^53). */
export function writeU64(out: Uint8Array, offset: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a u64-safe integer: ${value}`);
  if (offset < 0 || offset + 8 > out.length) throw new RangeError('u64 does not fit');
  let hi = Math.floor(value / 2 ** 32);
  let lo = value >>> 0;
  for (let i = 3; i >= 0; i--) {
    out[offset + i] = hi & 255;
    out[offset + 4 + i] = lo & 255;
    hi >>>= 8;
    lo >>>= 8;
  }
}

/** Reads a big-endian u64; returns null when it exceeds Number.MAX_SAFE_INTEGER. */
export function readU64(bytes: Uint8Array, offset: number): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hi = view.getUint32(offset);
  const lo = view.getUint32(offset + 4);
  if (hi > 0x1fffff) return null;
  return hi * 2 ** 32 + lo;
}

/** Parses an ASCII decimal with no leading zeroes (as the tlog formats require); null otherwise. */
export function parseDecimal(text: string): number | null {
  if (!/^(0|[1-9][0-9]*)$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}
