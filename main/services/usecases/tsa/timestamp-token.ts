/**
 * RFC 3161 time-stamp tokens and replies (with the ESS signing-certificate-v2
 * of RFC 5816 so verifiers bind the token to the TSA certificate):
 *
 *   TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }
 *   token = ContentInfo { id-signedData, SignedData {
 *     encapContentInfo { id-ct-TSTInfo, TSTInfo }, certificates (if certReq),
 *     one SignerInfo { contentType, messageDigest, signingCertificateV2 } } }
 *   TSTInfo ::= SEQUENCE { version 1, policy, messageImprint, serialNumber,
 *     genTime, accuracy, nonce OPTIONAL, tsa [0] OPTIONAL }
 *
 * Built by byte concatenation (der.ts) and signed with node:crypto: the TSA
 * answers a thousand queries a second, so nothing here goes through WebCrypto.
 */
import * as asn1js from 'asn1js';
import { createHash, sign, type KeyObject } from 'node:crypto';
import { ctx, generalizedTime, int, namedBit, octets, oid, seq, set, uint, utf8, compareBytes, tlv } from '../../../../shared/asn1/der';
import { FAIL, type FailureName, type TimestampRequest } from './timestamp-request';
import { OID } from '../../../../shared/asn1/oids';

/** What the TSA signs with: its key, its certificate (first) and the issuers it hands out with certReq. */
export interface TsaSigner {
  key: KeyObject;
  certificates: Uint8Array[];
  policy: string;
  /** Accuracy of genTime, in milliseconds (the clock's bound; RFC 3161 §2.4.2). */
  accuracyMs: number;
}

interface CertParts {
  issuer: Uint8Array;
  serial: Uint8Array;
  subject: Uint8Array;
  sha256: Uint8Array;
}

const partsCache = new WeakMap<Uint8Array, CertParts>();

function certParts(der: Uint8Array): CertParts {
  let p = partsCache.get(der);
  if (p) return p;
  const tbs = (asn1js.fromBER(der).result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const f = tbs.valueBlock.value;
  const i = f[0].idBlock.tagClass === 3 ? 1 : 0;
  const raw = (b: asn1js.AsnType) => new Uint8Array((b as asn1js.BaseBlock).valueBeforeDecodeView);
  p = { serial: raw(f[i]), issuer: raw(f[i + 2]), subject: raw(f[i + 4]), sha256: createHash('sha256').update(der).digest() };
  partsCache.set(der, p);
  return p;
}

export interface IssuedToken {
  token: Uint8Array;
  reply: Uint8Array;
  serialHex: string;
  genTime: Date;
}

/**
 * The token for one accepted request. `serial` is the TSA's unique serial
 * (big-endian magnitude); `genTime` the time it asserts.
 */
export function issueToken(signer: TsaSigner, req: TimestampRequest, serial: Uint8Array, genTime: Date): IssuedToken {
  const own = certParts(signer.certificates[0]);
  const seconds = Math.floor(signer.accuracyMs / 1000);
  const millis = signer.accuracyMs % 1000;
  const accuracy = seq(...(seconds ? [int(seconds)] : []), ...(millis ? [tlv(0x80, new Uint8Array(int(millis).subarray(2)))] : []));
  const tstInfo = seq(
    int(1),
    oid(req.reqPolicy ?? signer.policy),
    req.imprintDer,
    uint(serial),
    generalizedTime(genTime),
    ...(signer.accuracyMs > 0 ? [accuracy] : []),
    ...(req.nonceDer ? [req.nonceDer] : []),
    // tsa [0] GeneralName: directoryName [4] of the TSA's subject.
    ctx(0, ctx(4, own.subject)),
  );
  const sha256Alg = seq(oid(OID.sha256));
  const essCertIdV2 = seq(octets(own.sha256), seq(seq(ctx(4, own.issuer)), own.serial));
  const attrs = [
    seq(oid(OID.contentType), set(oid(OID.tstInfo))),
    seq(oid(OID.messageDigest), set(octets(createHash('sha256').update(tstInfo).digest()))),
    seq(oid(OID.signingCertificateV2), set(seq(seq(essCertIdV2)))),
  ].sort(compareBytes);
  const signature = sign('sha256', set(...attrs), { key: signer.key, dsaEncoding: 'der' });
  const signerInfo = seq(int(1), seq(own.issuer, own.serial), sha256Alg, ctx(0, ...attrs), seq(oid(OID.ecdsaWithSha256)), octets(signature));
  const certs = req.certReq ? [ctx(0, ...signer.certificates)] : [];
  const signedData = seq(int(3), set(sha256Alg), seq(oid(OID.tstInfo), ctx(0, octets(tstInfo))), ...certs, set(signerInfo));
  const token = seq(oid(OID.signedData), ctx(0, signedData));
  return { token, reply: seq(seq(int(0)), token), serialHex: Buffer.from(serial).toString('hex'), genTime };
}

/** A rejection reply (status 2) naming the failure, RFC 3161 §2.4.2. */
export function rejection(failure: FailureName, text: string): Uint8Array {
  return seq(seq(int(2), seq(utf8(text.slice(0, 200))), namedBit(FAIL[failure])));
}
