/**
 * The password-based cryptography of PKCS#12 files (RFC 7292, RFC 8018):
 * the PKCS#12 key derivation (legacy PBE and the MAC), PBES2 (PBKDF2 +
 * AES/3DES-CBC, OpenSSL 3's default) and the legacy SHA-1 PBE schemes
 * (3DES, RC2). Decryption only: Affix imports PKCS#12 files, it never writes them.
 */
import { createDecipheriv, createHash, createHmac, hash as oneShotHash, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import { rc2CbcDecrypt } from './rc2';
import { OID } from '../../../../shared/asn1/oids';
import { hashForOid } from '../../../../shared/verify/digest';

export type HashName = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** node:crypto's name for the digest with this OID. */
const nodeHashForOid = (oid: string): HashName | undefined => {
  const name = hashForOid(oid);
  return name && (name.replace('-', '').toLowerCase() as HashName);
};

const HMAC_PRF_OIDS: Record<string, HashName> = {
  [OID.hmacWithSha1]: 'sha1',
  [OID.hmacWithSha256]: 'sha256',
  [OID.hmacWithSha384]: 'sha384',
  [OID.hmacWithSha512]: 'sha512',
};

const PBES2_CIPHERS: Record<string, { cipher: string; keyLength: number }> = {
  [OID.aes128Cbc]: { cipher: 'aes-128-cbc', keyLength: 16 },
  [OID.aes192Cbc]: { cipher: 'aes-192-cbc', keyLength: 24 },
  [OID.aes256Cbc]: { cipher: 'aes-256-cbc', keyLength: 32 },
  [OID.desEde3Cbc]: { cipher: 'des-ede3-cbc', keyLength: 24 },
};

type LegacyCipher = { kind: 'des'; cipher: 'des-ede3-cbc' | 'des-ede-cbc'; keyLength: number } | { kind: 'rc2'; keyLength: number };

const LEGACY_PBE: Record<string, LegacyCipher> = {
  [OID.pbeWithSha1And3KeyTripleDesCbc]: { kind: 'des', cipher: 'des-ede3-cbc', keyLength: 24 },
  [OID.pbeWithSha1And2KeyTripleDesCbc]: { kind: 'des', cipher: 'des-ede-cbc', keyLength: 16 },
  [OID.pbeWithSha1And128BitRc2Cbc]: { kind: 'rc2', keyLength: 16 },
  [OID.pbeWithSha1And40BitRc2Cbc]: { kind: 'rc2', keyLength: 5 },
};

const PBES2 = OID.pbes2;
const PBKDF2 = OID.pbkdf2;
const MAX_ITERATIONS = 10_000_000;

/** The decoded AlgorithmIdentifier of an encryption: what the PKCS#12 reader extracts from the file. */
export type PbeParams =
  | { scheme: 'legacy'; oid: string; salt: Uint8Array; iterations: number }
  | {
      scheme: 'pbes2';
      salt: Uint8Array;
      iterations: number;
      keyLength?: number;
      prfOid?: string;
      cipherOid: string;
      iv: Uint8Array;
    };

export const isLegacyPbe = (oid: string): boolean => oid in LEGACY_PBE;
export const isPbes2 = (oid: string): boolean => oid === PBES2;
export const isPbkdf2 = (oid: string): boolean => oid === PBKDF2;

const HASH_BLOCK: Record<HashName, number> = { sha1: 64, sha256: 64, sha384: 128, sha512: 128 };

/** The PKCS#12 password: BMPString (UTF-16 big-endian) with a two-byte terminator (RFC 7292 B.1). */
function bmpPassword(password: string): Buffer {
  const le = Buffer.from(`${password}\0`, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

/** RFC 7292 Appendix B.2: id 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(hash: HashName, password: string, salt: Uint8Array, iterations: number, id: 1 | 2 | 3, n: number): Buffer {
  checkIterations(iterations);
  const v = HASH_BLOCK[hash];
  const fill = (src: Uint8Array): Buffer => {
    if (src.length === 0) return Buffer.alloc(0);
    const out = Buffer.alloc(v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length];
    return out;
  };
  const d = Buffer.alloc(v, id);
  const i = Buffer.concat([fill(salt), fill(bmpPassword(password))]);
  const chunks: Buffer[] = [];
  let produced = 0;
  while (produced < n) {
    let a: Buffer = createHash(hash).update(d).update(i).digest();
    // One-shot hashing: no Hash object per round, about twice as fast over the file's 2,048 rounds.
    for (let r = 1; r < iterations; r++) a = oneShotHash(hash, a, 'buffer') as unknown as Buffer;
    chunks.push(a);
    produced += a.length;
    if (produced >= n) break;
    const b = fill(a).subarray(0, v);
    for (let j = 0; j < i.length; j += v) {
      // I_j = (I_j + B + 1) mod 2^(8v)
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = i[j + k] + b[k] + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(chunks).subarray(0, n);
}

function checkIterations(iterations: number): void {
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    throw badInput(`Damaged PKCS#12 file: implausible iteration count ${iterations}.`);
  }
}

/** Checks the file's integrity MAC; a mismatch is (almost always) a wrong password. */
export function verifyMac(hashOid: string, expected: Uint8Array, salt: Uint8Array, iterations: number, data: Uint8Array, password: string): void {
  const hash = nodeHashForOid(hashOid);
  if (!hash) throw badInput(`PKCS#12 file uses an unsupported MAC digest (${hashOid}).`);
  const key = pkcs12Kdf(hash, password, salt, iterations, 3, createHash(hash).digest().length);
  const mac = createHmac(hash, key).update(data).digest();
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
    throw new AffixError('BAD_SECRET', "Wrong PKCS#12 password (the file's integrity check does not match).");
  }
}

export function decrypt(params: PbeParams, password: string, data: Uint8Array): Uint8Array {
  if (params.scheme === 'legacy') {
    const c = LEGACY_PBE[params.oid];
    if (!c) throw badInput(`PKCS#12 file uses an unsupported encryption (${params.oid}).`);
    const key = pkcs12Kdf('sha1', password, params.salt, params.iterations, 1, c.keyLength);
    const iv = pkcs12Kdf('sha1', password, params.salt, params.iterations, 2, 8);
    if (c.kind === 'rc2') return rc2CbcDecrypt(key, c.keyLength * 8, iv, data);
    return cbcDecrypt(c.cipher, key, iv, data);
  }
  const c = PBES2_CIPHERS[params.cipherOid];
  if (!c) throw badInput(`PKCS#12 file uses an unsupported PBES2 cipher (${params.cipherOid}).`);
  const prf = params.prfOid === undefined ? 'sha1' : HMAC_PRF_OIDS[params.prfOid];
  if (!prf) throw badInput(`PKCS#12 file uses an unsupported PBKDF2 function (${params.prfOid}).`);
  checkIterations(params.iterations);
  // OpenSSL feeds PBKDF2 the password's UTF-8 bytes (not the BMPString of the legacy schemes).
  const key = pbkdf2Sync(Buffer.from(password, 'utf8'), params.salt, params.iterations, params.keyLength ?? c.keyLength, prf);
  return cbcDecrypt(c.cipher, key, params.iv, data);
}

function cbcDecrypt(cipher: string, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Buffer {
  try {
    const d = createDecipheriv(cipher, key, iv);
    return Buffer.concat([d.update(data), d.final()]);
  } catch {
    throw new AffixError('BAD_SECRET', 'Wrong PKCS#12 password (the private key does not decrypt).');
  }
}
