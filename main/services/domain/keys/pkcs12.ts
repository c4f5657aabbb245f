/**
 * Reads a PKCS#12 (.p12/.pfx) file: verifies its MAC with the password,
 * decrypts its bags and returns the private key and the certificates. Both
 * OpenSSL 3's default (PBES2: PBKDF2-HMAC-SHA256 + AES-256-CBC, SHA-256 MAC)
 * and legacy files (SHA-1 PBE with 3DES for the key, RC2-40 for the
 * certificates) are read; RSA, EC and Ed25519 keys.
 */
import { OID } from '../../../../shared/asn1/oids';
import * as asn1js from 'asn1js';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import { decrypt, isLegacyPbe, isPbes2, isPbkdf2, verifyMac, type PbeParams } from './pkcs12-crypto';
import { certificateFingerprint, nodeKeySigner } from './node-key-signer';
import type { Signer } from './signer';
import { fileError, fsProblem } from '../../core/fs/fs-errors';

export interface Pkcs12Contents {
  privateKey: KeyObject;
  certificates: Uint8Array[];
}

type Node = asn1js.AsnType;

class Damaged extends Error {}

function parse(bytes: Uint8Array): Node {
  const r = asn1js.fromBER(bytes);
  if (r.offset === -1) throw new Damaged(r.result.error || 'not DER');
  return r.result;
}

function children(n: Node | undefined): Node[] {
  const v = (n as { valueBlock?: { value?: unknown } } | undefined)?.valueBlock?.value;
  if (!Array.isArray(v)) throw new Damaged('expected a constructed value');
  return v as Node[];
}

function oidOf(n: Node | undefined): string {
  if (!(n instanceof asn1js.ObjectIdentifier)) throw new Damaged('expected an OBJECT IDENTIFIER');
  return n.valueBlock.toString();
}

function intOf(n: Node | undefined): number {
  if (!(n instanceof asn1js.Integer)) throw new Damaged('expected an INTEGER');
  return n.valueBlock.valueDec;
}

/** Content octets of an OCTET STRING or implicitly tagged string, joining BER constructed pieces. */
function bytesOf(n: Node | undefined): Uint8Array {
  if (!n) throw new Damaged('missing value');
  if (n.idBlock.isConstructed) return Buffer.concat(children(n).map(bytesOf));
  const view = (n as { valueBlock?: { valueHexView?: Uint8Array } }).valueBlock?.valueHexView;
  if (!view) throw new Damaged('expected a string value');
  return view;
}

/** The content of a [0] EXPLICIT wrapper. */
function explicit(n: Node | undefined): Node {
  const inner = children(n)[0];
  if (!inner) throw new Damaged('empty explicit tag');
  return inner;
}

function pbeParams(algId: Node): PbeParams {
  const [o, params] = children(algId);
  const oid = oidOf(o);
  if (isLegacyPbe(oid)) {
    const [salt, iterations] = children(params);
    return { scheme: 'legacy', oid, salt: bytesOf(salt), iterations: intOf(iterations) };
  }
  if (!isPbes2(oid)) throw badInput(`PKCS#12 file uses an unsupported encryption (${oid}).`);
  const [kdf, enc] = children(params);
  const [kdfOid, kdfParams] = children(kdf);
  if (!isPbkdf2(oidOf(kdfOid))) throw badInput(`PKCS#12 file uses an unsupported key derivation (${oidOf(kdfOid)}).`);
  const [salt, iterations, ...rest] = children(kdfParams);
  const keyLength = rest.find((r) => r instanceof asn1js.Integer);
  const prf = rest.find((r) => r instanceof asn1js.Sequence);
  const [encOid, iv] = children(enc);
  return {
    scheme: 'pbes2',
    salt: bytesOf(salt),
    iterations: intOf(iterations),
    keyLength: keyLength ? intOf(keyLength) : undefined,
    prfOid: prf ? oidOf(children(prf)[0]) : undefined,
    cipherOid: oidOf(encOid),
    iv: bytesOf(iv),
  };
}

function readBags(safeContents: Uint8Array, password: string, out: { keys: Uint8Array[]; certs: Uint8Array[] }): void {
  for (const bag of children(parse(safeContents))) {
    const [idNode, valueWrapper] = children(bag);
    const id = oidOf(idNode);
    const value = explicit(valueWrapper);
    if (id === OID.keyBag) out.keys.push(new Uint8Array(value.toBER()));
    else if (id === OID.pkcs8ShroudedKeyBag) {
      const [algId, encrypted] = children(value);
      out.keys.push(decrypt(pbeParams(algId), password, bytesOf(encrypted)));
    } else if (id === OID.certBag) {
      const [certType, certValue] = children(value);
      if (oidOf(certType) === OID.x509Certificate) out.certs.push(bytesOf(explicit(certValue)));
    }
  }
}

export function readPkcs12(bytes: Uint8Array, password: string, what = 'The PKCS#12 file'): Pkcs12Contents {
  try {
    const [version, authSafe, macData] = children(parse(bytes));
    if (intOf(version) !== 3) throw new Damaged(`version ${intOf(version)} (expected 3)`);
    const [authType, authContent] = children(authSafe);
    if (oidOf(authType) !== OID.data)
      throw badInput(`${what} is signed with a public key (not password-protected); Affix imports password-protected PKCS#12 files only.`);
    const authBytes = bytesOf(explicit(authContent));
    if (macData) {
      const [digestInfo, macSalt, iterations] = children(macData);
      const [algId, digest] = children(digestInfo);
      verifyMac(oidOf(children(algId)[0]), bytesOf(digest), bytesOf(macSalt), iterations ? intOf(iterations) : 1, authBytes, password);
    }
    const found = { keys: [] as Uint8Array[], certs: [] as Uint8Array[] };
    for (const info of children(parse(authBytes))) {
      const [type, content] = children(info);
      const t = oidOf(type);
      if (t === OID.data) readBags(bytesOf(explicit(content)), password, found);
      else if (t === OID.encryptedData) {
        const [, encInfo] = children(explicit(content));
        const [, algId, encrypted] = children(encInfo);
        readBags(decrypt(pbeParams(algId), password, bytesOf(encrypted)), password, found);
      }
    }
    if (found.keys.length !== 1) {
      throw badInput(`${what} holds ${found.keys.length} private keys; Affix needs exactly one.`);
    }
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey({ key: Buffer.from(found.keys[0]), format: 'der', type: 'pkcs8' });
    } catch (error) {
      throw new AffixError('BAD_SECRET', `Wrong password for ${what} (its private key does not decode).`, { cause: error });
    }
    return { privateKey, certificates: found.certs };
  } catch (error) {
    if (error instanceof AffixError) throw error;
    throw badInput(`${what} is not a readable PKCS#12 file: ${(error as Error).message}`, error);
  }
}

export function pkcs12Signer(path: string, password: string): Signer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw fileError(`Cannot read ${path}: ${fsProblem(error)}.`, path, error);
  }
  const what = `PKCS#12 file ${path}`;
  const { privateKey, certificates } = readPkcs12(bytes, password, what);
  const signer = nodeKeySigner(privateKey, certificates, 'pending', what);
  return { ...signer, keyId: certificateFingerprint(signer.certificates[0]) };
}
