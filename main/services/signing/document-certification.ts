/**
 * The document's certification (DocMDP) level (ISO 32000-1 §12.8.2.2), as the
 * signer needs it to refuse what a certification forbids.
 */
import { PdfDict } from '../../../shared/pdf/objects';
import type { PdfReader } from '../../../shared/pdf/reader';

export type CertificationLevel = 1 | 2 | 3;

/** The P value of the document's certification signature, if it has one. */
export function certificationLevel(reader: PdfReader): CertificationLevel | undefined {
  const perms = reader.resolve(reader.catalog().get('Perms'));
  if (!(perms instanceof PdfDict)) return undefined;
  const sig = reader.resolve(perms.get('DocMDP'));
  if (!(sig instanceof PdfDict)) return undefined;
  const refs = reader.resolve(sig.get('Reference'));
  for (const r of Array.isArray(refs) ? refs : []) {
    const sigRef = reader.resolve(r);
    if (!(sigRef instanceof PdfDict) || sigRef.name('TransformMethod') !== 'DocMDP') continue;
    const params = reader.resolve(sigRef.get('TransformParams'));
    const p = params instanceof PdfDict ? reader.resolve(params.get('P')) : undefined;
    return p === 1 || p === 3 ? p : 2;
  }
  return 2; // /Perms /DocMDP without a readable transform: treat as the default level
}
