/**
 * The form side of a signature (ISO 32000-1 §12.7, §12.8.2.4): sign an
 * existing empty signature field or add a new one with its widget on a page,
 * create empty fields for later signers, register them in /AcroForm and the
 * page's /Annots, and turn field locks into /Lock and FieldMDP references.
 */
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import { isSignatureField, type FormField } from '../../../../shared/pdf/form-fields';
import { PdfDict, PdfRef, PdfString, cloneDirect, dict, name } from '../../../../shared/pdf/objects';
import type { PageInfo, PdfReader } from '../../../../shared/pdf/reader';
import type { AppearanceSize, DrawAppearance } from './appearance-bridge';
import type { IncrementalUpdate } from './incremental-update';
import type { EmptyField, FieldLock, Rect, SignOptions } from './sign-options';

const EPSILON = 1e-6;

/** Creates `emptyFields` (unsigned, each its own widget) in this revision; the names must be new and distinct. */
export function addEmptyFields(
  reader: PdfReader,
  update: IncrementalUpdate,
  pages: PageInfo[],
  fields: FormField[],
  signing: string,
  empty: EmptyField[],
): void {
  const names = new Set<string>([signing]);
  for (const field of empty) {
    checkNewFieldName(field.name, fields);
    if (names.has(field.name)) throw badInput(`Field "${field.name}" is named twice in one signing.`);
    names.add(field.name);
    const page = pageAt(pages, field.placement?.pageIndex ?? field.pageIndex ?? 0);
    const rect = field.placement ? checkRect(field.placement.rect, page) : [0, 0, 0, 0];
    const lock = field.lock ? checkLock(field.lock) : undefined;
    addSignatureField(reader, update, page, { name: field.name, rect, lock });
  }
}

export function freeFieldName(fields: FormField[]): string {
  const taken = new Set(fields.map((f) => f.fullName));
  for (let i = 1; ; i++) if (!taken.has(`Signature${i}`)) return `Signature${i}`;
}

export function checkNewFieldName(fieldName: string, fields: FormField[]): void {
  if (fieldName.length === 0 || fieldName.length > 255) throw badInput('A signature field name must be 1 to 255 characters long.');
  if (fieldName.includes('.')) throw badInput(`A new signature field name cannot contain ".": "${fieldName}" (dots separate the names of nested fields).`);
  if (fields.some((f) => f.fullName === fieldName)) throw badInput(`Field "${fieldName}" already exists.`);
}

export async function useExistingField(
  reader: PdfReader,
  update: IncrementalUpdate,
  field: FormField,
  sigRef: PdfRef,
  options: SignOptions,
): Promise<PdfDict[]> {
  if (!isSignatureField(field)) throw badInput(`Field "${field.fullName}" is a ${field.type ?? 'non-terminal'} field, not a signature field.`);
  if (field.hasValue) throw new AffixError('REFUSED', `Field "${field.fullName}" is already signed; choose another field.`);
  if (!field.ref) throw badInput(`Field "${field.fullName}" is a direct object; Affix can only sign fields that are indirect objects.`);
  const appearance = options.appearance;
  if (appearance?.kind === 'visible' && appearance.placement) {
    throw badInput(`Field "${field.fullName}" already has its place on the page; a page and rectangle can only be given for a new field.`);
  }
  if (appearance?.kind === 'invisible' && appearance.pageIndex !== undefined) {
    throw badInput(`Field "${field.fullName}" already has its place on the page; a page can only be given for a new field.`);
  }
  if (options.lock) throw badInput(`Field "${field.fullName}" exists; its lock is the one in the document (a lock can only be given for a new field).`);
  const fieldDict = update.editDict(field.ref, `field "${field.fullName}"`);
  fieldDict.set('V', sigRef);
  if (appearance?.kind === 'visible') {
    const widget = field.widgets[0];
    if (!widget) throw badInput(`Field "${field.fullName}" has no widget to draw the signature in.`);
    const rect = rectOf(reader, widget.dict);
    if (!rect || rect[2] < 1 || rect[3] < 1) throw badInput(`Field "${field.fullName}" is invisible (its widget has no area); use --appearance none for it.`);
    if (!widget.ref) throw badInput(`Field "${field.fullName}" has a direct widget object; Affix cannot add an appearance to it.`);
    const apRef = await drawAppearance(update, appearance.draw, { width: rect[2], height: rect[3] });
    update.editDict(widget.ref, `the widget of field "${field.fullName}"`).set('AP', dict({ N: apRef }));
  }
  const lock = reader.resolve(field.dict.get('Lock'));
  return lock instanceof PdfDict ? [fieldMdpReference(lockFromDict(reader, lock), reader.rootRef)] : [];
}

export async function addNewField(
  reader: PdfReader,
  update: IncrementalUpdate,
  pages: PageInfo[],
  fieldName: string,
  sigRef: PdfRef,
  options: SignOptions,
): Promise<PdfDict[]> {
  const appearance = options.appearance ?? { kind: 'invisible' };
  let page: PageInfo;
  let rect: [number, number, number, number] = [0, 0, 0, 0];
  let ap: PdfRef | undefined;
  if (appearance.kind === 'visible') {
    if (!appearance.placement) throw badInput('A visible signature on a new field needs a page and a rectangle (or a text to place it over).');
    page = pageAt(pages, appearance.placement.pageIndex);
    rect = checkRect(appearance.placement.rect, page);
    ap = await drawAppearance(update, appearance.draw, { width: rect[2] - rect[0], height: rect[3] - rect[1] });
  } else {
    page = pageAt(pages, appearance.pageIndex ?? 0);
  }
  const lock = options.lock ? checkLock(options.lock) : undefined;
  addSignatureField(reader, update, page, { name: fieldName, rect, value: sigRef, appearance: ap, lock });
  return lock ? [fieldMdpReference(lock, reader.rootRef)] : [];
}

/**
 * A new signature field merged with its one widget (§12.5.6.19) on `page`,
 * listed in the page's /Annots and the form's /Fields: signed when `value`
 * is given, else empty for a later signer.
 */
function addSignatureField(
  reader: PdfReader,
  update: IncrementalUpdate,
  page: PageInfo,
  field: { name: string; rect: number[]; value?: PdfRef; appearance?: PdfRef; lock?: FieldLock },
): void {
  const widgetRef = update.add(
    dict({
      Type: name('Annot'),
      Subtype: name('Widget'),
      FT: name('Sig'),
      T: PdfString.text(field.name),
      V: field.value,
      // Print + Locked: printed with the page, and the widget cannot be moved or resized.
      F: 132,
      Rect: field.rect,
      P: page.ref,
      AP: field.appearance ? dict({ N: field.appearance }) : undefined,
      Lock: field.lock ? lockDict(field.lock) : undefined,
    }),
  );
  addToPageAnnots(reader, update, page, widgetRef);
  addToFormFields(reader, update, widgetRef);
}

/** pdf-lib is loaded only for visible signatures: it costs ~40 MB of memory that invisible signing does not need. */
async function drawAppearance(update: IncrementalUpdate, draw: DrawAppearance, size: AppearanceSize): Promise<PdfRef> {
  const { embedAppearance } = await import('./appearance-bridge');
  return embedAppearance(update, draw, size);
}

function pageAt(pages: PageInfo[], index: number): PageInfo {
  if (!Number.isInteger(index) || index < 0 || index >= pages.length) {
    throw badInput(`Page ${index + 1} is out of range: the document has ${pages.length} page${pages.length === 1 ? '' : 's'}.`);
  }
  return pages[index];
}

/** Checks the rectangle lies on the page's visible area; returns it as [llx, lly, urx, ury]. */
function checkRect(r: Rect, page: PageInfo): [number, number, number, number] {
  const [x, y, w, h] = r;
  if (![x, y, w, h].every(Number.isFinite) || w <= 0 || h <= 0) {
    throw badInput(`Rectangle ${r.join(',')} is not valid: it needs finite x,y and a positive width and height.`);
  }
  const [bx0, by0, bx1, by1] = page.cropBox;
  if (x < bx0 - EPSILON || y < by0 - EPSILON || x + w > bx1 + EPSILON || y + h > by1 + EPSILON) {
    throw badInput(
      `Rectangle ${r.join(',')} is out of range: it does not fit on page ${page.index + 1}, whose visible area is ` +
        `x ${bx0}..${bx1}, y ${by0}..${by1} (points).`,
    );
  }
  return [x, y, x + w, y + h];
}

function rectOf(reader: PdfReader, widget: PdfDict): Rect | undefined {
  const r = reader.resolve(widget.get('Rect'));
  if (!Array.isArray(r) || r.length !== 4) return undefined;
  const n = r.map((v) => reader.resolve(v));
  if (!n.every((v): v is number => typeof v === 'number')) return undefined;
  return [Math.min(n[0], n[2]), Math.min(n[1], n[3]), Math.abs(n[2] - n[0]), Math.abs(n[3] - n[1])];
}

function addToPageAnnots(reader: PdfReader, update: IncrementalUpdate, page: PageInfo, widgetRef: PdfRef): void {
  const annots = page.dict.get('Annots');
  if (annots instanceof PdfRef) {
    const target = reader.resolve(annots);
    if (Array.isArray(target)) {
      update.editArray(annots, `the /Annots of page ${page.index + 1}`).push(widgetRef);
      return;
    }
  }
  const pageDict = update.editDict(page.ref, `page ${page.index + 1}`);
  const current = pageDict.get('Annots');
  if (Array.isArray(current)) current.push(widgetRef);
  else pageDict.set('Annots', [widgetRef]);
}

/** The form dictionary as edited so far (or as in the file), undefined if there is none. */
function currentForm(reader: PdfReader, update: IncrementalUpdate): { dict: PdfDict; ref?: PdfRef } | undefined {
  const catalog = update.current(reader.rootRef);
  const acro = catalog instanceof PdfDict ? catalog.get('AcroForm') : undefined;
  if (acro instanceof PdfRef) {
    const v = update.current(acro);
    return v instanceof PdfDict ? { dict: v, ref: acro } : undefined;
  }
  return acro instanceof PdfDict ? { dict: acro } : undefined;
}

/** The form dictionary to edit, creating /AcroForm if the document has none. */
function editableForm(reader: PdfReader, update: IncrementalUpdate): PdfDict {
  const form = currentForm(reader, update);
  if (form?.ref) return update.editDict(form.ref, 'the form (/AcroForm)');
  const catalog = update.editDict(reader.rootRef, 'the document catalog');
  const direct = catalog.get('AcroForm');
  if (direct instanceof PdfDict) return direct;
  const created = new PdfDict([['Fields', []]]);
  catalog.set('AcroForm', update.add(created));
  return created;
}

function addToFormFields(reader: PdfReader, update: IncrementalUpdate, fieldRef: PdfRef): void {
  const fields = currentForm(reader, update)?.dict.get('Fields');
  if (fields instanceof PdfRef && Array.isArray(update.current(fields))) {
    update.editArray(fields, 'the form field list').push(fieldRef);
    return;
  }
  const form = editableForm(reader, update);
  const list = form.get('Fields');
  if (Array.isArray(list)) list.push(fieldRef);
  else form.set('Fields', [fieldRef]);
}

/** SigFlags 3: the document has signatures, and must only be changed by incremental updates (§12.7.2). */
export function markFormSigned(reader: PdfReader, update: IncrementalUpdate): void {
  const flags = reader.resolve(currentForm(reader, update)?.dict.get('SigFlags'));
  const current = typeof flags === 'number' ? flags : 0;
  if ((current & 3) !== 3) editableForm(reader, update).set('SigFlags', current | 3);
}

function checkLock(lock: FieldLock): FieldLock {
  if (lock.action === 'All') return lock;
  if (lock.fields.length === 0 || lock.fields.some((f) => typeof f !== 'string' || f.length === 0)) {
    throw badInput(`A lock with action ${lock.action} needs a non-empty list of field names.`);
  }
  return lock;
}

function lockFromDict(reader: PdfReader, d: PdfDict): FieldLock {
  const action = d.name('Action');
  if (action === 'Include' || action === 'Exclude') {
    const list = reader.resolve(d.get('Fields'));
    const fields = (Array.isArray(list) ? list : []).map((f) => reader.resolve(f)).filter((f): f is PdfString => f instanceof PdfString);
    return { action, fields: fields.map((f) => f.asText()) };
  }
  return { action: 'All' };
}

function lockDict(lock: FieldLock): PdfDict {
  return dict({
    Type: name('SigFieldLock'),
    Action: name(lock.action),
    Fields: lock.action === 'All' ? undefined : lock.fields.map((f) => PdfString.text(f)),
  });
}

function fieldMdpReference(lock: FieldLock, root: PdfRef): PdfDict {
  const params = lockDict(lock);
  params.set('Type', name('TransformParams'));
  params.set('V', name('1.2'));
  return dict({ Type: name('SigRef'), TransformMethod: name('FieldMDP'), TransformParams: params, Data: cloneDirect(root) });
}
