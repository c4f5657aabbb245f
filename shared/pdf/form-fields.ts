/**
 * The interactive-form field tree (ISO 32000-1 §12.7.3), read once for both
 * the signer and the verifier so that they can never see different trees.
 *
 * The rules, in one place:
 * - The tree is the one reached from /AcroForm /Fields through /Kids (§12.7.3.1).
 *   /Parent is not followed: a kid whose /Parent disagrees with the node that
 *   lists it is still that node's kid.
 * - A kid is a field when it has a partial name (/T), or has /Kids of its own
 *   without being a widget annotation; any other dictionary kid is a widget of
 *   the node listing it. A field that is itself a widget (merged field and
 *   widget, §12.5.6.19) is one of its own widgets. Kids that are not
 *   dictionaries are ignored.
 * - A field is terminal when it has no child fields, or has widgets of its own.
 * - /FT, /Ff and /V are inheritable (§12.7.3.1, table 220): a field without
 *   one takes its nearest ancestor's.
 * - Each object is visited once: a kid listed twice (a loop, or two parents
 *   sharing it) belongs to the first node that lists it.
 * - At most {@link MAX_FIELD_DEPTH} levels and {@link MAX_FIELD_NODES} nodes are
 *   read, and an object that cannot be read is skipped; either is reported in
 *   {@link FormTree.problem}, never thrown, so hostile trees cannot crash or
 *   hang a reader. The signer refuses such a tree (it might miss a signed
 *   field); the verifier reports what it could read.
 */
import { PdfDict, PdfName, PdfRef, PdfString, type PdfObject } from './objects';
import type { PdfReader } from './reader';

export interface Widget {
  /** Undefined for a direct widget dictionary. */
  ref?: PdfRef;
  dict: PdfDict;
}

export interface FormField {
  /** Fully qualified name: the partial names from the root, joined by "." (§12.7.3.2). */
  fullName: string;
  /** Undefined when the field is a direct object (it then cannot be edited on its own). */
  ref?: PdfRef;
  dict: PdfDict;
  /** Has no child fields, or has widgets of its own. */
  terminal: boolean;
  /** /FT, inherited. */
  type?: string;
  /** /Ff, inherited; 0 when no node sets it. */
  flags: number;
  /** /V as stored (possibly a reference), inherited. */
  value?: PdfObject;
  /** /V is present and not null: for a signature field, it is signed. */
  hasValue: boolean;
  widgets: Widget[];
}

export interface FormTree {
  /** Every field node, children before their parent. */
  fields: FormField[];
  /** Why part of the tree was not read (too deep, too large, an unreadable object); undefined when all of it was. */
  problem?: string;
}

export const MAX_FIELD_DEPTH = 32;
export const MAX_FIELD_NODES = 100_000;

export function readFormTree(reader: PdfReader): FormTree {
  let problem: string | undefined;
  const note = (p: string): void => {
    problem ??= p;
  };
  const resolve = (o: PdfObject | undefined): PdfObject | undefined => {
    try {
      return reader.resolve(o);
    } catch (error) {
      note(`an object of the form cannot be read (${(error as Error).message})`);
      return undefined;
    }
  };
  let roots: PdfObject | undefined;
  try {
    const acro = resolve(reader.catalog().get('AcroForm'));
    roots = acro instanceof PdfDict ? resolve(acro.get('Fields')) : undefined;
  } catch (error) {
    return { fields: [], problem: `the document catalog cannot be read (${(error as Error).message})` };
  }
  const fields: FormField[] = [];
  if (!Array.isArray(roots)) return { fields };
  const seen = new Set<number>();
  const firstVisit = (o: PdfObject): boolean => {
    if (!(o instanceof PdfRef)) return true;
    if (seen.has(o.num)) return false;
    seen.add(o.num);
    return true;
  };
  interface Inherited {
    prefix: string;
    type?: string;
    flags?: number;
    value?: PdfObject;
  }
  const walk = (obj: PdfObject, d: PdfDict, from: Inherited, depth: number): void => {
    const t = resolve(d.get('T'));
    const part = t instanceof PdfString ? t.asText() : undefined;
    const fullName = part === undefined ? from.prefix : from.prefix ? `${from.prefix}.${part}` : part;
    const ff = resolve(d.get('Ff'));
    const own: Inherited = {
      prefix: fullName,
      type: d.name('FT') ?? from.type,
      flags: typeof ff === 'number' ? ff : from.flags,
      value: d.has('V') ? d.get('V') : from.value,
    };
    const ref = obj instanceof PdfRef ? obj : undefined;
    const widgets: Widget[] = [];
    let childFields = 0;
    const kids = resolve(d.get('Kids'));
    for (const kid of Array.isArray(kids) ? kids : []) {
      const kd = resolve(kid);
      if (!(kd instanceof PdfDict) || !firstVisit(kid)) continue;
      if (kd.has('T') || (kd.has('Kids') && kd.name('Subtype') !== 'Widget')) {
        childFields++;
        if (depth + 1 > MAX_FIELD_DEPTH) note(`the form field tree is more than ${MAX_FIELD_DEPTH} levels deep`);
        else if (fields.length >= MAX_FIELD_NODES) note(`the form has more than ${MAX_FIELD_NODES} fields`);
        else walk(kid, kd, own, depth + 1);
      } else {
        widgets.push({ ref: kid instanceof PdfRef ? kid : undefined, dict: kd });
      }
    }
    if (d.name('Subtype') === 'Widget') widgets.push({ ref, dict: d });
    const value = own.value;
    const hasValue = value !== undefined && value !== null;
    fields.push({ fullName, ref, dict: d, terminal: childFields === 0 || widgets.length > 0, type: own.type, flags: own.flags ?? 0, value, hasValue, widgets });
  };
  for (const root of roots) {
    if (fields.length >= MAX_FIELD_NODES) {
      note(`the form has more than ${MAX_FIELD_NODES} fields`);
      break;
    }
    const d = resolve(root);
    if (d instanceof PdfDict && firstVisit(root)) walk(root, d, { prefix: '' }, 0);
  }
  return { fields, problem };
}

/** The field nodes only, for callers that do not care whether all of the tree was read. */
export const readFormFields = (reader: PdfReader): FormField[] => readFormTree(reader).fields;

export const isSignatureField = (f: FormField): boolean => f.type === 'Sig';

/** Terminal signature fields holding a value: the signatures a document claims to carry. */
export const signedSignatureFields = (fields: FormField[]): FormField[] => fields.filter((f) => f.terminal && isSignatureField(f) && f.hasValue);

/** Whether a field value is filled in as a form filler sees it: present, not an empty string, not the /Off state of a box. */
export function isFilledIn(reader: PdfReader, value: PdfObject | undefined): boolean {
  const x = value === undefined ? undefined : reader.resolve(value);
  if (x === undefined || x === null) return false;
  if (x instanceof PdfString) return x.bytes.length > 0;
  if (x instanceof PdfName) return x.value !== 'Off';
  return true;
}
