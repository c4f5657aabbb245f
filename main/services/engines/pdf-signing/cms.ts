/**
 * Detached CMS SignedData (RFC 5652) for PDF signatures, in DER.
 *
 * PAdES baseline B-B (ETSI EN 319 142-1) for /SubFilter /ETSI.CAdES.detached:
 * signed attributes content-type, message-digest and signing-certificate-v2,
 * and no signing-time (the claimed time lives in the signature dictionary's
 * /M). For adbe.pkcs7.detached a signing-time attribute is added, as Acrobat
 * does. The private key never comes here: the signer signs the DER of the
 * signed attributes and we check the result against its certificate, so a key
 * that does not match its certificate can never produce an output file.
 */
import * as asn1js from 'asn1js';
import { X509Certificate, constants, createHash, verify as verifySignature } from 'node:crypto';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { SignatureAlgorithm, SigningKey } from '../../domain/keys/signing-key';
import { compareBytes, ctx, int, octets, oid, seq, set, tlv } from '../../../../shared/asn1/der';
import { OID } from '../../../../shared/asn1/oids';

export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';
export type CmsProfile = 'cades' | 'pkcs7';

/** The digest the document (and the signed attributes) are hashed with. RFC 8419 requires SHA-512 with Ed25519. */
export function digestAlgorithmFor(alg: SignatureAlgorithm): DigestAlgorithm {
  return alg === 'ecdsa-p384-sha384' ? 'sha384' : alg === 'ed25519' ? 'sha512' : 'sha256';
}

// --- DER assembly (shared/asn1/der.ts) ------------------------------------

const NULL = Uint8Array.of(0x05, 0x00);
const algId = (o: string, params?: Uint8Array): Uint8Array => (params ? seq(oid(o), params) : seq(oid(o)));

/** DER of a Time: UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5). */
function derTime(d: Date): Uint8Array {
  const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
  const t = whole.getUTCFullYear() < 2050 ? new asn1js.UTCTime({ valueDate: whole }) : new asn1js.GeneralizedTime({ valueDate: whole });
  return new Uint8Array(t.toBER());
}

// --- certificate fields ----------------------------------------------------

interface CertFields {
  der: Uint8Array;
  issuer: Uint8Array;
  serial: Uint8Array;
  x509: X509Certificate;
}

function certFields(der: Uint8Array, what: string): CertFields {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch (error) {
    throw badInput(`${what} is not a valid X.509 certificate.`, error);
  }
  const parsed = asn1js.fromBER(der);
  const tbs = (parsed.result as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
  const fields = tbs.valueBlock.value;
  const hasVersion = fields[0].idBlock.tagClass === 3 && fields[0].idBlock.tagNumber === 0;
  const serial = fields[hasVersion ? 1 : 0];
  const issuer = fields[hasVersion ? 3 : 2];
  return { der, issuer: new Uint8Array(issuer.valueBeforeDecodeView), serial: new Uint8Array(serial.valueBeforeDecodeView), x509 };
}

// --- algorithm identifiers ---------------------------------------------------

function signatureAlgorithmId(alg: SignatureAlgorithm): Uint8Array {
  switch (alg) {
    case 'ecdsa-p256-sha256':
      return algId(OID.ecdsaWithSha256);
    case 'ecdsa-p384-sha384':
      return algId(OID.ecdsaWithSha384);
    case 'rsa-pkcs1-sha256':
      return algId(OID.sha256WithRsa, NULL);
    case 'rsa-pss-sha256':
      // RSASSA-PSS-params: SHA-256, MGF1 with SHA-256, 32-byte salt, trailer field 1 (default, omitted).
      return algId(OID.rsassaPss, seq(ctx(0, algId(OID.sha256)), ctx(1, algId(OID.mgf1, algId(OID.sha256))), ctx(2, int(32))));
    case 'ed25519':
      return algId(OID.ed25519);
  }
}

/** Largest signature value (bytes) the certificate's key can produce; sizes the placeholder. */
export function maxSignatureBytes(certDer: Uint8Array): number {
  const key = certFields(certDer, 'The signer certificate').x509.publicKey;
  const d = key.asymmetricKeyDetails;
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return Math.ceil((d?.modulusLength ?? 4096) / 8);
    case 'ec': {
      const bits = d?.namedCurve === 'secp384r1' ? 384 : d?.namedCurve === 'secp521r1' ? 521 : 256;
      return 2 * Math.ceil(bits / 8) + 9; // SEQUENCE { INTEGER r, INTEGER s } with sign bytes
    }
    case 'ed25519':
      return 64;
    default:
      return 1024;
  }
}

function checkSignature(alg: SignatureAlgorithm, cert: X509Certificate, data: Uint8Array, sig: Uint8Array): boolean {
  const key = cert.publicKey;
  try {
    switch (alg) {
      case 'ecdsa-p256-sha256':
        return verifySignature('sha256', data, { key, dsaEncoding: 'der' }, sig);
      case 'ecdsa-p384-sha384':
        return verifySignature('sha384', data, { key, dsaEncoding: 'der' }, sig);
      case 'rsa-pkcs1-sha256':
        return verifySignature('sha256', data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
      case 'rsa-pss-sha256':
        return verifySignature('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig);
      case 'ed25519':
        return verifySignature(null, data, key, sig);
    }
  } catch {
    return false;
  }
}

// --- the SignedData -----------------------------------------------------------

export interface CmsRequest {
  signer: SigningKey;
  /** Digest of the signed byte ranges, computed with `digestAlgorithmFor(signer.algorithm)`. */
  documentDigest: Uint8Array;
  profile: CmsProfile;
  /** Only used (as the signing-time attribute) in the pkcs7 profile. */
  signingTime: Date;
  /**
   * PAdES B-T: fetches an RFC 3161 token over the signature value (given
   * the SHA-256 of it), added as the id-aa-signatureTimeStampToken unsigned
   * attribute (RFC 3161 Appendix A, ETSI EN 319 122-1 §5.3).
   */
  timestamp?: (signatureValueSha256: Uint8Array) => Promise<Uint8Array>;
}

function attribute(type: string, value: Uint8Array): Uint8Array {
  return seq(oid(type), set(value));
}

/** The signed attributes, each DER-encoded, sorted as DER requires for a SET OF. */
export function signedAttributes(req: Omit<CmsRequest, 'signer'> & { signerCert: CertFields; digestAlgorithm: DigestAlgorithm }): Uint8Array[] {
  const certHash = createHash('sha256').update(req.signerCert.der).digest();
  // ESSCertIDv2 with the default hash (SHA-256, so the AlgorithmIdentifier is omitted) and the issuer/serial hint.
  const issuerSerial = seq(seq(tlv(0xa4, req.signerCert.issuer)), req.signerCert.serial);
  const signingCertificateV2 = seq(seq(seq(octets(certHash), issuerSerial)));
  const attrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.messageDigest, octets(req.documentDigest)),
    attribute(OID.signingCertificateV2, signingCertificateV2),
  ];
  if (req.profile === 'pkcs7') attrs.push(attribute(OID.signingTime, derTime(req.signingTime)));
  return attrs.sort(compareBytes);
}

export async function createDetachedCms(req: CmsRequest): Promise<Uint8Array> {
  const { signer } = req;
  if (signer.certificates.length === 0) throw badInput('The signing key has no certificate.');
  const certs = signer.certificates.map((c, i) => certFields(c, i === 0 ? 'The signer certificate' : `Chain certificate ${i}`));
  const signerCert = certs[0];
  const digestAlgorithm = digestAlgorithmFor(signer.algorithm);
  const attrs = signedAttributes({ ...req, signerCert, digestAlgorithm });
  const toBeSigned = set(...attrs);
  let signature: Uint8Array;
  try {
    signature = await signer.sign(toBeSigned);
  } catch (error) {
    if (error instanceof AffixError) throw error;
    throw new AffixError('BAD_SECRET', `The signing key refused to sign: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  if (!checkSignature(signer.algorithm, signerCert.x509, toBeSigned, signature)) {
    throw badInput(
      `The private key does not match its certificate (${signerCert.x509.subject.replace(/\n/g, ', ')}): ` +
        `the ${signer.algorithm} signature it made does not verify with the certificate's public key.`,
    );
  }
  const digestAlg = algId(OID[digestAlgorithm]);
  const unsigned = req.timestamp ? [ctx(1, attribute(OID.signatureTimeStampToken, await req.timestamp(createHash('sha256').update(signature).digest())))] : [];
  const signerInfo = seq(
    int(1),
    seq(signerCert.issuer, signerCert.serial),
    digestAlg,
    ctx(0, ...attrs),
    signatureAlgorithmId(signer.algorithm),
    octets(signature),
    ...unsigned,
  );
  const signedData = seq(int(1), set(digestAlg), seq(oid(OID.data)), ctx(0, ...certs.map((c) => c.der)), set(signerInfo));
  return seq(oid(OID.signedData), ctx(0, signedData));
}

/** Upper bound of the DER size of `createDetachedCms` for this signer (without any timestamp). */
export function estimateCmsBytes(signer: SigningKey): number {
  const certBytes = signer.certificates.reduce((n, c) => n + c.length, 0);
  const issuerBytes = signer.certificates[0]?.length ?? 0; // issuer name appears twice more; bounded by the cert size
  return certBytes + 2 * issuerBytes + maxSignatureBytes(signer.certificates[0]) + 512;
}
