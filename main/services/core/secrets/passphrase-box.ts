/**
 * Passphrase encryption for secrets at rest: scrypt (N=2^17, r=8, p=1, the
 * OWASP Password Storage Cheat Sheet's minimum) derives an AES-256-GCM key;
 * the header is authenticated as associated data so that nobody can downgrade
 * the parameters. Boxes sealed before at N=2^15 still open (the header says
 * which N), and `isOutdated` tells their owner to re-seal them. Format (binary):
 *   "AFXB" | version(1) | logN(1) | r(1) | p(1) | salt(16) | iv(12) | tag(16) | ciphertext
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scryptSync } from 'node:crypto';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';

const MAGIC = Buffer.from('AFXB', 'latin1');
const HEADER = 4 + 4 + 16 + 12;

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}
export const DEFAULT_SCRYPT: ScryptParams = { logN: 17, r: 8, p: 1 };

/**
 * Keys derived in this process, by (parameters, salt, passphrase digest): a
 * box opened again in the same session (a person signing twice, a test
 * suite's many workspaces) costs no second scrypt run. Each salt is random
 * per box, so an entry only ever opens the box it came from; nothing is
 * written anywhere, and the cost of a first derivation is never lowered.
 */
const derived = new Map<string, Buffer>();
const DERIVED_MAX = 256;

function derive(passphrase: string, salt: Buffer, { logN, r, p }: ScryptParams): Buffer {
  const id = createHash('sha256')
    .update(Buffer.from([logN, r, p]))
    .update(salt)
    .update(passphrase.normalize('NFC'), 'utf8')
    .digest('base64');
  const known = derived.get(id);
  if (known) return known;
  const key = scryptSync(passphrase.normalize('NFC'), salt, 32, { N: 2 ** logN, r, p, maxmem: 512 * 1024 * 1024 });
  if (derived.size >= DERIVED_MAX) derived.delete(derived.keys().next().value!);
  derived.set(id, key);
  return key;
}

/** Whether a box was sealed with weaker scrypt parameters than today's (its owner should re-seal it). */
export function isOutdated(sealed: Uint8Array): boolean {
  return sealed.length > 7 && sealed[5] < DEFAULT_SCRYPT.logN;
}

export function sealWithPassphrase(plain: Uint8Array, passphrase: string, params: ScryptParams = DEFAULT_SCRYPT): Buffer {
  if (passphrase.length === 0) throw badInput('The passphrase must not be empty.');
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header = Buffer.concat([MAGIC, Buffer.from([1, params.logN, params.r, params.p]), salt, iv]);
  const cipher = createCipheriv('aes-256-gcm', derive(passphrase, salt, params), iv);
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([header, cipher.getAuthTag(), body]);
}

export function openWithPassphrase(sealed: Uint8Array, passphrase: string): Buffer {
  const buf = Buffer.from(sealed);
  if (buf.length < HEADER + 16 || !buf.subarray(0, 4).equals(MAGIC) || buf[4] !== 1) {
    throw badInput('Encrypted secret is damaged or in an unknown format.');
  }
  const [logN, r, p] = [buf[5], buf[6], buf[7]];
  if (logN < 10 || logN > 22 || r < 1 || r > 32 || p < 1 || p > 16) throw badInput('Encrypted secret has implausible scrypt parameters.');
  const salt = buf.subarray(8, 24);
  const iv = buf.subarray(24, 36);
  const tag = buf.subarray(36, 52);
  const decipher = createDecipheriv('aes-256-gcm', derive(passphrase, salt, { logN, r, p }), iv);
  decipher.setAAD(buf.subarray(0, HEADER));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(buf.subarray(52)), decipher.final()]);
  } catch {
    throw new AffixError('BAD_SECRET', 'Wrong passphrase (or the encrypted secret was altered).');
  }
}
