/**
 * Checks one signature value against a public key: the signer's signature in
 * CMS and every certificate signature in a chain go through here. WebCrypto
 * does the work where the platform has the algorithm; @noble/curves (ECDSA,
 * Ed25519) and a BigInt RSA PKCS#1 v1.5 check cover platforms that lack it.
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import * as asn1js from 'asn1js';
import { ed25519Verify } from '../ledger/ed25519';
import { digest, equalBytes, hashForOid, own, toHex, type HashName } from './digest';
import { OID } from '../asn1/oids';

export interface SignatureAlgorithmId {
  oid: string;
  /** DER of the parameters, if any. */
  params?: asn1js.AsnType;
}

export interface PublicKey {
  /** The SubjectPublicKeyInfo, DER. */
  spki: Uint8Array;
  algorithmOid: string;
  /** Curve OID for EC keys. */
  curveOid?: string;
  /** The subjectPublicKey BIT STRING contents. */
  keyBytes: Uint8Array;
}

export type CryptoOutcome = { ok: true; algorithm: string } | { ok: false; reason: 'invalid' | 'unsupported'; algorithm: string; detail: string };

const CURVES: Record<string, { name: 'P-256' | 'P-384' | 'P-521'; size: number; noble: typeof p256 }> = {
  [OID.p256]: { name: 'P-256', size: 32, noble: p256 },
  [OID.p384]: { name: 'P-384', size: 48, noble: p384 },
  [OID.p521]: { name: 'P-521', size: 66, noble: p521 },
};
const ECDSA_HASH: Record<string, HashName> = {
  [OID.ecdsaWithSha1]: 'SHA-1',
  [OID.ecdsaWithSha256]: 'SHA-256',
  [OID.ecdsaWithSha384]: 'SHA-384',
  [OID.ecdsaWithSha512]: 'SHA-512',
};
const RSA_HASH: Record<string, HashName> = {
  [OID.sha1WithRsa]: 'SHA-1',
  [OID.sha256WithRsa]: 'SHA-256',
  [OID.sha384WithRsa]: 'SHA-384',
  [OID.sha512WithRsa]: 'SHA-512',
};
const EC_PUBLIC_KEY = OID.ecPublicKey;
const RSA_ENCRYPTION = OID.rsaEncryption;
const RSA_PSS = OID.rsassaPss;
const ED25519 = OID.ed25519;

/**
 * Verifies `signature` over `data`. `digestHint` is the CMS digest algorithm,
 * used when the signature algorithm names only the key type (rsaEncryption,
 * id-ecPublicKey), as many CMS writers do.
 */
export async function verifySignature(
  alg: SignatureAlgorithmId,
  key: PublicKey,
  data: Uint8Array,
  signature: Uint8Array,
  digestHint?: HashName,
): Promise<CryptoOutcome> {
  try {
    if (alg.oid === ED25519) {
      if (key.algorithmOid !== ED25519) return mismatch('Ed25519', key);
      return result('Ed25519', await ed25519Verify(signature, data, key.keyBytes));
    }
    const ecHash = ECDSA_HASH[alg.oid] ?? (alg.oid === EC_PUBLIC_KEY ? digestHint : undefined);
    if (ecHash) return await verifyEcdsa(ecHash, key, data, signature);
    if (alg.oid === RSA_PSS) return await verifyPss(alg, key, data, signature);
    const rsaHash = RSA_HASH[alg.oid] ?? (alg.oid === RSA_ENCRYPTION ? digestHint : undefined);
    if (rsaHash) return await verifyPkcs1(rsaHash, key, data, signature);
    return { ok: false, reason: 'unsupported', algorithm: alg.oid, detail: `signature algorithm ${alg.oid} is not supported` };
  } catch (error) {
    return { ok: false, reason: 'invalid', algorithm: alg.oid, detail: `the signature could not be checked: ${String(error)}` };
  }
}

/**
 * Imported WebCrypto keys by SPKI and algorithm: one chain's CA key verifies
 * many certificates and signatures, and import is most of the cost of a check.
 * Public keys only, so caching them across documents leaks nothing.
 */
const keyCache = new Map<string, Promise<CryptoKey>>();
const KEY_CACHE_LIMIT = 256;

function importSpki(spki: Uint8Array, algorithm: EcKeyImportParams | RsaHashedImportParams): Promise<CryptoKey> {
  const id = `${JSON.stringify(algorithm)}:${toHex(spki)}`;
  let key = keyCache.get(id);
  if (!key) {
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.delete(keyCache.keys().next().value as string);
    key = globalThis.crypto.subtle.importKey('spki', own(spki), algorithm, false, ['verify']) as Promise<CryptoKey>;
    keyCache.set(id, key);
    key.catch(() => keyCache.delete(id));
  }
  return key;
}

const result = (algorithm: string, ok: boolean): CryptoOutcome =>
  ok ? { ok, algorithm } : { ok: false, reason: 'invalid', algorithm, detail: `the ${algorithm} signature does not match the signed data and the key` };

const mismatch = (algorithm: string, key: PublicKey): CryptoOutcome => ({
  ok: false,
  reason: 'invalid',
  algorithm,
  detail: `a ${algorithm} signature cannot come from a key of type ${key.algorithmOid}`,
});

async function verifyEcdsa(hash: HashName, key: PublicKey, data: Uint8Array, signature: Uint8Array): Promise<CryptoOutcome> {
  const curve = key.curveOid ? CURVES[key.curveOid] : undefined;
  const name = `ECDSA ${curve?.name ?? '?'} with ${hash}`;
  if (key.algorithmOid !== EC_PUBLIC_KEY) return mismatch('ECDSA', key);
  if (!curve) return { ok: false, reason: 'unsupported', algorithm: name, detail: `elliptic curve ${key.curveOid ?? '(none)'} is not supported` };
  const raw = ecdsaDerToRaw(signature, curve.size);
  if (!raw) return { ok: false, reason: 'invalid', algorithm: name, detail: 'the ECDSA signature is not a DER SEQUENCE of two integers' };
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    try {
      const k = await importSpki(key.spki, { name: 'ECDSA', namedCurve: curve.name });
      return result(name, await subtle.verify({ name: 'ECDSA', hash }, k, own(raw), own(data)));
    } catch {
      // fall through to @noble, which also judges keys the platform will not import
    }
  }
  const h = await digest(hash, [data]);
  try {
    return result(name, curve.noble.verify(raw, h, key.keyBytes, { prehash: false, lowS: false }));
  } catch {
    return result(name, false);
  }
}

/** DER ECDSA-Sig-Value → fixed-size r‖s, or undefined when malformed. */
function ecdsaDerToRaw(der: Uint8Array, size: number): Uint8Array | undefined {
  const parsed = asn1js.fromBER(own(der));
  if (parsed.offset === -1 || parsed.offset !== der.length) return undefined;
  const seq = parsed.result;
  if (!(seq instanceof asn1js.Sequence) || seq.valueBlock.value.length !== 2) return undefined;
  const out = new Uint8Array(size * 2);
  for (let i = 0; i < 2; i++) {
    const n = seq.valueBlock.value[i];
    if (!(n instanceof asn1js.Integer)) return undefined;
    let v = new Uint8Array(n.valueBlock.valueHexView);
    while (v.length > 1 && v[0] === 0) v = v.subarray(1);
    if (v.length > size) return undefined;
    out.set(v, i * size + size - v.length);
  }
  return out;
}

async function verifyPkcs1(hash: HashName, key: PublicKey, data: Uint8Array, signature: Uint8Array): Promise<CryptoOutcome> {
  const name = `RSA PKCS#1 v1.5 with ${hash}`;
  if (key.algorithmOid !== RSA_ENCRYPTION) return mismatch('RSA', key);
  const subtle = globalThis.crypto?.subtle;
  if (subtle) {
    try {
      const k = await importSpki(key.spki, { name: 'RSASSA-PKCS1-v1_5', hash });
      return result(name, await subtle.verify({ name: 'RSASSA-PKCS1-v1_5' }, k, own(signature), own(data)));
    } catch {
      // fall through
    }
  }
  return result(name, await rsaPkcs1Fallback(hash, key.keyBytes, data, signature));
}

async function verifyPss(alg: SignatureAlgorithmId, key: PublicKey, data: Uint8Array, signature: Uint8Array): Promise<CryptoOutcome> {
  const { hash, saltLength } = pssParams(alg.params);
  const name = `RSA-PSS with ${hash ?? '?'}`;
  if (!hash) return { ok: false, reason: 'unsupported', algorithm: name, detail: 'RSA-PSS with an unsupported hash' };
  if (key.algorithmOid !== RSA_ENCRYPTION && key.algorithmOid !== RSA_PSS) return mismatch('RSA-PSS', key);
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return { ok: false, reason: 'unsupported', algorithm: name, detail: 'RSA-PSS needs WebCrypto, which this platform lacks' };
  // WebCrypto imports only rsaEncryption SPKIs; an id-RSASSA-PSS key is re-wrapped as one (same modulus and exponent).
  const spki = key.algorithmOid === RSA_PSS ? rsaEncryptionSpki(key.keyBytes) : key.spki;
  const k = await importSpki(spki, { name: 'RSA-PSS', hash });
  return result(name, await subtle.verify({ name: 'RSA-PSS', saltLength }, k, own(signature), own(data)));
}

function rsaEncryptionSpki(keyBytes: Uint8Array): Uint8Array {
  const spki = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: RSA_ENCRYPTION }), new asn1js.Null()] }),
      new asn1js.BitString({ valueHex: own(keyBytes) }),
    ],
  });
  return new Uint8Array(spki.toBER());
}

function pssParams(params: asn1js.AsnType | undefined): { hash?: HashName; saltLength: number } {
  let hash: HashName | undefined = 'SHA-1';
  let saltLength = 20;
  if (params instanceof asn1js.Sequence) {
    for (const item of params.valueBlock.value) {
      const tag = item.idBlock.tagNumber;
      const inner = (item as asn1js.Constructed).valueBlock?.value?.[0];
      if (tag === 0 && inner instanceof asn1js.Sequence) {
        const oid = inner.valueBlock.value[0];
        hash = oid instanceof asn1js.ObjectIdentifier ? hashForOid(oid.valueBlock.toString()) : undefined;
      } else if (tag === 2 && inner instanceof asn1js.Integer) saltLength = inner.valueBlock.valueDec;
    }
  }
  return { hash, saltLength };
}

const DIGEST_INFO_PREFIX: Record<HashName, string> = {
  'SHA-1': '3021300906052b0e03021a05000414',
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

/** RSASSA-PKCS1-v1_5 (RFC 8017 §8.2.2) in BigInt, for platforms without WebCrypto. */
async function rsaPkcs1Fallback(hash: HashName, keyBytes: Uint8Array, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const parsed = asn1js.fromBER(own(keyBytes));
  const seq = parsed.result;
  if (!(seq instanceof asn1js.Sequence) || seq.valueBlock.value.length < 2) return false;
  const [nInt, eInt] = seq.valueBlock.value;
  if (!(nInt instanceof asn1js.Integer) || !(eInt instanceof asn1js.Integer)) return false;
  const n = toBigInt(new Uint8Array(nInt.valueBlock.valueHexView));
  const e = toBigInt(new Uint8Array(eInt.valueBlock.valueHexView));
  const k = Math.ceil(n.toString(16).length / 2);
  if (signature.length !== k) return false;
  const s = toBigInt(signature);
  if (s >= n) return false;
  let m = 1n;
  let base = s % n;
  for (let exp = e; exp > 0n; exp >>= 1n) {
    if (exp & 1n) m = (m * base) % n;
    base = (base * base) % n;
  }
  const em = m.toString(16).padStart(k * 2, '0');
  const t = DIGEST_INFO_PREFIX[hash] + Array.from(await digest(hash, [data]), (x) => x.toString(16).padStart(2, '0')).join('');
  const expected = `0001${'ff'.repeat(k - 3 - t.length / 2)}00${t}`;
  return equalBytes(hexBytes(em), hexBytes(expected));
}

const toBigInt = (b: Uint8Array): bigint => (b.length === 0 ? 0n : BigInt(`0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`));
const hexBytes = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
