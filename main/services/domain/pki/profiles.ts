/**
 * Certificate profiles. Every certificate carries subject and authority key
 * identifiers (so `openssl verify` builds chains without guessing); CAs get
 * critical basicConstraints and keyCertSign|cRLSign; signers get
 * digitalSignature|nonRepudiation and id-kp-documentSigning (RFC 9336).
 */
import * as asn1js from 'asn1js';
import { x509 } from '../../core/x509/peculiar-x509';
import { randomBytes } from 'node:crypto';
import {
  IDENTITY_BINDING_PATTERN,
  IDENTITY_BINDING_PREFIX,
  OID_ANY_POLICY,
  OID_CERTIFICATE_POLICIES,
  OID_KP_DOCUMENT_SIGNING,
  OID_ORGANIZATION_IDENTIFIER,
  OID_QT_UNOTICE,
} from '../../../../shared/identity/oids';
import type { Ial } from '../../../../shared/identity/assurance';
import { SIGNING_ALGORITHM } from './key-pair';

export interface Issuer {
  cert: x509.X509Certificate;
  privateKey: CryptoKey;
}

/** 128 random bits, positive and without a leading zero byte (RFC 5280 §4.1.2.2 allows 20 octets). */
export function newSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] & 0x7f) | 0x10;
  return b.toString('hex');
}

export const orgName = (legalName: string, uscc: string, commonName: string): x509.JsonName => [
  { C: ['CN'] },
  { O: [legalName] },
  { [OID_ORGANIZATION_IDENTIFIER]: [`NTRCN-${uscc}`] },
  { CN: [commonName] },
];

const caUsages = () => new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true);
const signerUsages = () => [
  new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
  new x509.ExtendedKeyUsageExtension([OID_KP_DOCUMENT_SIGNING], false),
];

export async function selfSignedRoot(subject: x509.JsonName, keys: CryptoKeyPair, notAfter: Date): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: newSerial(),
    name: subject,
    keys,
    notBefore: new Date(),
    notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), caUsages(), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey)],
  });
}

export type LeafProfile = { kind: 'issuing-ca' } | { kind: 'seal-maker' } | { kind: 'seal' } | { kind: 'person'; recordSha256: string; ial: Ial };

export async function issue(
  issuer: Issuer,
  subject: x509.JsonName,
  publicKey: CryptoKey,
  window: { notBefore: Date; notAfter: Date },
  profile: LeafProfile,
): Promise<x509.X509Certificate> {
  const extensions: x509.Extension[] = [
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer.cert.publicKey),
  ];
  switch (profile.kind) {
    case 'issuing-ca':
      extensions.push(new x509.BasicConstraintsExtension(true, 0, true), caUsages());
      break;
    case 'seal-maker':
      extensions.push(new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true));
      break;
    case 'seal':
      extensions.push(new x509.BasicConstraintsExtension(false, undefined, true), ...signerUsages());
      break;
    case 'person':
      extensions.push(new x509.BasicConstraintsExtension(false, undefined, true), ...signerUsages(), identityBinding(profile.recordSha256, profile.ial));
      break;
  }
  // A certificate never outlives its issuer (RFC 5280 path validation would reject it).
  const notAfter = new Date(Math.min(window.notAfter.getTime(), issuer.cert.notAfter.getTime()));
  return x509.X509CertificateGenerator.create({
    serialNumber: newSerial(),
    subject,
    issuer: issuer.cert.subjectName,
    publicKey,
    signingKey: issuer.privateKey,
    notBefore: window.notBefore,
    notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions,
  });
}

/**
 * certificatePolicies { anyPolicy, userNotice { explicitText "Affix identity
 * verification record sha256:<hex> <IAL>" } }, non-critical (see oids.ts).
 */
export function identityBinding(recordSha256: string, ial: Ial): x509.Extension {
  const notice = new asn1js.Sequence({ value: [new asn1js.Utf8String({ value: `${IDENTITY_BINDING_PREFIX}${recordSha256} ${ial}` })] });
  const qualifier = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_QT_UNOTICE }), notice] });
  const policy = new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID_ANY_POLICY }), new asn1js.Sequence({ value: [qualifier] })] });
  return new x509.Extension(OID_CERTIFICATE_POLICIES, false, new asn1js.Sequence({ value: [policy] }).toBER());
}

/** Reads the identity binding back (null when the certificate has none). */
export function readIdentityBinding(cert: x509.X509Certificate): { recordSha256: string; ial: string } | null {
  const ext = cert.getExtension(OID_CERTIFICATE_POLICIES);
  if (!ext) return null;
  const policies = (asn1js.fromBER(ext.value).result as asn1js.Sequence).valueBlock.value as asn1js.Sequence[];
  for (const policy of policies) {
    const qualifiers = (policy.valueBlock.value[1] as asn1js.Sequence | undefined)?.valueBlock.value ?? [];
    for (const q of qualifiers as asn1js.Sequence[]) {
      const [id, notice] = q.valueBlock.value as [asn1js.ObjectIdentifier, asn1js.Sequence];
      if (id.valueBlock.toString() !== OID_QT_UNOTICE) continue;
      for (const part of notice.valueBlock.value) {
        const m = part instanceof asn1js.Utf8String ? IDENTITY_BINDING_PATTERN.exec(part.valueBlock.value) : null;
        if (m) return { recordSha256: m[1], ial: m[2] };
      }
    }
  }
  return null;
}
