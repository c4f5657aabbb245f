/**
 * The seal as it will be drawn, for the window while a seal is being made:
 * the record's fields become the appearance (`sealAppearanceFor`), the signing
 * code draws it (`buildAppearance`) on a page the size it gets on a document,
 * and pdf.js rasterises that page. One drawing, so the preview cannot drift
 * from the seal stamped later.
 */
import { PDFDocument } from '@cantoo/pdf-lib';
import { AffixError } from '../../../../shared/errors/affix-error';
import { buildAppearance, defaultSize } from './';
import { renderPdfPage } from '../pdf-pages/render-pdf-page';
import { sealAppearanceFor, type SealFace } from '../../domain/seals/seal-appearance';

export interface SealPreview {
  pngBase64: string;
  widthPx: number;
  heightPx: number;
  shape: 'circle' | 'ellipse';
}

/** The one-page PDF the preview shows: the seal drawn by the signing code on a page of its size on a document. */
export async function sealPreviewPdf(face: SealFace): Promise<{ pdf: Uint8Array; width: number; height: number; shape: 'circle' | 'ellipse' }> {
  const spec = sealAppearanceFor(face);
  const [width, height] = defaultSize(spec);
  const draw = buildAppearance(spec, { signerName: face.legalName, time: new Date() });
  if (!draw) throw new AffixError('INTERNAL', 'a seal appearance has no drawing');
  const doc = await PDFDocument.create({ updateMetadata: false });
  // The drawing is made on a scratch page of exactly the widget's size: that page is the preview.
  await draw(doc, { width, height });
  return { pdf: await doc.save(), width, height, shape: spec.shape ?? 'circle' };
}

export async function sealPreview(face: SealFace, widthPx: number): Promise<SealPreview> {
  const { pdf, width, shape } = await sealPreviewPdf(face);
  const { png, width: w, height: h } = await renderPdfPage(pdf, 0, widthPx / width);
  return { pngBase64: png.toString('base64'), widthPx: w, heightPx: h, shape };
}
