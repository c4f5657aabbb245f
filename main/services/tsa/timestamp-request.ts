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
import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import { BOOLEAN_TRUE, int, octets, oid, seq, uint } from './der';

export const HASH_OIDS = {
  'SHA-1': '1.3.14.3.2.26',
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
} as const;
export type TsaHash = keyof typeof HASH_OIDS;
const HASH_LENGTH: Record<TsaHash, number> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };
const HASH_BY_OID: Map<string, TsaHash> = new Map(Object.entries(HASH_OIDS).map(([k, v]): [string, TsaHash] => [v, k as TsaHash]));

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
export const FAIL = { badAlg: 0, badRequest: 2, badDataFormat: 5, timeNotAvailable: 14, unacceptedPolicy: 15, unacceptedExtension: 16, systemFailure: 25 } as const;
export type FailureName = keyof typeof FAIL;

export class RequestRefused extends Error {
  constructor(
    readonly failure: FailureName,
    message: string,
  ) {
    super(message);
  }
}

const isInt = (b: asn1js.AsnType | undefined): b is asn1js.Integer => b instanceof asn1js.Integer;
const raw = (b: asn1js.AsnType): Uint8Array => new Uint8Array((b as asn1js.BaseBlock).valueBeforeDecodeView);

export function parseTimestampRequest(der: Uint8Array): TimestampRequest {
  const asn = asn1js.fromBER(der);
  if (asn.offset === -1 || asn.offset !== der.length) throw new RequestRefused('badDataFormat', 'the query is not one DER TimeStampReq');
  const top = asn.result;
  if (!(top instanceof asn1js.Sequence)) throw new RequestRefused('badDataFormat', 'the query is not a SEQUENCE');
  const items = [...top.valueBlock.value];
  const version = items.shift();
  if (!isInt(version) || version.valueBlock.valueDec !== 1) throw new RequestRefused('badDataFormat', 'the query version is not v1');
  const mi = items.shift();
  if (!(mi instanceof asn1js.Sequence) || mi.valueBlock.value.length !== 2) throw new RequestRefused('badDataFormat', 'the query has no MessageImprint');
  const [alg, value] = mi.valueBlock.value;
  const algOid = alg instanceof asn1js.Sequence ? alg.valueBlock.value[0] : undefined;
  if (!(algOid instanceof asn1js.ObjectIdentifier) || !(value instanceof asn1js.OctetString)) throw new RequestRefused('badDataFormat', 'the MessageImprint is malformed');
  const algParams = (alg as asn1js.Sequence).valueBlock.value.slice(1);
  if (algParams.length > 1 || (algParams.length === 1 && !(algParams[0] instanceof asn1js.Null))) throw new RequestRefused('badDataFormat', 'the hash algorithm has unexpected parameters');
  const hash = HASH_BY_OID.get(algOid.valueBlock.toString());
  if (!hash) throw new RequestRefused('badAlg', `hash algorithm ${algOid.valueBlock.toString()} is not accepted`);
  const imprint = new Uint8Array(value.valueBlock.valueHexView);
  if (imprint.length !== HASH_LENGTH[hash]) throw new RequestRefused('badDataFormat', `a ${hash} imprint has ${HASH_LENGTH[hash]} bytes, not ${imprint.length}`);
  const out: TimestampRequest = { hash, imprintDer: raw(mi), imprint, certReq: false };
  let next = items.shift();
  if (next instanceof asn1js.ObjectIdentifier) {
    out.reqPolicy = next.valueBlock.toString();
    next = items.shift();
  }
  if (isInt(next)) {
    const nonce = new Uint8Array(next.valueBlock.valueHexView);
    if (nonce.length === 0 || nonce.length > 64) throw new RequestRefused('badDataFormat', 'the nonce is empty or longer than 64 bytes');
    out.nonceDer = raw(next);
    next = items.shift();
  }
  if (next instanceof asn1js.Boolean) {
    out.certReq = next.valueBlock.value;
    next = items.shift();
  }
  if (next && next.idBlock.tagClass === 3 && next.idBlock.tagNumber === 0) throw new RequestRefused('unacceptedExtension', 'this TSA accepts no request extensions');
  if (next || items.length) throw new RequestRefused('badDataFormat', 'the query has unexpected fields');
  return out;
}

/** A query for `imprint` with a fresh 64-bit nonce; certReq set so the reply carries the TSA certificate. */
export function createTimestampRequest(hash: TsaHash, imprint: Uint8Array, options: { policy?: string; certReq?: boolean } = {}): { der: Uint8Array; nonce: Uint8Array } {
  const nonce = randomBytes(8);
  nonce[0] &= 0x7f;
  const parts = [int(1), seq(seq(oid(HASH_OIDS[hash])), octets(imprint))];
  if (options.policy) parts.push(oid(options.policy));
  parts.push(uint(nonce));
  if (options.certReq ?? true) parts.push(BOOLEAN_TRUE);
  return { der: seq(...parts), nonce: new Uint8Array(nonce) };
}
