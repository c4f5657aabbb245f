/**
 * The certificate chain a PDF signature carries in its own CMS, signer first
 * then each issuer found among the CMS certificates. For signers the
 * workspace knows nothing about (a PKCS#12 file or a token certificate
 * issued by an outside CA): the proof package names them by the certificate
 * that made the signature, which the package verifier matches against the
 * signature itself, so nothing here is taken on trust.
 */
import { badInput } from '../../../../shared/errors/affix-error';
import { PdfRef } from '../../../../shared/pdf/objects';
import { PdfReader } from '../../../../shared/pdf/reader';
import type { Cert } from '../../../../shared/verify/certificate';
import { parseCms } from '../../../../shared/verify/cms';
import { cmsFromContents, readSignatureDictionary } from '../../../../shared/verify/signature-dictionary';
import { readFormFields } from '../../../../shared/pdf/form-fields';

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const MAX_CHAIN = 10;

/** DER certificates of the signature in `field`: the signer's, then its issuers as far as the CMS holds them. */
export function signerChainFromPdf(pdf: Uint8Array, field: string, what: string): Uint8Array[] {
  const reader = PdfReader.open(pdf, what);
  const target = readFormFields(reader).find((f) => f.fullName === field);
  const v = target?.dict.get('V');
  if (!(v instanceof PdfRef)) throw badInput(`${what} has no signature in field "${field}".`);
  const sig = readSignatureDictionary(reader, v.num);
  if (!sig.ok) throw badInput(`${what}: the signature in field "${field}" cannot be read: ${sig.reason}.`);
  const cms = cmsFromContents(sig.sig.contents);
  if (typeof cms === 'string') throw badInput(`${what}: the signature in field "${field}" cannot be read: ${cms}.`);
  const parsed = parseCms(cms);
  if (!parsed.signerCert) throw badInput(`${what}: the signature in field "${field}" carries no signer certificate.`);
  const chain: Cert[] = [parsed.signerCert];
  for (let cur = parsed.signerCert; chain.length < MAX_CHAIN && !sameBytes(cur.subjectDer, cur.issuerDer);) {
    const issuer = parsed.certificates.find((c) => sameBytes(c.subjectDer, cur.issuerDer) && !chain.includes(c));
    if (!issuer) break;
    chain.push(issuer);
    cur = issuer;
  }
  return chain.map((c) => c.der);
}
