/**
 * Appearances are drawn with pdf-lib's page API on a scratch page the size of
 * the widget, then turned into the Form XObject the widget shows
 * (`embedPage`). The bridge copies only that XObject and what it uses.
 */
import type { PDFDocument, PDFPage, PDFRef } from '@cantoo/pdf-lib';
import type { AppearanceSize, DrawAppearance } from '../pdf-signing/appearance-bridge';
import { CjkFont, type FontWeight } from './cjk-font';

export interface Canvas {
  page: PDFPage;
  doc: PDFDocument;
  size: AppearanceSize;
  /** The shipped CJK font in this weight (one subset font per weight per appearance). */
  font(weight: FontWeight): CjkFont;
}

export function drawOnPage(paint: (canvas: Canvas) => Promise<void> | void): DrawAppearance {
  return async (doc, size): Promise<PDFRef> => {
    const page = doc.addPage([size.width, size.height]);
    const fonts = new Map<FontWeight, CjkFont>();
    const font = (weight: FontWeight): CjkFont => {
      let f = fonts.get(weight);
      if (!f) fonts.set(weight, (f = CjkFont.embed(doc, weight)));
      return f;
    };
    await paint({ page, doc, size, font });
    for (const f of fonts.values()) f.finish();
    const embedded = await doc.embedPage(page);
    return embedded.ref;
  };
}
