/**
 * A signer over a private key held by node:crypto (PKCS#12 imports): picks the
 * signature algorithm from the key and orders the certificates leaf first.
 */
import { X509Certificate, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { badInput } from '../../../../shared/errors/affix-error';
import type { SignatureAlgorithm, Signer } from './signer';

export function algorithmOfKey(key: KeyObject): SignatureAlgorithm {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'rsa-pkcs1-sha256';
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      if (curve === 'prime256v1') return 'ecdsa-p256-sha256';
      if (curve === 'secp384r1') return 'ecdsa-p384-sha384';
      throw badInput(`EC keys on curve ${curve ?? 'unknown'} are not supported; use P-256 or P-384.`);
    }
    case 'ed25519':
      return 'ed25519';
    default:
      throw badInput(`${key.asymmetricKeyType ?? 'Unknown'} keys are not supported for signing; use RSA, EC (P-256/P-384) or Ed25519.`);
  }
}

const spki = (k: KeyObject): Buffer => k.export({ type: 'spki', format: 'der' });

/**
 * Orders `certs` as signer certificate, then its issuers. The signer
 * certificate is the one whose public key is `publicKey`; none means the key
 * does not match any certificate, which is refused here (not at signing time).
 */
export function orderChain(publicKey: KeyObject, certs: Uint8Array[], what: string): Uint8Array[] {
  const parsed = certs.map((der) => ({ der, x509: new X509Certificate(der) }));
  const wanted = spki(publicKey);
  const leaf = parsed.find((c) => spki(c.x509.publicKey).equals(wanted));
  if (!leaf) {
    throw badInput(
      parsed.length === 0
        ? `${what} holds no certificate for its private key.`
        : `The private key in ${what} does not match its certificate (${parsed[0].x509.subject.replace(/\n/g, ', ')}).`,
    );
  }
  const chain = [leaf];
  const rest = parsed.filter((c) => c !== leaf);
  for (let cur = leaf; ;) {
    const issuer = rest.find((c) => c.x509.subject === cur.x509.issuer && !chain.includes(c));
    if (!issuer || cur.x509.subject === cur.x509.issuer) break;
    chain.push(issuer);
    cur = issuer;
  }
  return chain.map((c) => new Uint8Array(c.der));
}

export function nodeKeySigner(privateKey: KeyObject, certificates: Uint8Array[], keyId: string, what: string): Signer {
  const algorithm = algorithmOfKey(privateKey);
  const ordered = orderChain(createPublicKey(privateKey), certificates, what);
  let key: KeyObject | undefined = privateKey;
  const live = (): KeyObject => {
    if (!key) throw badInput('This signing key has been closed.');
    return key;
  };
  return {
    algorithm,
    certificates: ordered,
    keyId,
    sign: async (data) => {
      switch (algorithm) {
        case 'ecdsa-p256-sha256':
          return sign('sha256', data, { key: live(), dsaEncoding: 'der' });
        case 'ecdsa-p384-sha384':
          return sign('sha384', data, { key: live(), dsaEncoding: 'der' });
        case 'ed25519':
          return sign(null, data, live());
        default:
          return sign('sha256', data, live());
      }
    },
    close: () => {
      key = undefined;
    },
  };
}

/** Key id for keys that live outside the workspace: SHA-256 fingerprint of the signer certificate. */
export function certificateFingerprint(der: Uint8Array): string {
  return new X509Certificate(der).fingerprint256.replace(/:/g, '').toLowerCase();
}
