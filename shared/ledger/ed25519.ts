/**
 * Ed25519 for notes. Verification prefers WebCrypto (native in Node 20+,
 * Chromium 137+, Firefox 129+, Safari 17+; ~8× faster) and falls back to
 * @noble/curves in strict RFC 8032 mode where the platform lacks it. Signing
 * is synchronous (@noble) since only the ledger node and tests sign.
 */
import { ed25519 } from '@noble/curves/ed25519.js';

let subtleSupported: boolean | undefined;

/** A copy backed by a plain ArrayBuffer, as WebCrypto's BufferSource type asks. */
const own = (b: Uint8Array): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
};

export function ed25519VerifySync(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

export async function ed25519Verify(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): Promise<boolean> {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const subtle = globalThis.crypto?.subtle;
  if (subtle && subtleSupported !== false) {
    try {
      const key = await subtle.importKey('raw', own(publicKey), { name: 'Ed25519' }, false, ['verify']);
      const ok = await subtle.verify({ name: 'Ed25519' }, key, own(signature), own(message));
      subtleSupported = true;
      return ok;
    } catch (error) {
      if ((error as { name?: string })?.name === 'NotSupportedError') subtleSupported = false;
      // A key the platform refuses to import (e.g. not a curve point) is checked by the fallback, which says no.
    }
  }
  return ed25519VerifySync(signature, message, publicKey);
}

export const ed25519PublicKey = (seed: Uint8Array): Uint8Array => ed25519.getPublicKey(seed);

export const ed25519Sign = (message: Uint8Array, seed: Uint8Array): Uint8Array => ed25519.sign(message, seed);

export const ed25519RandomSeed = (): Uint8Array => ed25519.utils.randomSecretKey();
