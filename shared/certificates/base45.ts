/**
 * Base45 (RFC 9285), strict: the alphabet is the QR code's alphanumeric set,
 * so a Base45 text fills a QR code in alphanumeric mode (5.5 bits a
 * character). Decoding refuses anything RFC 9285 §4.2 calls an error — a
 * character outside the alphabet, a dangling single character, a triple worth
 * more than 65535 or a pair worth more than 255 — so a scan with one altered
 * character fails here or at the signature, never decodes to other bytes
 * silently.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) INDEX[ALPHABET.charCodeAt(i)] = i;

export function base45Encode(bytes: Uint8Array): string {
  let out = '';
  // Bounds proven: i + 1 < length, and every digit of a value ≤ 65535 in base 45 is < 45.
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!;
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    out += ALPHABET[c]! + ALPHABET[d]! + ALPHABET[(n - d) / 45]!;
  }
  if (bytes.length % 2 === 1) {
    const n = bytes[bytes.length - 1]!;
    out += ALPHABET[n % 45]! + ALPHABET[Math.floor(n / 45)]!;
  }
  return out;
}

/** The decoded bytes, or null when `text` is not valid Base45. */
export function base45Decode(text: string): Uint8Array | null {
  if (text.length % 3 === 1) return null;
  const out = new Uint8Array(Math.floor(text.length / 3) * 2 + (text.length % 3 === 2 ? 1 : 0));
  const value = (i: number): number => {
    const code = text.charCodeAt(i);
    return code < 128 ? INDEX[code]! : -1; // INDEX has 128 entries
  };
  let o = 0;
  for (let i = 0; i < text.length; i += 3) {
    const c = value(i);
    const d = value(i + 1);
    if (c < 0 || d < 0) return null;
    if (i + 2 < text.length) {
      const e = value(i + 2);
      if (e < 0) return null;
      const n = c + d * 45 + e * 2025;
      if (n > 0xffff) return null;
      out[o++] = n >> 8;
      out[o++] = n & 0xff;
    } else {
      const n = c + d * 45;
      if (n > 0xff) return null;
      out[o++] = n;
    }
  }
  return out;
}
