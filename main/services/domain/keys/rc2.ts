/**
 * RC2-CBC decryption (RFC 2268). Only legacy PKCS#12 files need it (their
 * certificates are encrypted with pbeWithSHAAnd40BitRC2-CBC), and OpenSSL 3 —
 * hence node:crypto — no longer offers RC2 without the legacy provider.
 */
import { badInput } from '../../../../shared/errors/affix-error';

// RFC 2268 §2: the permutation of 0..255 derived from the digits of pi.
const PITABLE = Uint8Array.from(
  Buffer.from(
    [
      'd978f9c419ddb5ed28e9fd794aa0d89d',
      'c67e37832b76538e624c6488448bfba2',
      '179a59f587b34f1361456d8d09817d32',
      'bd8f40eb86b77b0bf09521225c6b4e82',
      '54d66593ce60b21c7356c014a78cf1dc',
      '1275ca1f3bbee4d1423dd430a33cb626',
      '6fbf0eda4669075727f21d9bbc944303',
      'f811c7f690ef3ee706c3d52fc8661ed7',
      '08e8eade8052eef784aa72ac354d6a2a',
      '961ad2715a1549744b9fd05e0418a4ec',
      'c2e0416e0f51cbcc2491af50a1f47039',
      '997c3a8523b8b47afc02365b25559731',
      '2d5dfa98e38a92ae05df2910676cbac9',
      'd300e6cfe19ea82c6316013f58e289a9',
      '0d38341bab33ffb0bb480c5fb9b1cd2e',
      'c5f3db47e5a59c770aa62068fe7fc1ad',
    ].join(''),
    'hex',
  ),
);

function expandKey(key: Uint8Array, effectiveBits: number): Uint16Array {
  const t = key.length;
  const t8 = (effectiveBits + 7) >> 3;
  const tm = 0xff >> (8 * t8 - effectiveBits);
  const l = new Uint8Array(128);
  l.set(key);
  for (let i = t; i < 128; i++) l[i] = PITABLE[(l[i - 1] + l[i - t]) & 0xff];
  l[128 - t8] = PITABLE[l[128 - t8] & tm];
  for (let i = 127 - t8; i >= 0; i--) l[i] = PITABLE[l[i + 1] ^ l[i + t8]];
  const k = new Uint16Array(64);
  for (let i = 0; i < 64; i++) k[i] = l[2 * i] | (l[2 * i + 1] << 8);
  return k;
}

const ROTATIONS = [1, 2, 3, 5];

function decryptBlock(block: Uint8Array, k: Uint16Array): Uint8Array {
  const r = [0, 1, 2, 3].map((i) => block[2 * i] | (block[2 * i + 1] << 8));
  let j = 63;
  const reverseMix = (): void => {
    for (let i = 3; i >= 0; i--) {
      const s = ROTATIONS[i];
      r[i] = ((r[i] >>> s) | (r[i] << (16 - s))) & 0xffff;
      r[i] = (r[i] - k[j--] - (r[(i + 3) & 3] & r[(i + 2) & 3]) - (~r[(i + 3) & 3] & r[(i + 1) & 3])) & 0xffff;
    }
  };
  const reverseMash = (): void => {
    for (let i = 3; i >= 0; i--) r[i] = (r[i] - k[r[(i + 3) & 3] & 63]) & 0xffff;
  };
  for (const rounds of [5, -1, 6, -1, 5]) {
    if (rounds < 0) reverseMash();
    else for (let n = 0; n < rounds; n++) reverseMix();
  }
  const out = new Uint8Array(8);
  for (let i = 0; i < 4; i++) {
    out[2 * i] = r[i] & 0xff;
    out[2 * i + 1] = r[i] >> 8;
  }
  return out;
}

/** RC2-CBC with PKCS#7 padding removed; a bad padding means a wrong key (i.e. password). */
export function rc2CbcDecrypt(key: Uint8Array, effectiveBits: number, iv: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length === 0 || data.length % 8 !== 0) throw badInput('Damaged PKCS#12 file: RC2 ciphertext is not a whole number of blocks.');
  const k = expandKey(key, effectiveBits);
  const out = new Uint8Array(data.length);
  let prev = iv;
  for (let o = 0; o < data.length; o += 8) {
    const c = data.subarray(o, o + 8);
    const p = decryptBlock(c, k);
    for (let i = 0; i < 8; i++) out[o + i] = p[i] ^ prev[i];
    prev = c;
  }
  const pad = out[out.length - 1];
  if (pad < 1 || pad > 8 || out.subarray(out.length - pad).some((b) => b !== pad)) {
    throw badInput('Wrong PKCS#12 password (the decrypted data has bad padding).');
  }
  return out.subarray(0, out.length - pad);
}
