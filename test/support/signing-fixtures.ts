/**
 * Shared helpers for signing tests: a form with an empty signature field,
 * a trivial pdf-lib appearance (a filled red box), rendering a page pixel
 * with pdftoppm, and a temp directory.
 */
import { fill, popGraphicsState, pushGraphicsState, rectangle, setFillingRgbColor } from '@cantoo/pdf-lib';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DrawAppearance } from '../../main/services/engines/pdf-signing/appearance-bridge';
import type { SignedPdf } from '../../main/services/engines/pdf-signing/sign-pdf';
import { handmadePdf, type XrefStyle } from './handmade-pdf';
import { renderPage } from './appearance-fixtures';

/** A one-page PDF whose form has an empty signature field named `fieldName` at [100 100 300 160]. */
export function pdfWithEmptySignatureField(fieldName = 'Employee', style: XrefStyle = 'table'): Buffer {
  return handmadePdf({
    style,
    compressed: style === 'table' ? [] : [2, 5],
    objects: {
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm 8 0 R >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [9 0 R] >>',
      8: '<< /Fields [9 0 R] >>',
      9: `<< /Type /Annot /Subtype /Widget /FT /Sig /T (${fieldName}) /Rect [100 100 300 160] /P 3 0 R /F 4 >>`,
    },
  });
}

/** Draws a solid red box filling the widget. */
export const redBox: DrawAppearance = async (doc, size) => {
  const ops = [pushGraphicsState(), setFillingRgbColor(1, 0, 0), rectangle(0, 0, size.width, size.height), fill(), popGraphicsState()];
  return doc.context.register(doc.context.formXObject(ops, { BBox: [0, 0, size.width, size.height] }));
};

export const outputOf = (r: SignedPdf): Buffer => Buffer.concat([r.original, r.appended]);

export function tempDir(prefix = 'affix-sign-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** RGB of the pixel at PDF point (x, y) on page 1, rendered by poppler at 72 dpi (1 pt = 1 px). */
export async function pixelAt(pdfPath: string, x: number, y: number, _pageHeight: number, dir: string): Promise<[number, number, number]> {
  return (await renderPage(pdfPath, dir)).rgb(x, y);
}
