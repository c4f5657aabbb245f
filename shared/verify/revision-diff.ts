/**
 * Compares the document at one revision with the next and names every change
 * (what changed, on which object, page and field) together with the facts the
 * DocMDP/FieldMDP policy needs. Judging is left to mdp-policy.ts; only
 * changes that are illegal whatever the policy carry `illegal: true` here.
 */
import { PdfDict, PdfRef, PdfStream, PdfString, type PdfObject } from '../pdf/objects';
import { changedKeys, referencesIn, sameObject } from '../pdf/object-compare';
import type { PdfReader } from '../pdf/reader';
import type { XrefEntry } from '../pdf/xref';
import { isFilledIn, type FormField } from '../pdf/form-fields';
import { documentRoles, type DocumentRoles } from './document-roles';
import type { ModificationKind } from './report';

export interface Change {
  revision: number;
  kind: ModificationKind;
  detail: string;
  object?: number;
  field?: string;
  annotation?: { subtype: string; page?: number; rect?: [number, number, number, number] };
  attack?: string;
  /** Illegal under every policy (content, resources, fonts, page tree, rewrites, malformed revisions). */
  illegal?: boolean;
  /** A filled form field overwrote a value present when the document was signed. */
  overwritesValue?: boolean;
  /** A new signature widget that shows something on the page. */
  visibleWidget?: boolean;
  /** A new signature field that is not signed. */
  unsigned?: boolean;
  /** Annotation types that cannot hide page content (notes, text markup, links). */
  benignAnnotation?: boolean;
}

const BENIGN_ANNOTATIONS = new Set(['Text', 'Popup', 'Highlight', 'Underline', 'Squiggly', 'StrikeOut', 'Link']);
const MAX_WALK = 500_000;

/**
 * Changes from `a` (revision `revision - 1`) to `b` (revision `revision`); `from` is where `b`'s own bytes
 * start, and `duplicates` the objects those bytes define twice.
 */
export function diffRevisions(a: PdfReader, b: PdfReader, revision: number, from: number, duplicates: number[]): Change[] {
  const out: Change[] = [];
  const add = (c: Omit<Change, 'revision'>): void => void out.push({ revision, ...c });
  if (!b.xref.sections.some((s) => s.offset === a.xref.startxref)) {
    add({
      kind: 'malformed-revision',
      illegal: true,
      attack: 'incremental-saving',
      detail: `revision ${revision}'s cross-reference chain does not lead back to the previous revision (offset ${a.xref.startxref})`,
    });
  }
  for (const num of duplicates) {
    add({ kind: 'malformed-revision', illegal: true, object: num, attack: 'shadow', detail: `object ${num} is defined twice in revision ${revision}` });
  }
  const { rewritten, added, removed } = changedObjects(a, b, from);
  for (const num of removed) add({ kind: 'rewrite-of-signed-object', illegal: true, object: num, detail: `object ${num} was deleted` });
  const roles = documentRoles(a);
  const ctx: DiffContext = { a, b, roles, add, classified: new Set() };
  for (const num of findFilledDanglingRefs(b, rewritten, added)) {
    add({
      kind: 'rewrite-of-signed-object',
      illegal: true,
      object: num,
      attack: 'shadow-hide-and-replace',
      detail: `object ${num} was referenced but absent when signed, and is defined now`,
    });
  }
  if (rewritten.has(a.rootRef.num) || b.rootRef.num !== a.rootRef.num) compareCatalog(ctx);
  for (const num of rewritten) {
    if (num === a.rootRef.num) continue;
    const offset = b.entry(num);
    const hidden = offset?.type === 'offset' && offset.offset < from;
    classifyRewrite(ctx, num, hidden);
  }
  return out;
}

interface DiffContext {
  a: PdfReader;
  b: PdfReader;
  roles: DocumentRoles;
  add(c: Omit<Change, 'revision'>): void;
  /** Object numbers already reported, so a new field reached twice (form and page) is reported once. */
  classified: Set<number>;
}

const sameEntry = (x: XrefEntry | undefined, y: XrefEntry | undefined): boolean =>
  x?.type === y?.type &&
  (x?.type !== 'offset' || (y?.type === 'offset' && x.offset === y.offset && x.gen === y.gen)) &&
  (x?.type !== 'compressed' || (y?.type === 'compressed' && x.stream === y.stream && x.index === y.index));

function changedObjects(a: PdfReader, b: PdfReader, from: number): { rewritten: Set<number>; added: Set<number>; removed: number[] } {
  const changedStreams = new Set<number>();
  for (const [num, e] of b.xref.entries) if (e.type === 'offset' && !sameEntry(a.entry(num), e)) changedStreams.add(num);
  const rewritten = new Set<number>();
  const added = new Set<number>();
  const removed: number[] = [];
  for (const [num, e] of b.xref.entries) {
    const old = a.entry(num);
    if (sameEntry(old, e) && !(e.type === 'compressed' && changedStreams.has(e.stream))) continue;
    const existed = old !== undefined && old.type !== 'free';
    if (e.type === 'free') {
      if (existed) removed.push(num);
      continue;
    }
    if (!existed) {
      added.add(num);
      continue;
    }
    if (e.type === 'offset' && e.offset >= from && valueOrError(a, num) !== undefined && sameObject(valueOrError(a, num), valueOrError(b, num))) continue;
    if (e.type !== 'offset' && sameObject(valueOrError(a, num), valueOrError(b, num))) continue;
    rewritten.add(num);
  }
  return { rewritten, added, removed };
}

function valueOrError(r: PdfReader, num: number): PdfObject | undefined {
  try {
    return r.getObject(num);
  } catch {
    return undefined;
  }
}

/** New objects reached from objects that did not change: references that dangled when signed. */
function findFilledDanglingRefs(b: PdfReader, rewritten: Set<number>, added: Set<number>): number[] {
  if (added.size === 0) return [];
  const found = new Set<number>();
  const seen = new Set<number>();
  const stack = referencesIn(b.trailer);
  const trailerRoot = b.rootRef.num;
  while (stack.length && seen.size < MAX_WALK) {
    const num = stack.pop() as number;
    if (seen.has(num)) continue;
    seen.add(num);
    const unchanged = !rewritten.has(num) && !added.has(num) && num !== trailerRoot;
    for (const child of referencesIn(valueOrError(b, num) ?? null)) {
      if (unchanged && added.has(child)) found.add(child);
      if (!seen.has(child)) stack.push(child);
    }
  }
  return [...found];
}

// /Version and /Extensions only declare what the file uses (pyHanko raises them when it adds DSS or ESIC data).
const CATALOG_KEYS: Record<string, ModificationKind> = { DSS: 'dss', Extensions: 'dss', Version: 'metadata', Metadata: 'metadata', Pages: 'page-tree' };

function compareCatalog(ctx: DiffContext): void {
  const before = ctx.a.catalog();
  let after: PdfDict;
  try {
    after = ctx.b.catalog();
  } catch {
    ctx.add({ kind: 'other', illegal: true, detail: 'the document catalog can no longer be read' });
    return;
  }
  for (const key of changedKeys(before, after)) {
    if (key === 'AcroForm') {
      compareAcroForm(ctx, ctx.a.resolve(before.get(key)), ctx.b.resolve(after.get(key)));
      continue;
    }
    const kind = CATALOG_KEYS[key] ?? 'other';
    const allowed = kind === 'dss' || kind === 'metadata';
    ctx.add({
      kind,
      illegal: !allowed,
      object: ctx.b.rootRef.num,
      detail: `catalog /${key} ${before.has(key) ? (after.has(key) ? 'changed' : 'removed') : 'added'}`,
    });
  }
}

function compareAcroForm(ctx: DiffContext, before: PdfObject | undefined, after: PdfObject | undefined): void {
  const a = before instanceof PdfDict ? before : new PdfDict();
  if (!(after instanceof PdfDict)) {
    ctx.add({ kind: 'other', illegal: true, detail: 'the interactive form was removed' });
    return;
  }
  for (const key of changedKeys(a, after)) {
    if (key === 'SigFlags') continue;
    if (key === 'Fields') {
      const oldFields = refNums(ctx.a.resolve(a.get('Fields')));
      const newFields = refNums(ctx.b.resolve(after.get('Fields')));
      for (const n of oldFields)
        if (!newFields.includes(n)) ctx.add({ kind: 'other', illegal: true, object: n, detail: `form field object ${n} was removed from the form` });
      for (const n of newFields) if (!oldFields.includes(n)) classifyNewField(ctx, n);
      continue;
    }
    if (key === 'DR' && onlyAdds(ctx.a.resolve(a.get('DR')), ctx.b.resolve(after.get('DR')), ctx)) continue;
    ctx.add({ kind: key === 'DR' || key === 'DA' ? 'fonts' : 'other', illegal: true, detail: `the form's /${key} changed` });
  }
}

/** True when every entry of `before` (two levels deep, e.g. /DR /Font /F1) is unchanged in `after`. */
function onlyAdds(before: PdfObject | undefined, after: PdfObject | undefined, ctx: DiffContext): boolean {
  if (!(before instanceof PdfDict)) return true;
  if (!(after instanceof PdfDict)) return false;
  for (const [k, v] of before.map) {
    const w = after.get(k);
    if (sameObject(v, w)) continue;
    const dv = ctx.a.resolve(v);
    const dw = ctx.b.resolve(w);
    if (!(dv instanceof PdfDict) || !(dw instanceof PdfDict)) return false;
    for (const [k2, v2] of dv.map) if (!sameObject(v2, dw.get(k2))) return false;
  }
  return true;
}

const refNums = (o: PdfObject | undefined): number[] => (Array.isArray(o) ? o.filter((x): x is PdfRef => x instanceof PdfRef).map((x) => x.num) : []);

function classifyRewrite(ctx: DiffContext, num: number, hidden: boolean): void {
  const { a, b, roles } = ctx;
  const before = valueOrError(a, num);
  const after = valueOrError(b, num);
  const role = roles.roles.get(num);
  const attack = hidden ? 'shadow-hide' : undefined;
  if (role === 'acroform') return compareAcroForm(ctx, before, after);
  if (role === 'page' && before instanceof PdfDict && after instanceof PdfDict) return comparePage(ctx, num, before, after);
  if (role === 'annots') return compareAnnots(ctx, before, after, pageOfAnnots(ctx, num));
  const field = roles.fieldByObject.get(num);
  if (field && before instanceof PdfDict && after instanceof PdfDict) return compareField(ctx, num, field, before, after);
  const apField = roles.fieldByAppearance.get(num);
  if (apField && apField.type !== 'Sig') {
    return ctx.add({
      kind: 'form-filling',
      field: apField.fullName,
      object: num,
      overwritesValue: isFilledIn(a, apField.value),
      detail: `appearance of field "${apField.fullName}" redrawn`,
    });
  }
  const kind: ModificationKind =
    role === 'content'
      ? 'page-content'
      : role === 'resources'
        ? 'resources'
        : role === 'font'
          ? 'fonts'
          : role === 'page-tree'
            ? 'page-tree'
            : role === 'dss'
              ? 'dss'
              : role === 'metadata'
                ? 'metadata'
                : role === 'page'
                  ? 'page-content'
                  : 'rewrite-of-signed-object';
  const allowed = kind === 'dss' || kind === 'metadata';
  ctx.add({
    kind,
    illegal: !allowed,
    object: num,
    attack: allowed ? undefined : (attack ?? shadowFor(kind)),
    detail: `object ${num} (${role ?? describe(before)}) was rewritten${hidden ? ' to point at other bytes inside the signed revision' : ''}`,
  });
}

const shadowFor = (kind: ModificationKind): string | undefined =>
  kind === 'page-content' || kind === 'resources' || kind === 'fonts' || kind === 'page-tree' ? 'shadow-hide-and-replace' : undefined;

function describe(o: PdfObject | undefined): string {
  if (o instanceof PdfStream) return `stream${o.dict.name('Type') ? ` /${o.dict.name('Type')}` : ''}`;
  if (o instanceof PdfDict) return `dictionary${o.name('Type') ? ` /${o.name('Type')}` : ''}`;
  return 'object';
}

function pageOfAnnots(ctx: DiffContext, annotsNum: number): number | undefined {
  for (const [pageNum, idx] of ctx.roles.pageIndex) {
    const p = valueOrError(ctx.a, pageNum);
    const annots = p instanceof PdfDict ? p.get('Annots') : undefined;
    if (annots instanceof PdfRef && annots.num === annotsNum) return idx;
  }
  return undefined;
}

function comparePage(ctx: DiffContext, num: number, before: PdfDict, after: PdfDict): void {
  const page = ctx.roles.pageIndex.get(num);
  for (const key of changedKeys(before, after)) {
    if (key === 'Annots') {
      const oldRef = before.get('Annots');
      const newRef = after.get('Annots');
      // The same indirect array is judged when that object itself is (if it changed at all).
      if (oldRef instanceof PdfRef && newRef instanceof PdfRef && oldRef.num === newRef.num) continue;
      compareAnnots(ctx, ctx.a.resolve(oldRef), ctx.b.resolve(newRef), page);
      continue;
    }
    const kind: ModificationKind =
      key === 'Contents' ? 'page-content' : key === 'Resources' ? 'resources' : key === 'Parent' || key === 'Kids' ? 'page-tree' : 'page-content';
    ctx.add({ kind, illegal: true, object: num, attack: 'shadow-hide-and-replace', detail: `page ${(page ?? 0) + 1}: /${key} changed` });
  }
}

function compareAnnots(ctx: DiffContext, before: PdfObject | undefined, after: PdfObject | undefined, page: number | undefined): void {
  const oldRefs = refNums(before);
  const newRefs = refNums(after);
  for (const n of oldRefs) {
    if (!newRefs.includes(n)) ctx.add({ kind: 'annotation', illegal: true, object: n, detail: `annotation ${n} was removed from page ${(page ?? 0) + 1}` });
  }
  for (const n of newRefs) if (!oldRefs.includes(n)) classifyNewAnnotation(ctx, n, page);
}

function rectOf(r: PdfReader, d: PdfDict): [number, number, number, number] | undefined {
  const v = r.resolve(d.get('Rect'));
  if (!Array.isArray(v) || v.length !== 4 || !v.every((x) => typeof x === 'number')) return undefined;
  return v as [number, number, number, number];
}

function isVisible(r: PdfReader, d: PdfDict): boolean {
  const rect = rectOf(r, d);
  const flags = r.resolve(d.get('F'));
  const hiddenFlags = typeof flags === 'number' && (flags & (2 | 32)) !== 0;
  return !!rect && Math.abs(rect[2] - rect[0]) > 0 && Math.abs(rect[3] - rect[1]) > 0 && !hiddenFlags;
}

function classifyNewAnnotation(ctx: DiffContext, num: number, page: number | undefined): void {
  if (ctx.classified.has(num)) return;
  const d = valueOrError(ctx.b, num);
  if (!(d instanceof PdfDict)) {
    ctx.add({ kind: 'annotation', illegal: true, object: num, detail: `page ${(page ?? 0) + 1} gained annotation ${num}, which is not a dictionary` });
    return;
  }
  const subtype = d.name('Subtype') ?? '?';
  if (subtype === 'Widget') return classifyNewField(ctx, num, page);
  ctx.classified.add(num);
  const rect = rectOf(ctx.b, d);
  const benign = BENIGN_ANNOTATIONS.has(subtype);
  ctx.add({
    kind: 'annotation',
    object: num,
    annotation: { subtype, page, rect },
    benignAnnotation: benign,
    attack: benign ? undefined : 'evil-annotation',
    detail: `page ${(page ?? 0) + 1}: /${subtype} annotation added at [${rect?.map((x) => Math.round(x)).join(' ') ?? '?'}]`,
  });
}

/** A field (or widget) that did not exist when signed. */
function classifyNewField(ctx: DiffContext, num: number, page?: number): void {
  const d = valueOrError(ctx.b, num);
  if (!(d instanceof PdfDict)) return;
  const parent = ctx.b.resolve(d.get('Parent'));
  const fieldDict = d.has('FT') || d.has('T') || !(parent instanceof PdfDict) ? d : parent;
  const fieldNum = fieldDict === d ? num : (d.get('Parent') as PdfRef).num;
  if (ctx.classified.has(fieldNum) || ctx.classified.has(num)) return;
  ctx.classified.add(fieldNum).add(num);
  if (ctx.roles.fieldByObject.has(fieldNum)) {
    ctx.add({
      kind: 'other',
      illegal: true,
      object: num,
      field: ctx.roles.fieldByObject.get(fieldNum)?.fullName,
      detail: `existing field gained a new widget (object ${num})`,
    });
    return;
  }
  const name = fieldName(ctx.b, fieldDict);
  const kids = ctx.b.resolve(fieldDict.get('Kids'));
  const widget = fieldDict.name('Subtype') === 'Widget' ? fieldDict : Array.isArray(kids) ? ctx.b.resolve(kids[0]) : d;
  const widgetDict = widget instanceof PdfDict ? widget : d;
  if (fieldDict.name('FT') !== 'Sig') {
    ctx.add({ kind: 'other', illegal: true, object: fieldNum, field: name, detail: `new ${fieldDict.name('FT') ?? 'untyped'} form field "${name}" added` });
    return;
  }
  const v = ctx.b.resolve(fieldDict.get('V'));
  const isTimestamp = v instanceof PdfDict && v.name('Type') === 'DocTimeStamp';
  const visible = isVisible(ctx.b, widgetDict);
  ctx.add({
    kind: isTimestamp ? 'document-timestamp' : 'new-signature-field',
    object: fieldNum,
    field: name,
    visibleWidget: visible,
    unsigned: !(v instanceof PdfDict),
    annotation: { subtype: 'Widget', page, rect: rectOf(ctx.b, widgetDict) },
    detail: `${isTimestamp ? 'document timestamp' : 'signature field'} "${name}" added${v instanceof PdfDict ? '' : ' (unsigned)'}${visible ? ', visible on the page' : ', invisible'}`,
  });
}

function fieldName(r: PdfReader, d: PdfDict): string {
  const parts: string[] = [];
  let cur: PdfObject | undefined = d;
  for (let i = 0; cur instanceof PdfDict && i < 32; i++) {
    const t = r.resolve(cur.get('T'));
    if (t instanceof PdfString) parts.unshift(t.asText());
    cur = r.resolve(cur.get('Parent'));
  }
  return parts.join('.');
}

const FIELD_FILL_KEYS = new Set(['V', 'AP', 'AS']);

function compareField(ctx: DiffContext, num: number, field: FormField, before: PdfDict, after: PdfDict): void {
  const keys = changedKeys(before, after);
  const extra = keys.filter((k) => !FIELD_FILL_KEYS.has(k));
  if (extra.length) {
    ctx.add({
      kind: 'rewrite-of-signed-object',
      illegal: true,
      object: num,
      field: field.fullName,
      detail: `field "${field.fullName}": ${extra.map((k) => `/${k}`).join(' ')} changed`,
    });
    return;
  }
  if (field.type === 'Sig') {
    const hadValue = isFilledIn(ctx.a, field.value);
    const fieldAfter = field.ref?.num === num ? after : valueOrError(ctx.b, field.ref?.num ?? -1);
    const v = fieldAfter instanceof PdfDict ? ctx.b.resolve(fieldAfter.get('V')) : undefined;
    if (hadValue || !(v instanceof PdfDict)) {
      ctx.add({
        kind: 'rewrite-of-signed-object',
        illegal: true,
        object: num,
        field: field.fullName,
        detail: `signature field "${field.fullName}" ${hadValue ? 'was already signed and was changed' : 'changed without being signed'}`,
      });
      return;
    }
    if (ctx.classified.has(field.ref?.num ?? num)) return;
    ctx.classified.add(field.ref?.num ?? num);
    const ts = v.name('Type') === 'DocTimeStamp';
    ctx.add({
      kind: ts ? 'document-timestamp' : 'signature-in-existing-field',
      object: num,
      field: field.fullName,
      detail: `existing empty signature field "${field.fullName}" was signed`,
    });
    return;
  }
  if (!keys.includes('V') && !keys.includes('AS') && !keys.includes('AP')) return;
  ctx.add({
    kind: 'form-filling',
    object: num,
    field: field.fullName,
    overwritesValue: isFilledIn(ctx.a, field.value),
    detail: `field "${field.fullName}" filled in`,
  });
}
