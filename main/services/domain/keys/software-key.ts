/**
 * Signing with a workspace software key: ECDSA P-256 by @noble/curves over
 * the unsealed scalar (sealed at rest with the owner's passphrase — scrypt →
 * AES-256-GCM — and wrapped by the OS protector; see keys-service.ts).
 */
import { p256 } from '@noble/curves/nist.js';
import type { Signer } from './signer';

/** A signer over an unsealed P-256 scalar; close() wipes it. */
export function softwareSigner(secretKey: Uint8Array, certificateDer: Uint8Array, keyId: string): Signer {
  const secret = Uint8Array.from(secretKey);
  let open = true;
  return {
    algorithm: 'ecdsa-p256-sha256',
    certificates: [certificateDer],
    keyId,
    sign: async (data) => {
      if (!open) throw new Error('this key has been closed');
      // prehash: SHA-256 of the signed attributes, as ecdsa-with-SHA256 requires.
      return p256.sign(data, secret, { prehash: true, format: 'der' });
    },
    close: () => {
      open = false;
      secret.fill(0);
    },
  };
}
