/**
 * What import refuses beyond "is it a PDF": an encrypted PDF (its trailer
 * has /Encrypt, ISO 32000-1 §7.6) can never be signed by Affix, so taking it
 * in would only create a document no one can sign. Refused the same way
 * the signing engine refuses it, at the door.
 */
import { badInput } from '../../../../shared/errors/affix-error';
import { PdfReader } from '../../../../shared/pdf/reader';

export function assertImportable(bytes: Uint8Array, name: string): void {
  let encrypted: boolean;
  try {
    encrypted = PdfReader.open(bytes, name).isEncrypted;
  } catch {
    // A PDF the reader cannot open is judged where it is used, as before.
    return;
  }
  if (encrypted)
    throw badInput(
      `${name} is encrypted (password-protected); Affix cannot sign encrypted PDFs, so it was not imported. Remove the protection first (e.g. qpdf --decrypt in.pdf out.pdf).`,
    );
}
