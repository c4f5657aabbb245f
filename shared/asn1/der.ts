/**
 * Minimal DER assembly (X.690 §10) for the CMS Affix writes: the signer's
 * SignedData and the time-stamping authority's tokens (its hot path, a
 * thousand a second). Plain byte concatenation of tag-length-value triples,
 * with asn1js only for OIDs.
 */
import * as asn1js from 'asn1js';

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  // Hot on the TSA's path (about thirty elements per token): no intermediate arrays.
  let len = 0;
  for (const p of parts) len += p.length;
  let lengthBytes = 0;
  if (len >= 0x80) for (let v = len; v > 0; v = Math.floor(v / 256)) lengthBytes++;
  const out = new Uint8Array(2 + lengthBytes + len);
  out[0] = tag;
  if (lengthBytes === 0) out[1] = len;
  else {
    out[1] = 0x80 | lengthBytes;
    for (let i = lengthBytes, v = len; i > 0; i--, v = Math.floor(v / 256)) out[1 + i] = v & 0xff;
  }
  let o = 2 + lengthBytes;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const seq = (...parts: Uint8Array[]): Uint8Array => tlv(0x30, ...parts);
export const set = (...parts: Uint8Array[]): Uint8Array => tlv(0x31, ...parts);
export const octets = (b: Uint8Array): Uint8Array => tlv(0x04, b);
/** Context-specific constructed [n] (EXPLICIT, or IMPLICIT over a constructed type). */
export const ctx = (n: number, ...parts: Uint8Array[]): Uint8Array => tlv(0xa0 | n, ...parts);
export const utf8 = (s: string): Uint8Array => tlv(0x0c, new TextEncoder().encode(s));
export const BOOLEAN_TRUE = Uint8Array.of(0x01, 0x01, 0xff);

const oidCache = new Map<string, Uint8Array>();
export function oid(value: string): Uint8Array {
  let b = oidCache.get(value);
  if (!b) oidCache.set(value, (b = new Uint8Array(new asn1js.ObjectIdentifier({ value }).toBER())));
  return b;
}

/** A small non-negative INTEGER (versions, statuses, accuracy). */
export function int(n: number): Uint8Array {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return uint(Uint8Array.from(bytes));
}

/** A non-negative INTEGER from its big-endian magnitude (a sign byte added when the top bit is set). */
export function uint(magnitude: Uint8Array): Uint8Array {
  let i = 0;
  while (i < magnitude.length - 1 && magnitude[i] === 0) i++;
  const m = magnitude.subarray(i);
  return m.length && m[0]! & 0x80 ? tlv(0x02, Uint8Array.of(0), m) : tlv(0x02, m.length ? m : Uint8Array.of(0));
}

/** A named-bit BIT STRING with exactly one bit set, DER (trailing zero bits dropped). */
export function namedBit(bit: number): Uint8Array {
  const bytes = new Uint8Array((bit >> 3) + 1);
  bytes[bit >> 3] = 0x80 >> (bit & 7);
  return tlv(0x03, Uint8Array.of(7 - (bit & 7)), bytes);
}

/**
 * GeneralizedTime as RFC 3161 §2.4.2 requires: UTC ("Z"), fractions of a
 * second only when non-zero and without trailing zeros.
 */
export function generalizedTime(d: Date): Uint8Array {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  let s = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  const ms = d.getUTCMilliseconds();
  if (ms) s += `.${p(ms, 3).replace(/0+$/, '')}`;
  return tlv(
    0x18,
    Uint8Array.from(`${s}Z`, (c) => c.charCodeAt(0)),
  );
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!; // i within both
  return a.length - b.length;
}
