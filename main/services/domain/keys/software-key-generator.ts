/**
 * Makes workspace software keys: an ECDSA P-256 scalar from @noble/curves and
 * a self-signed certificate for it (the organisation's PKI replaces it in a
 * later issue). Kept apart from the signer so that signing never loads the
 * certificate machinery (@peculiar/x509, reflect-metadata).
 */
import { p256 } from '@noble/curves/nist.js';
import { x509 } from '../../core/x509/peculiar-x509';
import { createHash, webcrypto } from 'node:crypto';

const b64url = (b: Uint8Array): string => Buffer.from(b).toString('base64url');

export interface NewSoftwareKey {
  secretKey: Uint8Array;
  certificateDer: Uint8Array;
}

/** Generates a P-256 key and a self-signed certificate for it, valid for `years`. */
export async function generateSoftwareKey(commonName: string, years = 3): Promise<NewSoftwareKey> {
  const { secretKey } = p256.keygen();
  const publicKey = p256.getPublicKey(secretKey, false);
  const x = publicKey.subarray(1, 33);
  const y = publicKey.subarray(33, 65);
  const jwk = { kty: 'EC', crv: 'P-256', x: b64url(x), y: b64url(y) };
  const alg = { name: 'ECDSA', namedCurve: 'P-256' };
  const keys = {
    privateKey: await webcrypto.subtle.importKey('jwk', { ...jwk, d: b64url(secretKey) }, alg, false, ['sign']),
    publicKey: await webcrypto.subtle.importKey('jwk', jwk, alg, true, ['verify']),
  };
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: createHash('sha256')
      .update(publicKey)
      .digest('hex')
      .slice(0, 30)
      .replace(/^[89a-f]/, '1'),
    name: `CN=${escapeRdn(commonName)}, O=Affix workspace key`,
    keys: keys as CryptoKeyPair,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + years * 365 * 86400_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
    ],
  });
  return { secretKey, certificateDer: new Uint8Array(cert.rawData) };
}

/** RFC 4514 escaping, so a label such as "Smith, J." stays one attribute. */
function escapeRdn(value: string): string {
  return value
    .replace(/([,+"\\<>;=])/g, '\\$1')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}
