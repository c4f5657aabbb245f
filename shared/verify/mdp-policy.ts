/**
 * Judges each later change against the permissions in force (ISO 32000-1
 * §12.8.2.2 DocMDP, §12.8.2.4 FieldMDP) plus the rules a court-grade verdict
 * needs beyond them: no signature needs to trust an annotation that can cover
 * page content, a visible signature widget added to a certified document
 * (sneaky signature), or a form value overwritten after it was signed.
 * Without a certification signature, P=2 applies (pyHanko's default too).
 */
import { PdfDict, PdfName, PdfString, type PdfObject } from '../pdf/objects';
import type { PdfReader } from '../pdf/reader';
import type { Modification } from './report';
import type { Change } from './revision-diff';

export type DocMdpLevel = 1 | 2 | 3;
export type FieldLocks = { kind: 'none' } | { kind: 'all' } | { kind: 'include'; fields: string[] } | { kind: 'exclude'; fields: string[] };

export interface Permissions {
  /** P of the document's certification signature, if one precedes the changes. */
  docMdp?: DocMdpLevel;
  locks: FieldLocks[];
}

const isLocked = (name: string, locks: FieldLocks[]): boolean =>
  locks.some((l) => l.kind === 'all' || (l.kind === 'include' && l.fields.includes(name)) || (l.kind === 'exclude' && !l.fields.includes(name)));

export function judge(change: Change, perms: Permissions): Modification {
  const level = perms.docMdp ?? 2;
  const { illegal, overwritesValue, visibleWidget, unsigned, benignAnnotation, ...rest } = change;
  const verdict = (allowed: boolean, attack?: string, why?: string): Modification => ({
    ...rest,
    allowed,
    ...(allowed || !(attack ?? rest.attack) ? {} : { attack: attack ?? rest.attack }),
    detail: why && !allowed ? `${rest.detail} — ${why}` : rest.detail,
  });
  if (illegal) return verdict(false);
  switch (change.kind) {
    case 'dss':
    case 'document-timestamp':
      return verdict(true);
    case 'metadata':
      return level >= 2 ? verdict(true) : verdict(false, undefined, 'DocMDP P=1 permits no change, metadata included');
    case 'signature-in-existing-field':
      return level >= 2 ? verdict(true) : verdict(false, undefined, 'DocMDP P=1 allows no signatures');
    case 'new-signature-field':
      if (level < 2) return verdict(false, undefined, 'DocMDP P=1 allows no signatures');
      if (unsigned && visibleWidget) return verdict(false, 'sneaky-signature', 'an unsigned signature widget that shows content');
      if (perms.docMdp !== undefined && visibleWidget)
        return verdict(false, 'sneaky-signature', 'a visible signature added to a certified document can cover its content');
      return verdict(true);
    case 'form-filling':
      if (level < 2) return verdict(false, undefined, 'DocMDP P=1 allows no form filling');
      if (change.field !== undefined && isLocked(change.field, perms.locks)) return verdict(false, undefined, 'the field is locked by a signature (FieldMDP)');
      if (overwritesValue) return verdict(false, 'shadow-replace', 'it overwrites a value that was present when signed');
      return verdict(true);
    case 'annotation':
      if (level < 3)
        return verdict(
          false,
          benignAnnotation ? undefined : 'evil-annotation',
          `${perms.docMdp ? `DocMDP P=${perms.docMdp}` : 'an approval signature'} allows no annotations`,
        );
      if (!benignAnnotation) return verdict(false, 'evil-annotation', 'this annotation type can cover page content');
      return verdict(true);
    default:
      return verdict(false);
  }
}

/** DocMDP P and FieldMDP locks declared by a signature dictionary's /Reference. */
export function declaredPermissions(reader: PdfReader, sig: PdfDict): { docMdp?: DocMdpLevel; locks: FieldLocks } {
  let docMdp: DocMdpLevel | undefined;
  let locks: FieldLocks = { kind: 'none' };
  const refs = reader.resolve(sig.get('Reference'));
  for (const r of Array.isArray(refs) ? refs : []) {
    const ref = reader.resolve(r);
    if (!(ref instanceof PdfDict)) continue;
    const params = reader.resolve(ref.get('TransformParams'));
    const method = ref.name('TransformMethod');
    if (method === 'DocMDP') {
      const p = params instanceof PdfDict ? reader.resolve(params.get('P')) : undefined;
      docMdp = p === 1 || p === 3 ? p : 2;
    } else if (method === 'FieldMDP' && params instanceof PdfDict) locks = fieldLocks(reader, params);
  }
  return { docMdp, locks };
}

/** A /Lock or FieldMDP TransformParams dictionary. */
export function fieldLocks(reader: PdfReader, d: PdfDict): FieldLocks {
  const action = d.name('Action');
  const names = (o: PdfObject | undefined): string[] => {
    const v = reader.resolve(o);
    return Array.isArray(v)
      ? v
          .map((x) => reader.resolve(x))
          .filter((x): x is PdfString => x instanceof PdfString)
          .map((s) => s.asText())
      : [];
  };
  if (action === 'All') return { kind: 'all' };
  if (action === 'Include') return { kind: 'include', fields: names(d.get('Fields')) };
  if (action === 'Exclude') return { kind: 'exclude', fields: names(d.get('Fields')) };
  return { kind: 'none' };
}

export const isName = (o: PdfObject | undefined, v: string): boolean => o instanceof PdfName && o.value === v;
