/**
 * The office's revocation list as an IETF Token Status List in CWT form
 * (draft-ietf-oauth-status-list §5.2): a COSE_Sign1 with typ
 * "application/statuslist+cwt", claims sub (2) the list's URI, iat (6), exp
 * (4), ttl (65534) and status_list (65533) = {"bits": 1, "lst": zlib of the
 * bit array}. Status of index i is bit i % 8 (least significant first) of
 * byte ⌊i / 8⌋; 1 is INVALID (revoked), 0 VALID (§4.1, §7.1).
 */
import { zlibSync } from 'fflate';
import { cborDecode, cborEncode } from './cbor';
import { COSE_TYP, coseSign1, decodeCoseSign1, type CoseSign1 } from './cose';
import { CLAIM_EXP, CLAIM_IAT, CLAIM_SUB, strictUnzlib } from './payload';

export const STATUS_LIST_TYP = 'application/statuslist+cwt';
export const CLAIM_TTL = 65534;
export const CLAIM_STATUS_LIST = 65533;
/** An office's list: one bit per certificate; far more than any office issues, far less than memory allows. */
export const MAX_STATUS_ENTRIES = 1 << 24;

export interface StatusList {
  uri: string;
  /** NumericDate seconds. */
  issuedAt: number;
  expiresAt?: number;
  ttl?: number;
  bits: number;
  /** The decompressed bit array. */
  lst: Uint8Array;
  kid: Uint8Array | null;
  sign1: CoseSign1;
}

export function bitArray(size: number, revoked: Iterable<number>): Uint8Array {
  const lst = new Uint8Array(Math.max(1, Math.ceil(size / 8)));
  // An index past the end is dropped, as a typed-array write out of range always was.
  for (const i of revoked) lst[i >> 3] = (lst[i >> 3] ?? 0) | (1 << (i & 7));
  return lst;
}

export async function signStatusList(
  input: { uri: string; issuedAt: number; expiresAt?: number; ttl?: number; size: number; revoked: Iterable<number> },
  kid: Uint8Array,
  sign: (tbs: Uint8Array) => Uint8Array | Promise<Uint8Array>,
): Promise<Uint8Array> {
  const claims = new Map<number, unknown>([
    [CLAIM_SUB, input.uri],
    [CLAIM_IAT, input.issuedAt],
  ]);
  if (input.expiresAt !== undefined) claims.set(CLAIM_EXP, input.expiresAt);
  if (input.ttl !== undefined) claims.set(CLAIM_TTL, input.ttl);
  claims.set(
    CLAIM_STATUS_LIST,
    new Map<string, unknown>([
      ['bits', 1],
      ['lst', zlibSync(bitArray(input.size, input.revoked), { level: 9 })],
    ]),
  );
  return coseSign1(await cborEncode(claims), kid, sign, [[COSE_TYP, STATUS_LIST_TYP]]);
}

/** Parses a status list token (not its signature: see verify-certificate.ts); throws naming the problem. */
export async function decodeStatusList(bytes: Uint8Array): Promise<StatusList> {
  const sign1 = await decodeCoseSign1(bytes);
  if (sign1.protectedHeader.get(COSE_TYP) !== STATUS_LIST_TYP) throw new Error(`not a status list token (typ is not ${STATUS_LIST_TYP})`);
  const m = await cborDecode(sign1.payload);
  if (!(m instanceof Map)) throw new Error('the status list payload is not a claims map');
  const uri = m.get(CLAIM_SUB);
  const iat = m.get(CLAIM_IAT);
  const exp = m.get(CLAIM_EXP);
  const ttl = m.get(CLAIM_TTL);
  const sl = m.get(CLAIM_STATUS_LIST);
  if (typeof uri !== 'string' || uri.length === 0) throw new Error('the status list has no sub (its URI)');
  if (typeof iat !== 'number' || !Number.isSafeInteger(iat)) throw new Error('the status list has no iat');
  if (exp !== undefined && (typeof exp !== 'number' || !Number.isSafeInteger(exp))) throw new Error('the status list exp is not a NumericDate');
  if (ttl !== undefined && (typeof ttl !== 'number' || !Number.isSafeInteger(ttl) || ttl < 0))
    throw new Error('the status list ttl is not a non-negative integer');
  if (!(sl instanceof Map)) throw new Error('the status list claim is missing');
  const bits = sl.get('bits');
  const packed = sl.get('lst');
  if (bits !== 1 && bits !== 2 && bits !== 4 && bits !== 8) throw new Error('the status list bits is not 1, 2, 4 or 8');
  if (!(packed instanceof Uint8Array)) throw new Error('the status list lst is not a byte string');
  const lst = strictUnzlib(packed);
  if (!lst) throw new Error('the status list lst does not inflate (zlib, with its Adler-32)');
  if (lst.length * (8 / bits) > MAX_STATUS_ENTRIES) throw new Error('the status list is larger than any office list');
  return { uri, issuedAt: iat, expiresAt: exp as number | undefined, ttl: ttl as number | undefined, bits, lst, kid: sign1.kid, sign1 };
}

/** The status value at `idx` (0 valid, 1 invalid…), or null when the list is shorter. */
export function statusAt(list: Pick<StatusList, 'bits' | 'lst'>, idx: number): number | null {
  const perByte = 8 / list.bits;
  const byte = Math.floor(idx / perByte);
  // Out of range either way (including a negative index, which used to read as status 0): unknown.
  const value = list.lst[byte];
  if (value === undefined) return null;
  const shift = (idx % perByte) * list.bits;
  return (value >> shift) & ((1 << list.bits) - 1);
}
