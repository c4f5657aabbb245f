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
  readonly key: KeyObject;
  readonly certificates: Uint8Array[];
  readonly policy: string;
  /** Accuracy of genTime, in milliseconds (the clock's bound; RFC 3161 §2.4.2). */
  readonly accuracyMs: number;
}

/**
 * Everything in a token that depends only on the signer, encoded once per
 * signer: a token is then the few per-request fields (imprint, serial,
 * time, nonce) put between these ready-made DER parts, and one signature.
 */
interface SignerTemplate {
  version1: Uint8Array;
  policy: Uint8Array;
  accuracy: Uint8Array | null;
  /** tsa [0] GeneralName: directoryName [4] of the TSA's subject. */
  tsaName: Uint8Array;
  contentTypeAttr: Uint8Array;
  signingCertificateAttr: Uint8Array;
  /** SignerInfo: version, sid (issuerAndSerialNumber), digestAlgorithm. */
  signerInfoHead: Uint8Array[];
  signatureAlgorithm: Uint8Array;
  /** SignedData: version, digestAlgorithms. */
  signedDataHead: Uint8Array[];
  tstInfoType: Uint8Array;
  certificates: Uint8Array;
  granted: Uint8Array;
  signedDataType: Uint8Array;
}

const templates = new WeakMap<TsaSigner, SignerTemplate>();

function template(signer: TsaSigner): SignerTemplate {
  let t = templates.get(signer);
  if (t) return t;
  const tbs = (asn1js.fromBER(signer.certificates[0]).result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const f = tbs.valueBlock.value;
  const i = f[0].idBlock.tagClass === 3 ? 1 : 0;
  const raw = (b: asn1js.AsnType) => new Uint8Array((b as asn1js.BaseBlock).valueBeforeDecodeView);
  const [serial, issuer, subject] = [raw(f[i]), raw(f[i + 2]), raw(f[i + 4])];
  const seconds = Math.floor(signer.accuracyMs / 1000);
  const millis = signer.accuracyMs % 1000;
  const sha256Alg = seq(oid(OID.sha256));
  const essCertIdV2 = seq(octets(createHash('sha256').update(signer.certificates[0]).digest()), seq(seq(ctx(4, issuer)), serial));
  t = {
    version1: int(1),
    policy: oid(signer.policy),
    accuracy: signer.accuracyMs > 0 ? seq(...(seconds ? [int(seconds)] : []), ...(millis ? [tlv(0x80, new Uint8Array(int(millis).subarray(2)))] : [])) : null,
    tsaName: ctx(0, ctx(4, subject)),
    contentTypeAttr: seq(oid(OID.contentType), set(oid(OID.tstInfo))),
    signingCertificateAttr: seq(oid(OID.signingCertificateV2), set(seq(seq(essCertIdV2)))),
    signerInfoHead: [int(1), seq(issuer, serial), sha256Alg],
    signatureAlgorithm: seq(oid(OID.ecdsaWithSha256)),
    signedDataHead: [int(3), set(sha256Alg)],
    tstInfoType: oid(OID.tstInfo),
    certificates: ctx(0, ...signer.certificates),
    granted: seq(int(0)),
    signedDataType: oid(OID.signedData),
  };
  templates.set(signer, t);
  return t;
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
  return buildToken(signer, req, serial, genTime, (signedAttrs) => sign('sha256', signedAttrs, { key: signer.key, dsaEncoding: 'der' }));
}

/** The token with the signature over its signed attributes made by `signAttrs` (DER ECDSA-Sig-Value). */
export function buildToken(
  signer: TsaSigner,
  req: TimestampRequest,
  serial: Uint8Array,
  genTime: Date,
  signAttrs: (signedAttrs: Uint8Array) => Uint8Array,
): IssuedToken {
  const t = template(signer);
  const tstInfo = seq(
    t.version1,
    req.reqPolicy && req.reqPolicy !== signer.policy ? oid(req.reqPolicy) : t.policy,
    req.imprintDer,
    uint(serial),
    generalizedTime(genTime),
    ...(t.accuracy ? [t.accuracy] : []),
    ...(req.nonceDer ? [req.nonceDer] : []),
    t.tsaName,
  );
  const attrs = [t.contentTypeAttr, seq(oid(OID.messageDigest), set(octets(createHash('sha256').update(tstInfo).digest()))), t.signingCertificateAttr].sort(
    compareBytes,
  );
  const signature = signAttrs(set(...attrs));
  const signerInfo = seq(...t.signerInfoHead, ctx(0, ...attrs), t.signatureAlgorithm, octets(signature));
  const signedData = seq(...t.signedDataHead, seq(t.tstInfoType, ctx(0, octets(tstInfo))), ...(req.certReq ? [t.certificates] : []), set(signerInfo));
  const token = seq(t.signedDataType, ctx(0, signedData));
  return { token, reply: seq(t.granted, token), serialHex: Buffer.from(serial).toString('hex'), genTime };
}

/** A rejection reply (status 2) naming the failure, RFC 3161 §2.4.2. */
export function rejection(failure: FailureName, text: string): Uint8Array {
  return seq(seq(int(2), seq(utf8(text.slice(0, 200))), namedBit(FAIL[failure])));
}
