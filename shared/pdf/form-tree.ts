/**
 * The interactive-form field tree (ISO 32000-1 §12.7.3) as a verifier needs
 * it: every terminal field with its full name, inherited type, value, the
 * object numbers of its field and widget dictionaries, and its signature lock.
 * Tolerant of odd trees (loops, direct kids) — it never throws on them.
 */
import { PdfDict, PdfRef, PdfString, type PdfObject } from './objects';
import type { PdfReader } from './reader';

export interface FieldNode {
  name: string;
  /** /FT, inherited. */
  type?: string;
  /** Object number of the field dictionary (undefined for a direct field). */
  num?: number;
  dict: PdfDict;
  /** /V as stored (possibly a reference). */
  value?: PdfObject;
  /** Widget annotation object numbers (may include `num` for a merged field/widget). */
  widgets: number[];
  widgetDicts: PdfDict[];
}

const MAX_DEPTH = 32;
const MAX_FIELDS = 100_000;

export function readFieldTree(reader: PdfReader): FieldNode[] {
  const catalog = reader.catalog();
  const acro = reader.resolve(catalog.get('AcroForm'));
  if (!(acro instanceof PdfDict)) return [];
  const roots = reader.resolve(acro.get('Fields'));
  if (!Array.isArray(roots)) return [];
  const out: FieldNode[] = [];
  const seen = new Set<number>();
  const walk = (obj: PdfObject, prefix: string, type: string | undefined, depth: number): void => {
    if (depth > MAX_DEPTH || out.length > MAX_FIELDS) return;
    if (obj instanceof PdfRef) {
      if (seen.has(obj.num)) return;
      seen.add(obj.num);
    }
    const d = reader.resolve(obj);
    if (!(d instanceof PdfDict)) return;
    const t = reader.resolve(d.get('T'));
    const part = t instanceof PdfString ? t.asText() : undefined;
    const name = part === undefined ? prefix : prefix ? `${prefix}.${part}` : part;
    const ft = d.name('FT') ?? type;
    const node: FieldNode = { name, type: ft, num: obj instanceof PdfRef ? obj.num : undefined, dict: d, value: d.get('V'), widgets: [], widgetDicts: [] };
    const kids = reader.resolve(d.get('Kids'));
    let childFields = 0;
    for (const kid of Array.isArray(kids) ? kids : []) {
      const kd = reader.resolve(kid);
      if (!(kd instanceof PdfDict)) continue;
      if (kd.has('T') || (kd.has('Kids') && kd.name('Subtype') !== 'Widget')) {
        childFields++;
        walk(kid, name, ft, depth + 1);
      } else {
        if (kid instanceof PdfRef) node.widgets.push(kid.num);
        node.widgetDicts.push(kd);
      }
    }
    if (d.name('Subtype') === 'Widget') {
      if (node.num !== undefined) node.widgets.push(node.num);
      node.widgetDicts.push(d);
    }
    if (childFields === 0 || node.widgets.length > 0) out.push(node);
  };
  for (const f of roots) walk(f, '', undefined, 0);
  return out;
}
