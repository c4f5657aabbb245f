/**
 * The document's certification (DocMDP) level (ISO 32000-1 §12.8.2.2), as the
 * signer needs it to refuse what a certification forbids. Read with the
 * verifier's own reading of a signature's /Reference (mdp-policy.ts), so the
 * two never disagree on a document's level.
 */
import { PdfDict } from '../../../../shared/pdf/objects';
import type { PdfReader } from '../../../../shared/pdf/reader';
import { declaredPermissions } from '../../../../shared/verify/mdp-policy';

export type CertificationLevel = 1 | 2 | 3;

/** The P value of the document's certification signature, if it has one. */
export function certificationLevel(reader: PdfReader): CertificationLevel | undefined {
  const perms = reader.resolve(reader.catalog().get('Perms'));
  if (!(perms instanceof PdfDict)) return undefined;
  const sig = reader.resolve(perms.get('DocMDP'));
  if (!(sig instanceof PdfDict)) return undefined;
  // /Perms /DocMDP without a readable transform: treat as the default level.
  return declaredPermissions(reader, sig).docMdp ?? 2;
}
