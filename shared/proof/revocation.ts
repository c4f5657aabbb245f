/**
 * Revocation at signing time from the CRLs a package carries: a CRL counts
 * only when it is signed by the certificate's issuer, and a certificate
 * revoked after the signature was made does not invalidate that signature.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Cert } from '../verify/certificate';
import { equalBytes, own, toHex } from '../verify/digest';
import { verifySignature } from '../verify/signature-crypto';

export interface Crl {
  issuerDer: Uint8Array;
  thisUpdate: Date;
  /** Lowercase hex serial (no leading zero bytes) → revocation date. */
  revoked: Map<string, Date>;
  tbs: Uint8Array;
  algorithm: string;
  signature: Uint8Array;
}

export const serialKey = (hex: string): string => hex.toLowerCase().replace(/^(00)+/, '');

export function parseCrl(der: Uint8Array): Crl {
  const asn = asn1js.fromBER(own(der));
  if (asn.offset === -1) throw new Error('not DER');
  const crl = new pkijs.CertificateRevocationList({ schema: asn.result });
  return {
    issuerDer: new Uint8Array(crl.issuer.toSchema().toBER()),
    thisUpdate: crl.thisUpdate.value,
    revoked: new Map((crl.revokedCertificates ?? []).map((r) => [serialKey(toHex(r.userCertificate.valueBlock.valueHexView)), r.revocationDate.value])),
    tbs: new Uint8Array(crl.tbsView),
    algorithm: crl.signatureAlgorithm.algorithmId,
    signature: new Uint8Array(crl.signatureValue.valueBlock.valueHexView),
  };
}

export type RevocationStatus =
  { kind: 'no-crl' } | { kind: 'good'; crlThisUpdate: Date } | { kind: 'revoked-after'; at: Date } | { kind: 'revoked-before'; at: Date };

/** The newest CRL by `issuer` that verifies decides; CRLs by anyone else are ignored. */
export async function revocationStatus(cert: Cert, issuer: Cert, crls: Crl[], signedAt: Date): Promise<RevocationStatus> {
  const mine: Crl[] = [];
  for (const c of crls) {
    if (!equalBytes(c.issuerDer, cert.issuerDer)) continue;
    const v = await verifySignature({ oid: c.algorithm }, issuer.publicKey, c.tbs, c.signature);
    if (v.ok) mine.push(c);
  }
  if (mine.length === 0) return { kind: 'no-crl' };
  const newest = mine.reduce((a, b) => (b.thisUpdate > a.thisUpdate ? b : a));
  const at = newest.revoked.get(serialKey(cert.serialHex));
  if (!at) return { kind: 'good', crlThisUpdate: newest.thisUpdate };
  return at <= signedAt ? { kind: 'revoked-before', at } : { kind: 'revoked-after', at };
}
