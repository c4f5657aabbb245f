import type { PageGeometry } from '../../../../shared/contract/documents';
import { PdfReader } from '../../../../shared/pdf/reader';

/** /Rotate as one of the four values viewers honour: a multiple of 90, taken modulo 360 (negative values count clockwise back). */
export function normaliseRotate(rotate: number): PageGeometry['rotate'] {
  const quarter = Math.round(rotate / 90);
  return ((((quarter % 4) + 4) % 4) * 90) as PageGeometry['rotate'];
}

/** Each page's boxes and rotation, as the signing engine reads them. */
export function pageGeometry(pdf: Uint8Array, what: string): PageGeometry[] {
  return PdfReader.open(pdf, what)
    .pages()
    .map((p) => ({ page: p.index + 1, mediaBox: p.mediaBox, cropBox: p.cropBox, rotate: normaliseRotate(p.rotate) }));
}
