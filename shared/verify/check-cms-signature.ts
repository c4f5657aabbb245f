/**
 * The cryptographic half of one PDF signature: digest of the byte ranges
 * against the signed message digest, the signer certificate named by the CMS
 * and by its signing-certificate(-v2) attribute, and the signature value.
 */
import type { Cert } from './certificate';
import { parseCms, CmsFormatError, type ParsedCms } from './cms';
import { digest, equalBytes } from './digest';
import { partsContent, type SignedContent } from './pdf-input';
import type { FailedSubIndication, IndeterminateSubIndication } from './report';
import { verifySignature } from './signature-crypto';

export type CmsCheck =
  | { stage: 'format'; reason: string }
  | {
      stage: 'checked';
      cms: ParsedCms;
      intact: boolean;
      valid: boolean;
      signer?: Cert;
      algorithm?: string;
      /** Set when intact && valid is not the whole story. */
      problem?: { failed: true; sub: FailedSubIndication; reason: string } | { failed: false; sub: IndeterminateSubIndication; reason: string };
    };

/** `signed` is what the signature covers: parts in memory, or a file's byte ranges hashed as they are read. */
export async function checkCmsSignature(cmsBytes: Uint8Array, signed: Uint8Array[] | SignedContent, subFilter: string): Promise<CmsCheck> {
  const content = Array.isArray(signed) ? partsContent(signed) : signed;
  let cms: ParsedCms;
  try {
    cms = parseCms(cmsBytes);
  } catch (error) {
    return { stage: 'format', reason: error instanceof CmsFormatError ? error.message : `the CMS cannot be read: ${String(error)}` };
  }
  const hash = cms.digestHash;
  if (!hash) {
    return {
      stage: 'checked',
      cms,
      intact: false,
      valid: false,
      problem: { failed: false, sub: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE', reason: `digest algorithm ${cms.digestAlgorithmOid} is not supported` },
    };
  }
  const timestamp = subFilter === 'ETSI.RFC3161';
  const computed = await content.digest(hash);
  let intact: boolean;
  let signedContent: Uint8Array | undefined;
  if (timestamp) {
    // A document timestamp signs a TSTInfo whose message imprint is the digest of the byte ranges.
    const imprint = cms.tstImprint;
    if (!imprint?.hash || !cms.encapsulatedContent) return { stage: 'format', reason: 'the document timestamp holds no readable TSTInfo' };
    intact = equalBytes(imprint.hash === hash ? computed : await content.digest(imprint.hash), imprint.value);
    signedContent = cms.encapsulatedContent;
    if (cms.messageDigest && !equalBytes(cms.messageDigest, await digest(hash, [signedContent]))) intact = false;
  } else {
    if (cms.encapsulatedContent) return { stage: 'format', reason: 'the CMS encapsulates content; a PDF signature must be detached' };
    intact = cms.messageDigest ? equalBytes(cms.messageDigest, computed) : true;
  }
  if (!cms.signedAttributes && !timestamp && subFilter === 'ETSI.CAdES.detached') {
    return { stage: 'format', reason: 'a CAdES signature must have signed attributes' };
  }
  if (cms.signedAttributes && !cms.messageDigest) return { stage: 'format', reason: 'the signed attributes have no message-digest' };
  const signer = cms.signerCert;
  if (!intact)
    return {
      stage: 'checked',
      cms,
      intact,
      valid: false,
      signer,
      problem: { failed: true, sub: 'HASH_FAILURE', reason: 'the digest of the signed byte ranges does not match the signed message digest' },
    };
  if (!signer) {
    return {
      stage: 'checked',
      cms,
      intact,
      valid: false,
      problem: { failed: false, sub: 'NO_SIGNING_CERTIFICATE_FOUND', reason: 'the CMS does not contain the certificate its signer identifier names' },
    };
  }
  // Joined only for a signature made over the content itself (no signed attributes): a copy of nearly the whole file.
  const data = cms.signedAttributes ?? signedContent ?? content.join();
  const outcome = await verifySignature(cms.signatureAlgorithm, signer.publicKey, data, cms.signature, hash);
  if (!outcome.ok) {
    const problem =
      outcome.reason === 'unsupported'
        ? ({ failed: false, sub: 'CRYPTO_CONSTRAINTS_FAILURE_NO_POE', reason: outcome.detail } as const)
        : ({ failed: true, sub: 'SIG_CRYPTO_FAILURE', reason: outcome.detail } as const);
    return { stage: 'checked', cms, intact, valid: false, signer, algorithm: outcome.algorithm, problem };
  }
  const essProblem = await checkSigningCertificate(cms, signer, subFilter);
  return { stage: 'checked', cms, intact, valid: true, signer, algorithm: outcome.algorithm, problem: essProblem };
}

async function checkSigningCertificate(cms: ParsedCms, signer: Cert, subFilter: string): Promise<Extract<CmsCheck, { stage: 'checked' }>['problem']> {
  const ess = cms.signingCertificate;
  if (!ess) {
    return subFilter === 'ETSI.CAdES.detached'
      ? { failed: true, sub: 'FORMAT_FAILURE', reason: 'a CAdES signature must carry signing-certificate-v2' }
      : undefined;
  }
  if (!equalBytes(await digest(ess.hash, [signer.der]), ess.certHash)) {
    return {
      failed: false,
      sub: 'NO_SIGNING_CERTIFICATE_FOUND',
      reason: 'the signing-certificate attribute names a different certificate than the one that signed',
    };
  }
  return undefined;
}
