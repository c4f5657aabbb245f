/**
 * Where a signature box is, in the two coordinate systems the placement
 * editor meets: the signing engine's — [x, y, width, height] in PDF points of
 * the page's default user space (unrotated, y up, lower-left corner; the
 * same absolute coordinates as the page's CropBox, so a crop box that does
 * not start at 0,0 is allowed for) — and the screen's: a rectangle on the page
 * as displayed (after /Rotate, y down, CSS pixels at `scale` per point).
 *
 * The mapping is pdf.js's PageViewport transform, written out per rotation so
 * it can be tested without a browser (test/unit/renderer-geometry). Pure: no
 * React, no DOM.
 */

export type Rotation = 0 | 90 | 180 | 270;
/** [x, y, width, height] in PDF points, default user space. */
export type PdfRect = readonly [number, number, number, number];
/** [x0, y0, x1, y1] in PDF points. */
export type PdfBox = readonly [number, number, number, number];

/** The part of a page's geometry that decides where things appear on screen. */
export interface PageFrame {
  cropBox: PdfBox;
  rotate: Rotation;
}

/** A rectangle on the displayed page: CSS pixels from its top-left corner. */
export interface ViewRect {
  left: number;
  top: number;
  width: number;
  height: number;
}

type Point = readonly [number, number];

/** The smallest box the editor lets a signature shrink to, in points. */
export const MIN_BOX = 12;

const cropSize = ({ cropBox: [x0, y0, x1, y1] }: PageFrame) => ({ w: x1 - x0, h: y1 - y0 });

/** Size of the displayed page at `scale`: width and height swap on quarter turns. */
export function viewSize(page: PageFrame, scale: number): { width: number; height: number } {
  const { w, h } = cropSize(page);
  return page.rotate % 180 === 0 ? { width: w * scale, height: h * scale } : { width: h * scale, height: w * scale };
}

/** A user-space point on the displayed page (pdf.js PageViewport.convertToViewportPoint). */
export function toViewPoint([x, y]: Point, page: PageFrame, scale: number): Point {
  const [x0, y0, x1, y1] = page.cropBox;
  switch (page.rotate) {
    case 0:
      return [(x - x0) * scale, (y1 - y) * scale];
    case 90:
      return [(y - y0) * scale, (x - x0) * scale];
    case 180:
      return [(x1 - x) * scale, (y - y0) * scale];
    case 270:
      return [(y1 - y) * scale, (x1 - x) * scale];
  }
}

/** The inverse of toViewPoint (pdf.js PageViewport.convertToPdfPoint). */
export function toPdfPoint([vx, vy]: Point, page: PageFrame, scale: number): Point {
  const [x0, y0, x1, y1] = page.cropBox;
  const u = vx / scale;
  const v = vy / scale;
  switch (page.rotate) {
    case 0:
      return [x0 + u, y1 - v];
    case 90:
      return [x0 + v, y0 + u];
    case 180:
      return [x1 - u, y0 + v];
    case 270:
      return [x1 - v, y1 - u];
  }
}

/** Two opposite corners → the axis-aligned rectangle between them. */
function span(a: Point, b: Point): { x: number; y: number; w: number; h: number } {
  return { x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), w: Math.abs(a[0] - b[0]), h: Math.abs(a[1] - b[1]) };
}

export function pdfToView([x, y, w, h]: PdfRect, page: PageFrame, scale: number): ViewRect {
  const r = span(toViewPoint([x, y], page, scale), toViewPoint([x + w, y + h], page, scale));
  return { left: r.x, top: r.y, width: r.w, height: r.h };
}

export function viewToPdf({ left, top, width, height }: ViewRect, page: PageFrame, scale: number): PdfRect {
  const r = span(toPdfPoint([left, top], page, scale), toPdfPoint([left + width, top + height], page, scale));
  return [r.x, r.y, r.w, r.h];
}

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), Math.max(lo, hi));

/** Keeps a rectangle on the page's visible area (the engine refuses one that is not): shrinks it to fit, then slides it in. */
export function clampToPage([x, y, w, h]: PdfRect, page: PageFrame): PdfRect {
  const [x0, y0, x1, y1] = page.cropBox;
  const width = clamp(w, Math.min(MIN_BOX, x1 - x0), x1 - x0);
  const height = clamp(h, Math.min(MIN_BOX, y1 - y0), y1 - y0);
  return [clamp(x, x0, x1 - width), clamp(y, y0, y1 - height), width, height];
}

/** A box of the given size centred on a found text (as the engine does for --at-text), kept on the page. */
export function centredOn([hx, hy, hw, hh]: PdfRect, width: number, height: number, page: PageFrame): PdfRect {
  return clampToPage([hx + hw / 2 - width / 2, hy + hh / 2 - height / 2, width, height], page);
}

/** Moves a box by (dx, dy) points as the page is displayed (right and down on screen), kept on the page. */
export function moveOnScreen(rect: PdfRect, page: PageFrame, dx: number, dy: number): PdfRect {
  const v = pdfToView(rect, page, 1);
  return clampToPage(viewToPdf({ ...v, left: v.left + dx, top: v.top + dy }, page, 1), page);
}

/** Grows a box by (dw, dh) points as displayed, its top-left corner on screen staying put; kept on the page. */
export function resizeOnScreen(rect: PdfRect, page: PageFrame, dw: number, dh: number): PdfRect {
  const v = pdfToView(rect, page, 1);
  const { width, height } = viewSize(page, 1);
  const w = clamp(v.width + dw, MIN_BOX, width - v.left);
  const h = clamp(v.height + dh, MIN_BOX, height - v.top);
  return clampToPage(viewToPdf({ ...v, width: w, height: h }, page, 1), page);
}

/** A box of `size` points centred on the displayed page. */
export function centreOfPage(page: PageFrame, size: readonly [number, number]): PdfRect {
  const [x0, y0, x1, y1] = page.cropBox;
  return centredOn([x0, y0, x1 - x0, y1 - y0], size[0], size[1], page);
}

/** Hundredths of a point: what is saved, so plans read as plain numbers. */
export const roundRect = (r: PdfRect): [number, number, number, number] =>
  [r[0], r[1], r[2], r[3]].map((v) => Math.round(v * 100) / 100) as [number, number, number, number];
