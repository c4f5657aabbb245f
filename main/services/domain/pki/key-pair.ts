/**
 * ECDSA P-256 key pairs for CAs, seals and persons: generated with WebCrypto
 * (extractable, so the private key can be sealed at rest and, for a root CA,
 * exported), kept as PKCS#8 and loaded back for each use.
 */
import { createPrivateKey, sign, webcrypto } from 'node:crypto';
import type { SigningKey } from '../keys/signing-key';

export const EC_PARAMS = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams;

export interface GeneratedKey {
  keys: CryptoKeyPair;
  pkcs8: Buffer;
  spki: Buffer;
}

export async function generateKey(): Promise<GeneratedKey> {
  const keys = (await webcrypto.subtle.generateKey(EC_PARAMS, true, ['sign', 'verify'])) as CryptoKeyPair;
  const [pkcs8, spki] = await Promise.all([webcrypto.subtle.exportKey('pkcs8', keys.privateKey), webcrypto.subtle.exportKey('spki', keys.publicKey)]);
  return { keys, pkcs8: Buffer.from(pkcs8), spki: Buffer.from(spki) };
}

export async function importPrivateKey(pkcs8: Uint8Array): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('pkcs8', pkcs8, EC_PARAMS, false, ['sign']) as Promise<CryptoKey>;
}

/** A signing-engine key over a PKCS#8 P-256 key and its chain (own certificate first). */
export function ecdsaSigningKey(pkcs8: Uint8Array, certificates: Uint8Array[], keyId: string, beforeSign?: (data: Uint8Array) => void): SigningKey {
  const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
  return {
    algorithm: 'ecdsa-p256-sha256',
    certificates,
    keyId,
    sign: async (data) => {
      beforeSign?.(data);
      return new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'der' }));
    },
  };
}
