/**
 * What each object of a revision is for: catalog, form, pages and the page
 * tree, content streams, resources, fonts, fields and their widgets, DSS and
 * metadata. The revision diff judges a rewritten object by the role it had
 * when the document was signed.
 */
import { readFormFields, type FormField } from '../pdf/form-fields';
import { PdfDict, PdfRef, PdfStream, type PdfObject } from '../pdf/objects';
import { referencesIn } from '../pdf/object-compare';
import type { PdfReader } from '../pdf/reader';

export type Role = 'catalog' | 'acroform' | 'page' | 'page-tree' | 'annots' | 'content' | 'resources' | 'font' | 'dss' | 'metadata';

export interface DocumentRoles {
  roles: Map<number, Role>;
  /** Page index by page object number. */
  pageIndex: Map<number, number>;
  /** Field by the number of its field dictionary or of one of its widgets. */
  fieldByObject: Map<number, FormField>;
  /** Field owning an appearance stream (by stream object number). */
  fieldByAppearance: Map<number, FormField>;
  fields: FormField[];
}

const MAX_PAGE_NODES = 200_000;

export function documentRoles(reader: PdfReader): DocumentRoles {
  const roles = new Map<number, Role>();
  const pageIndex = new Map<number, number>();
  const mark = (o: PdfObject | undefined, role: Role): void => {
    if (o instanceof PdfRef && !roles.has(o.num)) roles.set(o.num, role);
  };
  mark(reader.rootRef, 'catalog');
  const catalog = reader.catalog();
  mark(catalog.get('AcroForm'), 'acroform');
  mark(catalog.get('Metadata'), 'metadata');
  mark(reader.trailer.get('Info'), 'metadata');
  const dss = reader.resolve(catalog.get('DSS'));
  mark(catalog.get('DSS'), 'dss');
  if (dss instanceof PdfDict) for (const n of referencesIn(dss)) if (!roles.has(n)) roles.set(n, 'dss');
  markPageTree(reader, catalog.get('Pages'), roles, pageIndex, mark);
  const fields = safeFields(reader);
  const fieldByObject = new Map<number, FormField>();
  const fieldByAppearance = new Map<number, FormField>();
  for (const f of fields) {
    if (f.ref) fieldByObject.set(f.ref.num, f);
    for (const w of f.widgets) if (w.ref) fieldByObject.set(w.ref.num, f);
    for (const w of f.widgets) {
      const ap = reader.resolve(w.dict.get('AP'));
      if (ap instanceof PdfDict) for (const n of referencesIn(ap)) fieldByAppearance.set(n, f);
    }
  }
  return { roles, pageIndex, fieldByObject, fieldByAppearance, fields };
}

function safeFields(reader: PdfReader): FormField[] {
  try {
    return readFormFields(reader).filter((f) => f.terminal);
  } catch {
    return [];
  }
}

function markPageTree(
  reader: PdfReader,
  root: PdfObject | undefined,
  roles: Map<number, Role>,
  pageIndex: Map<number, number>,
  mark: (o: PdfObject | undefined, role: Role) => void,
): void {
  const stack: PdfObject[] = [root ?? null];
  const seen = new Set<number>();
  const order: number[] = [];
  while (stack.length && seen.size < MAX_PAGE_NODES) {
    const ref = stack.pop();
    if (!(ref instanceof PdfRef) || seen.has(ref.num)) continue;
    seen.add(ref.num);
    let node: PdfObject;
    try {
      node = reader.getObject(ref.num);
    } catch {
      continue;
    }
    if (!(node instanceof PdfDict)) continue;
    const kids = reader.resolve(node.get('Kids'));
    if (node.name('Type') === 'Pages' || (node.name('Type') !== 'Page' && Array.isArray(kids))) {
      roles.set(ref.num, 'page-tree');
      if (Array.isArray(kids)) for (const kid of kids.toReversed()) stack.push(kid);
    } else {
      roles.set(ref.num, 'page');
      order.push(ref.num);
    }
    mark(node.get('Annots'), 'annots');
    markContents(reader, node, mark);
    markResources(reader, node.get('Resources'), mark);
  }
  order.forEach((num, i) => pageIndex.set(num, i));
}

function markContents(reader: PdfReader, page: PdfDict, mark: (o: PdfObject | undefined, role: Role) => void): void {
  const c = page.get('Contents');
  mark(c, 'content');
  const arr = reader.resolve(c);
  if (Array.isArray(arr)) for (const x of arr) mark(x, 'content');
}

function markResources(reader: PdfReader, res: PdfObject | undefined, mark: (o: PdfObject | undefined, role: Role) => void): void {
  mark(res, 'resources');
  const d = safeResolve(reader, res);
  if (!(d instanceof PdfDict)) return;
  for (const [key, sub] of d.map) {
    mark(sub, 'resources');
    const subDict = safeResolve(reader, sub);
    if (!(subDict instanceof PdfDict)) continue;
    for (const v of subDict.map.values()) {
      mark(v, key === 'Font' ? 'font' : 'resources');
      if (key === 'Font') {
        const font = safeResolve(reader, v);
        if (font instanceof PdfDict) for (const n of referencesIn(font)) mark(new PdfRef(n, 0), 'font');
      }
      if (key === 'XObject') {
        const x = safeResolve(reader, v);
        if (x instanceof PdfStream) markResources(reader, x.dict.get('Resources'), mark);
      }
    }
  }
}

function safeResolve(reader: PdfReader, o: PdfObject | undefined): PdfObject | undefined {
  try {
    return reader.resolve(o);
  } catch {
    return undefined;
  }
}
