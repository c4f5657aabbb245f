/**
 * In-memory signing keys for signing-engine tests: a throwaway root CA and a
 * leaf certificate for each algorithm, keys held by node:crypto. Independent
 * of the keys service so the engine can be tested on its own.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, constants, sign, webcrypto } from 'node:crypto';
import type { SignatureAlgorithm, SigningKey } from '../../main/services/domain/keys/signing-key';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export interface TestSigner {
  signer: SigningKey;
  /** PEM of the root CA that issued the signer's certificate (for -CAfile / trust). */
  rootPem: string;
  leafPem: string;
}

const KEY_PARAMS: Record<SignatureAlgorithm, { gen: EcKeyGenParams | RsaHashedKeyGenParams | Algorithm; signing: Algorithm | EcdsaParams }> = {
  'ecdsa-p256-sha256': { gen: { name: 'ECDSA', namedCurve: 'P-256' }, signing: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams },
  'ecdsa-p384-sha384': { gen: { name: 'ECDSA', namedCurve: 'P-384' }, signing: { name: 'ECDSA', hash: 'SHA-384' } as EcdsaParams },
  'rsa-pkcs1-sha256': {
    gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    signing: { name: 'RSASSA-PKCS1-v1_5' },
  },
  'rsa-pss-sha256': {
    gen: { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
    signing: { name: 'RSASSA-PKCS1-v1_5' },
  },
  ed25519: { gen: { name: 'Ed25519' }, signing: { name: 'Ed25519' } },
};

let rootPromise: Promise<{ keys: CryptoKeyPair; cert: x509.X509Certificate }> | undefined;

function testRoot(): Promise<{ keys: CryptoKeyPair; cert: x509.X509Certificate }> {
  rootPromise ??= (async () => {
    const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      name: 'CN=Affix Test Root CA, O=Affix Tests',
      keys,
      notBefore: new Date(Date.now() - 86400_000),
      notAfter: new Date(Date.now() + 3650 * 86400_000),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      ],
    });
    return { keys, cert };
  })();
  return rootPromise;
}

export async function createTestSigner(
  algorithm: SignatureAlgorithm = 'ecdsa-p256-sha256',
  options: { commonName?: string; /** certificate's key differs from the signing key */ mismatchedKey?: boolean } = {},
): Promise<TestSigner> {
  const root = await testRoot();
  const p = KEY_PARAMS[algorithm];
  const keys = (await webcrypto.subtle.generateKey(p.gen, true, ['sign', 'verify'])) as CryptoKeyPair;
  const certKeys = options.mismatchedKey ? ((await webcrypto.subtle.generateKey(p.gen, true, ['sign', 'verify'])) as CryptoKeyPair) : keys;
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${options.commonName ?? `Affix Test Signer (${algorithm})`}, O=Affix Tests`,
    issuer: root.cert.subject,
    publicKey: certKeys.publicKey,
    signingKey: root.keys.privateKey,
    notBefore: new Date(Date.now() - 86400_000),
    notAfter: new Date(Date.now() + 365 * 86400_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
    ],
  });
  const privateKey = KeyObject.from(keys.privateKey);
  const signer: SigningKey = {
    algorithm,
    certificates: [new Uint8Array(cert.rawData), new Uint8Array(root.cert.rawData)],
    keyId: `test-${algorithm}`,
    sign: async (data) => {
      switch (algorithm) {
        case 'ecdsa-p256-sha256':
          return sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });
        case 'ecdsa-p384-sha384':
          return sign('sha384', data, { key: privateKey, dsaEncoding: 'der' });
        case 'rsa-pkcs1-sha256':
          return sign('sha256', data, privateKey);
        case 'rsa-pss-sha256':
          return sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
        case 'ed25519':
          return sign(null, data, privateKey);
      }
    },
  };
  return { signer, rootPem: root.cert.toString('pem'), leafPem: cert.toString('pem') };
}
