/**
 * A parsed X.509 certificate with what verification needs: names for the
 * report, validity, key usage, basic constraints, key identifiers and the
 * public key in the form signature-crypto.ts takes.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { own, toHex } from './digest';
import type { PublicKey, SignatureAlgorithmId } from './signature-crypto';
import { OID } from '../asn1/oids';
import { derItems } from '../asn1/pem';

export interface Cert {
  der: Uint8Array;
  subject: string;
  issuer: string;
  /** DER of the subject and issuer Names, for exact matching. */
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKey;
  /** The TBSCertificate bytes exactly as signed, and how they were signed. */
  tbs: Uint8Array;
  signatureAlgorithm: SignatureAlgorithmId;
  signature: Uint8Array;
  /** Key-usage bit names, or undefined when the extension is absent (any use allowed). */
  keyUsage?: Set<KeyUsage>;
  extendedKeyUsage?: string[];
  isCA: boolean;
  subjectKeyId?: string;
  authorityKeyId?: string;
}

export type KeyUsage = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign';
const KEY_USAGE_BITS: KeyUsage[] = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'];

const NAME_ATTRS: Record<string, string> = {
  [OID.commonName]: 'CN',
  [OID.countryName]: 'C',
  [OID.localityName]: 'L',
  [OID.stateOrProvinceName]: 'ST',
  [OID.organizationName]: 'O',
  [OID.organizationalUnitName]: 'OU',
  [OID.serialNumber]: 'serialNumber',
  [OID.emailAddress]: 'E',
  [OID.organizationIdentifier]: 'organizationIdentifier',
};

export function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  return name.typesAndValues
    .map((tv) => `${NAME_ATTRS[tv.type] ?? tv.type}=${String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value)}`)
    .join(', ');
}

/**
 * The certificate's own encodings of its names and key, taken from the parsed
 * ASN.1 rather than re-encoded (faster, and exact for what was signed).
 */
function rawParts(schema: asn1js.AsnType): { der: Uint8Array; issuer: Uint8Array; subject: Uint8Array; spki: Uint8Array } | undefined {
  const raw = (b: asn1js.AsnType | undefined): Uint8Array | undefined => (b ? new Uint8Array((b as asn1js.BaseBlock).valueBeforeDecodeView) : undefined);
  const tbs = schema instanceof asn1js.Sequence ? schema.valueBlock.value[0] : undefined;
  if (!(tbs instanceof asn1js.Sequence)) return undefined;
  const items = tbs.valueBlock.value;
  const i = items[0]?.idBlock.tagClass === 3 ? 1 : 0;
  const [der, issuer, subject, spki] = [raw(schema), raw(items[i + 2]), raw(items[i + 4]), raw(items[i + 5])];
  return der && issuer && subject && spki ? { der, issuer, subject, spki } : undefined;
}

export function fromSchema(schema: asn1js.AsnType): Cert {
  const c = new pkijs.Certificate({ schema });
  const parts = rawParts(schema);
  return fromPkijs(c, parts);
}

function fromPkijs(c: pkijs.Certificate, parts: ReturnType<typeof rawParts>): Cert {
  const spki = parts?.spki ?? new Uint8Array(c.subjectPublicKeyInfo.toSchema().toBER(false));
  const algParams = c.subjectPublicKeyInfo.algorithm.algorithmParams as asn1js.AsnType | undefined;
  const cert: Cert = {
    der: parts?.der ?? new Uint8Array(c.toSchema().toBER(false)),
    subject: nameToString(c.subject),
    issuer: nameToString(c.issuer),
    subjectDer: parts?.subject ?? new Uint8Array(c.subject.toSchema().toBER(false)),
    issuerDer: parts?.issuer ?? new Uint8Array(c.issuer.toSchema().toBER(false)),
    serialHex: toHex(new Uint8Array(c.serialNumber.valueBlock.valueHexView)),
    notBefore: c.notBefore.value,
    notAfter: c.notAfter.value,
    publicKey: {
      spki,
      algorithmOid: c.subjectPublicKeyInfo.algorithm.algorithmId,
      curveOid: algParams instanceof asn1js.ObjectIdentifier ? algParams.valueBlock.toString() : undefined,
      keyBytes: new Uint8Array(c.subjectPublicKeyInfo.subjectPublicKey.valueBlock.valueHexView),
    },
    tbs: new Uint8Array(c.tbsView),
    signatureAlgorithm: { oid: c.signatureAlgorithm.algorithmId, params: c.signatureAlgorithm.algorithmParams as asn1js.AsnType | undefined },
    signature: new Uint8Array(c.signatureValue.valueBlock.valueHexView),
    isCA: false,
  };
  for (const ext of c.extensions ?? []) {
    const parsed = ext.parsedValue as unknown;
    switch (ext.extnID) {
      case OID.keyUsage: {
        const bits = parsed instanceof asn1js.BitString ? new Uint8Array(parsed.valueBlock.valueHexView) : new Uint8Array();
        cert.keyUsage = new Set(KEY_USAGE_BITS.filter((_, i) => ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0));
        break;
      }
      case OID.basicConstraints:
        cert.isCA = parsed instanceof pkijs.BasicConstraints && parsed.cA === true;
        break;
      case OID.extKeyUsage:
        if (parsed instanceof pkijs.ExtKeyUsage) cert.extendedKeyUsage = parsed.keyPurposes;
        break;
      case OID.subjectKeyIdentifier:
        if (parsed instanceof asn1js.OctetString) cert.subjectKeyId = toHex(new Uint8Array(parsed.valueBlock.valueHexView));
        break;
      case OID.authorityKeyIdentifier:
        if (parsed instanceof pkijs.AuthorityKeyIdentifier && parsed.keyIdentifier) {
          cert.authorityKeyId = toHex(new Uint8Array(parsed.keyIdentifier.valueBlock.valueHexView));
        }
        break;
    }
  }
  return cert;
}

/** Parses DER (or PEM text in bytes) into certificates; throws with a message naming the problem. */
export function parseCertificates(input: Uint8Array): Cert[] {
  return derItems(input, ['CERTIFICATE'], 'the certificate file').map(parseOne);
}

function parseOne(der: Uint8Array): Cert {
  const asn = asn1js.fromBER(own(der));
  if (asn.offset === -1) throw new Error('not a DER certificate');
  return fromSchema(asn.result);
}
