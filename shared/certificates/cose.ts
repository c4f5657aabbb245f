/**
 * COSE_Sign1 (RFC 9052 §4.2) with ES256 (RFC 9053 §2.1): the envelope of the
 * certificate QR payload and of the status list, as the EU Digital COVID
 * Certificate uses it. The protected header carries the algorithm (1: -7) and
 * the signer's key id (4: kid); the signature is over the Sig_structure
 * ["Signature1", protected, external_aad = h'', payload] and is r‖s, 64 bytes
 * (RFC 9053 §2.1), not DER.
 */
import { p256 } from '@noble/curves/nist.js';
import { cborDecode, cborEncode } from './cbor';

export const COSE_ALG = 1;
export const COSE_KID = 4;
export const COSE_TYP = 16;
export const ALG_ES256 = -7;
/** CBOR tag of a COSE_Sign1 (RFC 9052 §2). */
export const TAG_COSE_SIGN1 = 18;
/** CBOR tag of a CWT (RFC 8392 §6). */
export const TAG_CWT = 61;

export interface CoseSign1 {
  /** The protected header exactly as signed. */
  protectedBytes: Uint8Array;
  protectedHeader: Map<unknown, unknown>;
  unprotectedHeader: Map<unknown, unknown>;
  payload: Uint8Array;
  signature: Uint8Array;
  alg: unknown;
  kid: Uint8Array | null;
}

/** The bytes ES256 signs (RFC 9052 §4.4). */
export async function sigStructure(protectedBytes: Uint8Array, payload: Uint8Array): Promise<Uint8Array> {
  return cborEncode(['Signature1', protectedBytes, new Uint8Array(0), payload]);
}

/** Signs `payload` into a tagged COSE_Sign1; `sign` returns the raw r‖s ECDSA P-256/SHA-256 signature of its input. */
export async function coseSign1(
  payload: Uint8Array,
  kid: Uint8Array,
  sign: (toBeSigned: Uint8Array) => Uint8Array | Promise<Uint8Array>,
  extraProtected: [number, unknown][] = [],
): Promise<Uint8Array> {
  const protectedBytes = await cborEncode(new Map<number, unknown>([[COSE_ALG, ALG_ES256], [COSE_KID, kid], ...extraProtected]));
  const signature = await sign(await sigStructure(protectedBytes, payload));
  if (signature.length !== 64) throw new Error(`an ES256 signature is 64 bytes (r‖s), got ${signature.length}`);
  const { Tagged } = await import('cborg');
  return cborEncode(new Tagged(TAG_COSE_SIGN1, [protectedBytes, new Map(), payload, signature]));
}

/** Parses a COSE_Sign1 (tagged 18, or untagged); throws with a message naming what is wrong. */
export async function decodeCoseSign1(bytes: Uint8Array): Promise<CoseSign1> {
  let item = await cborDecode(bytes, [TAG_COSE_SIGN1, TAG_CWT]);
  for (let i = 0; i < 2 && isTagged(item); i++) {
    if (item.tag === TAG_CWT) item = item.value;
    else if (item.tag === TAG_COSE_SIGN1) {
      item = item.value;
      break;
    }
  }
  if (!Array.isArray(item) || item.length !== 4) throw new Error('not a COSE_Sign1 (an array of four items)');
  const [protectedBytes, unprotectedHeader, payload, signature] = item as unknown[];
  if (!(protectedBytes instanceof Uint8Array)) throw new Error('the COSE protected header is not a byte string');
  if (!(unprotectedHeader instanceof Map)) throw new Error('the COSE unprotected header is not a map');
  if (!(payload instanceof Uint8Array)) throw new Error('the COSE payload is not a byte string (detached payloads are not used here)');
  if (!(signature instanceof Uint8Array)) throw new Error('the COSE signature is not a byte string');
  const protectedHeader = protectedBytes.length === 0 ? new Map() : await cborDecode(protectedBytes);
  if (!(protectedHeader instanceof Map)) throw new Error('the COSE protected header does not hold a map');
  // RFC 9052 §3: a parameter appears in one bucket only; the key id is taken from the protected one.
  for (const k of protectedHeader.keys()) if (unprotectedHeader.has(k)) throw new Error(`COSE header parameter ${String(k)} appears in both header buckets`);
  const kid = protectedHeader.get(COSE_KID) ?? unprotectedHeader.get(COSE_KID) ?? null;
  if (kid !== null && !(kid instanceof Uint8Array)) throw new Error('the COSE key id is not a byte string');
  return { protectedBytes, protectedHeader, unprotectedHeader, payload, signature, alg: protectedHeader.get(COSE_ALG), kid };
}

/** Checks an ES256 COSE_Sign1 against a P-256 public key (SEC1 point bytes). */
export async function verifyEs256(sign1: CoseSign1, publicKey: Uint8Array): Promise<boolean> {
  if (sign1.alg !== ALG_ES256 || sign1.signature.length !== 64) return false;
  const tbs = await sigStructure(sign1.protectedBytes, sign1.payload);
  try {
    return p256.verify(sign1.signature, tbs, publicKey, { prehash: true, lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}

function isTagged(v: unknown): v is { tag: number; value: unknown } {
  return typeof v === 'object' && v !== null && 'tag' in v && 'value' in v && !(v instanceof Map) && !Array.isArray(v);
}
