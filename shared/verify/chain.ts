/**
 * Chain building: from the signer certificate through the certificates the
 * CMS carries to one of the trust anchors, each link's signature checked, each
 * certificate valid at the time the signature is judged at, CAs marked as CAs
 * and the signer's key usage allowing signatures. Revocation of the path is
 * checked separately (revocation-check.ts), at the same proven time.
 */
import type { Cert } from './certificate';
import { equalBytes } from './digest';
import type { FailedSubIndication, IndeterminateSubIndication } from './report';
import { verifySignature } from './signature-crypto';

/** A certification path: the signer first, a trust anchor last (the two are one for a self-signed anchor). */
export type CertPath = [signer: Cert, ...issuers: Cert[]];

export type ChainOutcome =
  | { trusted: true; path: CertPath }
  | { trusted: false; failed: true; subIndication: FailedSubIndication; reason: string }
  | { trusted: false; failed: false; subIndication: IndeterminateSubIndication; reason: string };

const MAX_DEPTH = 8;

export async function checkChain(signer: Cert, pool: Cert[], anchors: Cert[], at: Date): Promise<ChainOutcome> {
  if (anchors.length === 0) return indeterminate('NO_CERTIFICATE_CHAIN_FOUND', 'no trust anchor was given, so no certificate can be trusted');
  const badLinks: string[] = [];
  const path = await findPath(signer, [...pool, ...anchors], anchors, [], badLinks);
  if (!path) {
    const why = badLinks.length ? `; rejected links: ${badLinks.join('; ')}` : '';
    return indeterminate(
      badLinks.length ? 'CERTIFICATE_CHAIN_GENERAL_FAILURE' : 'NO_CERTIFICATE_CHAIN_FOUND',
      `no chain from "${signer.subject}" to a trust anchor${why}`,
    );
  }
  for (const c of path) {
    if (at < c.notBefore)
      return {
        trusted: false,
        failed: true,
        subIndication: 'NOT_YET_VALID',
        reason: `certificate "${c.subject}" is not valid until ${c.notBefore.toISOString()} (checked at ${at.toISOString()})`,
      };
    if (at > c.notAfter)
      return indeterminate(
        'OUT_OF_BOUNDS_NO_POE',
        `certificate "${c.subject}" expired ${c.notAfter.toISOString()} (checked at ${at.toISOString()}) and no proof of existence predates that`,
      );
  }
  for (const ca of path.slice(1)) {
    const isAnchor = anchors.some((a) => equalBytes(a.der, ca.der));
    if (!isAnchor && !ca.isCA) return indeterminate('CHAIN_CONSTRAINTS_FAILURE', `"${ca.subject}" issues certificates but is not a CA (basicConstraints)`);
    if (ca.keyUsage && !ca.keyUsage.has('keyCertSign')) return indeterminate('CHAIN_CONSTRAINTS_FAILURE', `"${ca.subject}" has no keyCertSign key usage`);
  }
  if (signer.keyUsage && !signer.keyUsage.has('digitalSignature') && !signer.keyUsage.has('nonRepudiation')) {
    return indeterminate('CHAIN_CONSTRAINTS_FAILURE', `the signer certificate's key usage (${[...signer.keyUsage].join(', ')}) does not allow signing`);
  }
  return { trusted: true, path };
}

const indeterminate = (subIndication: IndeterminateSubIndication, reason: string): ChainOutcome => ({ trusted: false, failed: false, subIndication, reason });

async function findPath(cert: Cert, pool: Cert[], anchors: Cert[], seen: Cert[], badLinks: string[]): Promise<CertPath | undefined> {
  if (anchors.some((a) => equalBytes(a.der, cert.der))) return [cert];
  if (seen.length >= MAX_DEPTH || seen.some((s) => equalBytes(s.der, cert.der))) return undefined;
  for (const issuer of pool) {
    if (!equalBytes(issuer.subjectDer, cert.issuerDer) || equalBytes(issuer.der, cert.der)) continue;
    if (cert.authorityKeyId && issuer.subjectKeyId && cert.authorityKeyId !== issuer.subjectKeyId) continue;
    const link = await verifySignature(cert.signatureAlgorithm, issuer.publicKey, cert.tbs, cert.signature);
    if (!link.ok) {
      badLinks.push(`"${cert.subject}" ← "${issuer.subject}": ${link.detail}`);
      continue;
    }
    const rest = await findPath(issuer, pool, anchors, [...seen, cert], badLinks);
    if (rest) return [cert, ...rest];
  }
  return undefined;
}
