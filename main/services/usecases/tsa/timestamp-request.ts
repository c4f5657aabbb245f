/**
 * RFC 3161 §2.4.1 TimeStampReq: reading one strictly (whatever a network
 * peer sends) and writing one (Affix as a client: `sign --tsa`, `ltv`,
 * `timestamp request`).
 *
 *   TimeStampReq ::= SEQUENCE {
 *     version        INTEGER { v1(1) },
 *     messageImprint MessageImprint,
 *     reqPolicy      TSAPolicyId OPTIONAL,
 *     nonce          INTEGER OPTIONAL,
 *     certReq        BOOLEAN DEFAULT FALSE,
 *     extensions     [0] IMPLICIT Extensions OPTIONAL }
 */
import { randomBytes } from 'node:crypto';
import { BOOLEAN_TRUE, int, octets, oid, seq, uint } from '../../../../shared/asn1/der';
import { HASH_OIDS, hashForOid, type HashName } from '../../../../shared/verify/digest';

export type TsaHash = HashName;
const HASH_LENGTH: Record<TsaHash, number> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export interface TimestampRequest {
  hash: TsaHash;
  /** The MessageImprint SEQUENCE exactly as received, echoed into the TSTInfo. */
  imprintDer: Uint8Array;
  imprint: Uint8Array;
  reqPolicy?: string;
  /** The nonce INTEGER's DER, echoed exactly. */
  nonceDer?: Uint8Array;
  certReq: boolean;
}

/** RFC 3161 PKIFailureInfo bit numbers. */
export const FAIL = {
  badAlg: 0,
  badRequest: 2,
  badDataFormat: 5,
  timeNotAvailable: 14,
  unacceptedPolicy: 15,
  unacceptedExtension: 16,
  systemFailure: 25,
} as const;
export type FailureName = keyof typeof FAIL;

export class RequestRefused extends Error {
  constructor(
    readonly failure: FailureName,
    message: string,
  ) {
    super(message);
  }
}

interface Tlv {
  tag: number;
  /** Whole element (header and contents). */
  start: number;
  end: number;
  /** Contents. */
  from: number;
}

/** One DER element at `at` within `[at, limit)`: single-byte tags, definite lengths only. */
function readTlv(b: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) throw new RequestRefused('badDataFormat', 'the query is truncated');
  const tag = b[at];
  if ((tag & 0x1f) === 0x1f) throw new RequestRefused('badDataFormat', 'the query uses a multi-byte tag');
  let len = b[at + 1];
  let from = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 3 || from + n > limit) throw new RequestRefused('badDataFormat', 'the query has an indefinite or oversized length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[from + i];
    from += n;
  }
  const end = from + len;
  if (end > limit) throw new RequestRefused('badDataFormat', 'an element runs past the end of the query');
  return { tag, start: at, end, from };
}

/** The elements inside a constructed element. */
function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = t.from; at < t.end;) {
    const c = readTlv(b, at, t.end);
    out.push(c);
    at = c.end;
  }
  return out;
}

/** Dotted form of an OBJECT IDENTIFIER's contents. */
function oidText(b: Uint8Array): string {
  const arcs: number[] = [];
  let v = 0;
  for (let i = 0; i < b.length; i++) {
    if (v > 2 ** 45) throw new RequestRefused('badDataFormat', 'an object identifier arc is too large');
    v = v * 128 + (b[i] & 0x7f);
    if (!(b[i] & 0x80)) {
      if (arcs.length === 0) arcs.push(v < 40 ? 0 : v < 80 ? 1 : 2, v < 80 ? v % 40 : v - 80);
      else arcs.push(v);
      v = 0;
    } else if (i === b.length - 1) throw new RequestRefused('badDataFormat', 'an object identifier is truncated');
  }
  if (arcs.length < 2) throw new RequestRefused('badDataFormat', 'an object identifier is empty');
  return arcs.join('.');
}

const TAG = { integer: 0x02, boolean: 0x01, octets: 0x04, nul: 0x05, oid: 0x06, sequence: 0x30, extensions: 0xa0 } as const;

/**
 * Strict and allocation-light: a TimeStampReq is read by hand (a few dozen
 * bytes, a thousand a second, from anyone on the network), every length
 * checked against its container, nothing trailing.
 */
export function parseTimestampRequest(der: Uint8Array): TimestampRequest {
  const top = readTlv(der, 0, der.length);
  if (top.tag !== TAG.sequence || top.end !== der.length) throw new RequestRefused('badDataFormat', 'the query is not one DER TimeStampReq');
  const items = children(der, top);
  const version = items.shift();
  if (!version || version.tag !== TAG.integer || version.end - version.from !== 1 || der[version.from] !== 1)
    throw new RequestRefused('badDataFormat', 'the query version is not v1');
  const mi = items.shift();
  if (!mi || mi.tag !== TAG.sequence) throw new RequestRefused('badDataFormat', 'the query has no MessageImprint');
  const miParts = children(der, mi);
  const [alg, value] = miParts;
  if (miParts.length !== 2 || alg.tag !== TAG.sequence || value.tag !== TAG.octets)
    throw new RequestRefused('badDataFormat', 'the MessageImprint is malformed');
  const algParts = children(der, alg);
  if (algParts.length < 1 || algParts[0].tag !== TAG.oid) throw new RequestRefused('badDataFormat', 'the MessageImprint is malformed');
  if (algParts.length > 2 || (algParts.length === 2 && (algParts[1].tag !== TAG.nul || algParts[1].end !== algParts[1].from))) {
    throw new RequestRefused('badDataFormat', 'the hash algorithm has unexpected parameters');
  }
  const algOid = oidText(der.subarray(algParts[0].from, algParts[0].end));
  const hash = hashForOid(algOid);
  if (!hash) throw new RequestRefused('badAlg', `hash algorithm ${algOid} is not accepted`);
  const imprint = der.slice(value.from, value.end);
  if (imprint.length !== HASH_LENGTH[hash])
    throw new RequestRefused('badDataFormat', `a ${hash} imprint has ${HASH_LENGTH[hash]} bytes, not ${imprint.length}`);
  const out: TimestampRequest = { hash, imprintDer: der.slice(mi.start, mi.end), imprint, certReq: false };
  let next = items.shift();
  if (next?.tag === TAG.oid) {
    out.reqPolicy = oidText(der.subarray(next.from, next.end));
    next = items.shift();
  }
  if (next?.tag === TAG.integer) {
    const n = next.end - next.from;
    if (n === 0 || n > 64) throw new RequestRefused('badDataFormat', 'the nonce is empty or longer than 64 bytes');
    out.nonceDer = der.slice(next.start, next.end);
    next = items.shift();
  }
  if (next?.tag === TAG.boolean) {
    if (next.end - next.from !== 1) throw new RequestRefused('badDataFormat', 'certReq is not a BOOLEAN');
    out.certReq = der[next.from] !== 0;
    next = items.shift();
  }
  if (next?.tag === TAG.extensions) throw new RequestRefused('unacceptedExtension', 'this TSA accepts no request extensions');
  if (next || items.length) throw new RequestRefused('badDataFormat', 'the query has unexpected fields');
  return out;
}

/** A query for `imprint` with a fresh 64-bit nonce; certReq set so the reply carries the TSA certificate. */
export function createTimestampRequest(
  hash: TsaHash,
  imprint: Uint8Array,
  options: { policy?: string; certReq?: boolean } = {},
): { der: Uint8Array; nonce: Uint8Array } {
  const nonce = randomBytes(8);
  nonce[0] &= 0x7f;
  const parts = [int(1), seq(seq(oid(HASH_OIDS[hash])), octets(imprint))];
  if (options.policy) parts.push(oid(options.policy));
  parts.push(uint(nonce));
  if (options.certReq ?? true) parts.push(BOOLEAN_TRUE);
  return { der: seq(...parts), nonce: new Uint8Array(nonce) };
}
