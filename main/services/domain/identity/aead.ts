/** AES-256-GCM with the context bound as associated data: iv(12) | tag(16) | ciphertext. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AffixError } from '../../../../shared/errors/affix-error';

export function encrypt(key: Uint8Array, plain: Uint8Array, context: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

export function decrypt(key: Uint8Array, sealed: Uint8Array, context: string): Buffer {
  const buf = Buffer.from(sealed);
  if (buf.length < 28) throw new AffixError('INTERNAL', `Encrypted record ${context} is truncated.`);
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(buf.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]);
  } catch {
    throw new AffixError('INTERNAL', `Encrypted record ${context} failed authentication (altered or moved).`);
  }
}
