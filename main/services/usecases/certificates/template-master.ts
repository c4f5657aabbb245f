/**
 * A template made ready for issuing, once per batch: the designer's PDF with
 * its AcroForm text fields taken out (their boxes become field-map entries,
 * the values are drawn flat, so nobody can edit a certificate's text in a
 * viewer), the office seal drawn once into an empty signature field "Seal",
 * and on each page one placeholder Form XObject that each certificate's
 * fill replaces (fill.ts). Every certificate is then this master plus two
 * small incremental updates: the fill and the PAdES signature — no per-row
 * parsing or rewriting of the designer's PDF, no per-row seal drawing.
 */
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, PDFTextField } from '@cantoo/pdf-lib';
import { badInput } from '../../../../shared/errors/affix-error';
import type { FieldMap, FieldSpec } from '../../../../shared/certificates/field-map';
import type { DrawAppearance } from '../../engines/pdf-signing/appearance-bridge';

export const FILL_XOBJECT = 'AffixFill';
export const SEAL_FIELD = 'Seal';

export interface MasterLayout {
  fields: Record<string, FieldSpec>;
  qr: { page: number; box: [number, number, number, number] };
  seal: { page: number; box: [number, number, number, number] };
  /** Per page (0-based): its size and the placeholder object each certificate replaces. */
  pages: { width: number; height: number; x0: number; y0: number; placeholder: number }[];
}

export interface AcroFormFields {
  fields: Record<string, FieldSpec>;
  qr?: { page: number; box: [number, number, number, number] };
  seal?: { page: number; box: [number, number, number, number] };
}

const rectToBox = (r: number[]): [number, number, number, number] => {
  const [x1, y1, x2, y2] = r;
  return [Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1)];
};

/** The AcroForm text fields of a template as field-map entries ("qr"/"seal" name the code's and the seal's boxes). */
export function acroFormFields(doc: PDFDocument): AcroFormFields {
  const out: AcroFormFields = { fields: {} };
  const pages = doc.getPages();
  for (const field of doc.getForm().getFields()) {
    const widget = field.acroField.getWidgets()[0];
    if (!widget) continue;
    const pageRef = widget.P();
    let page = pageRef ? pages.findIndex((p) => p.ref === pageRef) : -1;
    if (page < 0) page = pages.findIndex((p) => (p.node.Annots()?.asArray() ?? []).some((a) => a instanceof PDFRef && doc.context.lookup(a) === widget.dict));
    const box = rectToBox(
      widget.getRectangle()
        ? [
            widget.getRectangle().x,
            widget.getRectangle().y,
            widget.getRectangle().x + widget.getRectangle().width,
            widget.getRectangle().y + widget.getRectangle().height,
          ]
        : [0, 0, 0, 0],
    );
    if (box[2] <= 0 || box[3] <= 0) continue;
    const name = field.getName();
    const at = { page: Math.max(0, page) + 1, box };
    if (/^qr$/i.test(name)) out.qr = at;
    else if (/^seal$/i.test(name)) out.seal = at;
    else if (field instanceof PDFTextField) {
      const da = field.acroField.getDefaultAppearance() ?? '';
      const size = Number(/([\d.]+)\s+Tf/.exec(da)?.[1] ?? 0) || 12;
      const q = field.acroField.dict.lookup(PDFName.of('Q'));
      const align = q instanceof PDFNumber ? ((['left', 'center', 'right'] as const)[q.asNumber()] ?? 'left') : 'left';
      const maxLen = field.getMaxLength();
      out.fields[name] = { ...at, fontSize: size, align, check: 'none', maxLength: maxLen ?? 200, required: true };
    }
  }
  return out;
}

/** Lays out the template: AcroForm fields, overridden by the map; default QR (lower left) and seal (lower right) boxes on the last page. */
export function layoutOf(doc: PDFDocument, map: FieldMap, fromForm: AcroFormFields): Omit<MasterLayout, 'pages'> {
  const pages = doc.getPages();
  if (pages.length === 0) throw badInput('The template PDF has no pages.');
  const fields = { ...fromForm.fields, ...map.fields };
  const last = pages.length;
  const { width } = pages[last - 1].getSize();
  const qr = map.qr ?? fromForm.qr ?? { page: last, box: [36, 36, 120, 120] as [number, number, number, number] };
  const seal = map.seal ?? fromForm.seal ?? { page: last, box: [width - 36 - 119, 36, 119, 119] as [number, number, number, number] };
  for (const [name, f] of [...Object.entries(fields), ['(qr)', qr], ['(seal)', seal]] as [string, { page: number }][]) {
    if (f.page > pages.length) throw badInput(`Field ${name} is on page ${f.page}; the template has ${pages.length}.`);
  }
  return { fields, qr: { page: qr.page, box: [...qr.box] }, seal: { page: seal.page, box: [...seal.box] } };
}

/** Builds the master PDF (see the file comment) from the template bytes. */
export async function buildMaster(templatePdf: Uint8Array, map: FieldMap, drawSeal: DrawAppearance): Promise<{ bytes: Uint8Array; layout: MasterLayout }> {
  const doc = await PDFDocument.load(templatePdf, { updateMetadata: false });
  const fromForm = acroFormFields(doc);
  const layout = layoutOf(doc, map, fromForm);
  // The template's own fields are replaced by flat text.
  const form = doc.getForm();
  for (const f of form.getFields()) form.removeField(f);

  const ctx = doc.context;
  const pages = doc.getPages();
  const pageInfo: MasterLayout['pages'] = [];
  for (const page of pages) {
    const { x, y, width, height } = page.getMediaBox();
    // An empty Form XObject that each certificate's fill update replaces.
    const placeholder = ctx.register(ctx.stream('', { Type: 'XObject', Subtype: 'Form', BBox: [x, y, x + width, y + height] }));
    const name = page.node.newXObject(FILL_XOBJECT, placeholder);
    // The page's own content is isolated (q … Q) so a template's unbalanced state cannot move the fill.
    const before = ctx.register(ctx.stream('q\n'));
    const after = ctx.register(ctx.stream(`\nQ\nq /${name.asString().slice(1)} Do Q\n`));
    const contents = page.node.Contents();
    const existing = contents instanceof PDFArray ? contents.asArray() : contents ? [page.node.get(PDFName.of('Contents'))!] : [];
    page.node.set(PDFName.of('Contents'), ctx.obj([before, ...existing, after]));
    pageInfo.push({ width, height, x0: x, y0: y, placeholder: placeholder.objectNumber });
  }

  // The seal, drawn once, as the appearance of the empty signature field each certificate's signature fills.
  const [sx, sy, sw, sh] = layout.seal.box;
  const pagesBefore = doc.getPageCount();
  const ap = await drawSeal(doc, { width: sw, height: sh });
  await doc.flush();
  while (doc.getPageCount() > pagesBefore) doc.removePage(doc.getPageCount() - 1);
  const sealPage = pages[layout.seal.page - 1];
  const widget = ctx.register(
    ctx.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFHexString.fromText(SEAL_FIELD),
      F: 132,
      Rect: [sx, sy, sx + sw, sy + sh],
      P: sealPage.ref,
      AP: { N: ap },
    }),
  );
  sealPage.node.addAnnot(widget);
  form.acroForm.addField(widget);
  // A PDF/A-minded reader wants a /DA on a form with fields; harmless otherwise.
  if (!form.acroForm.dict.has(PDFName.of('DA'))) form.acroForm.dict.set(PDFName.of('DA'), PDFString.of('/Helv 0 Tf 0 g'));
  void PDFDict;
  const bytes = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  // Object numbers may be renumbered on save? pdf-lib keeps them; checked by fill.ts when it opens the master.
  return { bytes, layout: { ...layout, pages: pageInfo } };
}
