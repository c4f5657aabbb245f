/**
 * Reads a detached CMS SignedData (RFC 5652) as PDF signatures carry it, BER
 * or DER: the signer, its certificate (by issuer+serial or key identifier),
 * the signed attributes verification needs, and any RFC 3161 timestamp's
 * genTime. Parsing only — checks are in verify-signature.ts.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { fromSchema, type Cert } from './certificate';
import { hashForOid, own, toHex, type HashName } from './digest';
import type { SignatureAlgorithmId } from './signature-crypto';
import { OID } from '../asn1/oids';

export interface EssCertId {
  hash: HashName;
  certHash: Uint8Array;
}

export interface ParsedCms {
  certificates: Cert[];
  /** Undefined when no certificate in the CMS matches the signer identifier. */
  signerCert?: Cert;
  digestAlgorithmOid: string;
  digestHash?: HashName;
  signatureAlgorithm: SignatureAlgorithmId;
  signature: Uint8Array;
  /** DER SET OF signed attributes as signed; undefined for CMS without signed attributes. */
  signedAttributes?: Uint8Array;
  messageDigest?: Uint8Array;
  signingTime?: Date;
  signingCertificate?: EssCertId;
  /** An RFC 3161 signature timestamp token (unsigned attribute), DER, not yet checked. */
  timestampToken?: Uint8Array;
  /** For a document timestamp: the TSTInfo's messageImprint hash and value. */
  tstImprint?: { hash?: HashName; value: Uint8Array; genTime: Date };
  encapsulatedContentType: string;
  /** eContent when the CMS encapsulates it (document timestamps); detached signatures have none. */
  encapsulatedContent?: Uint8Array;
}

export class CmsFormatError extends Error {}

export function parseCms(bytes: Uint8Array): ParsedCms {
  const asn = asn1js.fromBER(own(bytes));
  if (asn.offset === -1) throw new CmsFormatError(`the CMS is not valid BER: ${asn.result.error}`);
  let signedData: pkijs.SignedData;
  try {
    const info = new pkijs.ContentInfo({ schema: asn.result });
    if (info.contentType !== OID.signedData) throw new CmsFormatError(`the CMS is ${info.contentType}, not SignedData`);
    signedData = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    if (error instanceof CmsFormatError) throw error;
    throw new CmsFormatError(`the CMS is not a SignedData structure: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [si, ...others] = signedData.signerInfos;
  if (si === undefined || others.length > 0) {
    throw new CmsFormatError(`the CMS has ${signedData.signerInfos.length} signers; a PDF signature has exactly one`);
  }
  const certificates = certificateSchemas(asn.result).map(fromSchema);
  const out: ParsedCms = {
    certificates,
    signerCert: findSigner(si, certificates),
    digestAlgorithmOid: si.digestAlgorithm.algorithmId,
    digestHash: hashForOid(si.digestAlgorithm.algorithmId),
    signatureAlgorithm: { oid: si.signatureAlgorithm.algorithmId, params: si.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined },
    signature: new Uint8Array(si.signature.valueBlock.valueHexView),
    encapsulatedContentType: signedData.encapContentInfo.eContentType,
  };
  if (si.signedAttrs) {
    out.signedAttributes = signedAttributesDer(si.signedAttrs);
    for (const attr of si.signedAttrs.attributes) readSignedAttribute(attr, out);
  }
  for (const attr of si.unsignedAttrs?.attributes ?? []) {
    const token = attr.values[0] as asn1js.BaseBlock | undefined;
    if (attr.type === OID.signatureTimeStampToken && token) out.timestampToken = new Uint8Array(token.valueBeforeDecodeView);
  }
  if (signedData.encapContentInfo.eContentType === OID.tstInfo && signedData.encapContentInfo.eContent) {
    out.encapsulatedContent = new Uint8Array(signedData.encapContentInfo.eContent.getValue());
    out.tstImprint = parseTstInfo(out.encapsulatedContent);
  }
  return out;
}

/** The X.509 certificates of SignedData's [0] certificates set, as parsed ASN.1 (other choices skipped). */
function certificateSchemas(contentInfo: asn1js.AsnType): asn1js.AsnType[] {
  const explicit = contentInfo instanceof asn1js.Sequence ? contentInfo.valueBlock.value[1] : undefined;
  const sd = explicit instanceof asn1js.Constructed ? explicit.valueBlock.value[0] : undefined;
  if (!(sd instanceof asn1js.Sequence)) return [];
  const set = sd.valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0);
  if (!(set instanceof asn1js.Constructed)) return [];
  return set.valueBlock.value.filter((b) => b instanceof asn1js.Sequence);
}

function findSigner(si: pkijs.SignerInfo, certs: Cert[]): Cert | undefined {
  if (si.sid instanceof pkijs.IssuerAndSerialNumber) {
    const serial = toHex(new Uint8Array(si.sid.serialNumber.valueBlock.valueHexView));
    const issuer = new Uint8Array(si.sid.issuer.toSchema().toBER(false));
    return certs.find((c) => c.serialHex === serial && equal(c.issuerDer, issuer));
  }
  // [0] SubjectKeyIdentifier
  const ski = (si.sid as asn1js.Constructed | asn1js.Primitive).valueBlock as { valueHexView?: Uint8Array };
  const hex = ski.valueHexView ? toHex(new Uint8Array(ski.valueHexView)) : undefined;
  return hex ? certs.find((c) => c.subjectKeyId === hex) : undefined;
}

/** The signature covers the DER SET OF; a BER writer's indefinite length is re-encoded definitely. */
function signedAttributesDer(attrs: pkijs.SignedAndUnsignedAttributes): Uint8Array {
  const encoded = new Uint8Array(attrs.encodedValue);
  if (encoded[1] !== 0x80) return encoded;
  return new Uint8Array(new asn1js.Set({ value: attrs.attributes.map((a) => a.toSchema()) }).toBER(false));
}

function readSignedAttribute(attr: pkijs.Attribute, out: ParsedCms): void {
  const v = attr.values[0];
  switch (attr.type) {
    case OID.messageDigest:
      if (v instanceof asn1js.OctetString) out.messageDigest = new Uint8Array(v.valueBlock.valueHexView);
      break;
    case OID.signingTime:
      if (v instanceof asn1js.UTCTime || v instanceof asn1js.GeneralizedTime) out.signingTime = v.toDate();
      break;
    case OID.signingCertificateV2:
    case OID.signingCertificate:
      out.signingCertificate = essCertId(v, attr.type === OID.signingCertificateV2);
      break;
  }
}

/** First ESSCertID(v2) of a SigningCertificate(V2) attribute. */
function essCertId(v: unknown, v2: boolean): EssCertId | undefined {
  const certs = v instanceof asn1js.Sequence ? v.valueBlock.value[0] : undefined;
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return undefined;
  const items = first.valueBlock.value;
  let hash: HashName | undefined = v2 ? 'SHA-256' : 'SHA-1';
  let i = 0;
  if (v2 && items[0] instanceof asn1js.Sequence) {
    const oid = items[0].valueBlock.value[0];
    hash = oid instanceof asn1js.ObjectIdentifier ? hashForOid(oid.valueBlock.toString()) : undefined;
    i = 1;
  }
  const h = items[i];
  if (!hash || !(h instanceof asn1js.OctetString)) return undefined;
  return { hash, certHash: new Uint8Array(h.valueBlock.valueHexView) };
}

function parseTstInfo(der: Uint8Array): { hash?: HashName; value: Uint8Array; genTime: Date } | undefined {
  try {
    const t = new pkijs.TSTInfo({ schema: asn1js.fromBER(own(der)).result });
    return {
      hash: hashForOid(t.messageImprint.hashAlgorithm.algorithmId),
      value: new Uint8Array(t.messageImprint.hashedMessage.valueBlock.valueHexView),
      genTime: t.genTime,
    };
  } catch {
    return undefined;
  }
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
