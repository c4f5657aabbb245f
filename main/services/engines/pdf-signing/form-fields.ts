/**
 * Reads what the signer needs to know about an existing interactive form
 * (ISO 32000-1 §12.7): the field tree with fully qualified names, which
 * fields are signature fields and whether they are already signed, and the
 * document's certification (DocMDP) level (§12.8.2.2).
 */
import { badInput } from '../../../../shared/errors/affix-error';
import { PdfDict, PdfRef, PdfString, type PdfObject } from '../../../../shared/pdf/objects';
import type { PdfReader } from '../../../../shared/pdf/reader';

export interface Widget {
  ref?: PdfRef;
  dict: PdfDict;
}

export interface FormField {
  fullName: string;
  /** Undefined when the field is a direct object (it then cannot be edited on its own). */
  ref?: PdfRef;
  dict: PdfDict;
  /** /FT, inherited from ancestors. */
  type?: string;
  /** True when /V is set: for a signature field, it is signed. */
  hasValue: boolean;
  widgets: Widget[];
}

export type CertificationLevel = 1 | 2 | 3;

const MAX_FIELD_DEPTH = 64;

export function readFormFields(reader: PdfReader): FormField[] {
  const catalog = reader.catalog();
  const acro = reader.resolve(catalog.get('AcroForm'));
  if (!(acro instanceof PdfDict)) return [];
  const fields = reader.resolve(acro.get('Fields'));
  if (!Array.isArray(fields)) return [];
  const out: FormField[] = [];
  const seen = new Set<number>();
  const visit = (obj: PdfObject, parentName: string | undefined, inheritedType: string | undefined, depth: number): void => {
    if (depth > MAX_FIELD_DEPTH) throw badInput('Damaged PDF: the form field tree is too deep.');
    const ref = obj instanceof PdfRef ? obj : undefined;
    if (ref) {
      if (seen.has(ref.num)) return;
      seen.add(ref.num);
    }
    const d = reader.resolve(obj);
    if (!(d instanceof PdfDict)) return;
    const t = reader.resolve(d.get('T'));
    const partial = t instanceof PdfString ? t.asText() : undefined;
    const fullName = partial === undefined ? (parentName ?? '') : parentName ? `${parentName}.${partial}` : partial;
    const type = d.name('FT') ?? inheritedType;
    const widgets: Widget[] = [];
    const kids = reader.resolve(d.get('Kids'));
    if (Array.isArray(kids)) {
      for (const kid of kids) {
        const kd = reader.resolve(kid);
        if (!(kd instanceof PdfDict)) continue;
        if (kd.has('T')) visit(kid, fullName, type, depth + 1);
        else widgets.push({ ref: kid instanceof PdfRef ? kid : undefined, dict: kd });
      }
    }
    if (widgets.length === 0 && d.name('Subtype') === 'Widget') widgets.push({ ref, dict: d });
    const v = d.get('V');
    out.push({ fullName, ref, dict: d, type, hasValue: v !== undefined && reader.resolve(v) !== null, widgets });
  };
  for (const f of fields) visit(f, undefined, undefined, 0);
  return out;
}

export const isSignatureField = (f: FormField): boolean => f.type === 'Sig';

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
