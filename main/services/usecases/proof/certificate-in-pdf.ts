/**
 * A certificate carried inside a signed PDF's CMS (the signer's own
 * certificate travels in SignedData.certificates, RFC 5652 §5.1). After a
 * person is erased their certificate's DER is gone from the vault with the
 * rest of their data, yet every PDF they signed still carries it: a proof
 * export takes it from there, found by the SHA-256 the PKI kept in clear.
 */
import { createHash } from 'node:crypto';
import { parseCms } from '../../../../shared/verify/cms';
import { cmsFromContents } from '../../../../shared/verify/signature-dictionary';

const CONTENTS = /\/Contents\s*<([0-9A-Fa-f\s]{64,})>/g;

/** The DER of the certificate whose SHA-256 is `sha256`, from any signature of `pdf`, or null. */
export function certificateFromPdf(pdf: Uint8Array, sha256: string): Uint8Array | null {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  for (const m of text.matchAll(CONTENTS)) {
    const cms = cmsFromContents(new Uint8Array(Buffer.from(m[1].replace(/\s+/g, ''), 'hex')));
    if (typeof cms === 'string') continue;
    let certificates;
    try {
      certificates = parseCms(cms).certificates;
    } catch {
      continue;
    }
    const found = certificates.find((c) => createHash('sha256').update(c.der).digest('hex') === sha256);
    if (found) return found.der;
  }
  return null;
}
