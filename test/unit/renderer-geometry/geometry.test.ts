/**
 * The placement editor's coordinate module (renderer/src/pages/documents/
 * placement/geometry.ts), run under Node: known corner mappings for each
 * /Rotate, round trips, clamping, and — as an independent oracle — pdf.js's
 * own viewport on a real PDF (made with pdf-lib) whose four pages are rotated
 * 0/90/180/270 and cropped away from the origin.
 */
import { PDFDocument, degrees } from '@cantoo/pdf-lib';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type PageFrame,
  type PdfRect,
  type Rotation,
  centreOfPage,
  centredOn,
  clampToPage,
  moveOnScreen,
  pdfToView,
  resizeOnScreen,
  roundRect,
  toViewPoint,
  viewSize,
  viewToPdf,
} from '../../../renderer/src/pages/documents/placement/geometry';

const ROTATIONS: Rotation[] = [0, 90, 180, 270];
/** A 600×800 pt visible area that does not start at the origin. */
const CROP = [10, 20, 610, 820] as const;
const frame = (rotate: Rotation): PageFrame => ({ cropBox: CROP, rotate });

const near = (actual: readonly number[], expected: readonly number[], what: string, eps = 1e-6) =>
  assert.ok(
    actual.length === expected.length && actual.every((v, i) => Math.abs(v - expected[i]) <= eps),
    `${what}: got [${actual.join(', ')}], expected [${expected.join(', ')}]`,
  );
const viewArr = (v: { left: number; top: number; width: number; height: number }) => [v.left, v.top, v.width, v.height];

test('corners of the crop box land on the displayed page corners for each rotation', () => {
  const scale = 0.5;
  // Where the crop box's lower-left and upper-left corners appear (view px), per rotation.
  const expected: Record<Rotation, { ll: [number, number]; ul: [number, number]; size: [number, number] }> = {
    0: { ll: [0, 400], ul: [0, 0], size: [300, 400] },
    90: { ll: [0, 0], ul: [400, 0], size: [400, 300] }, // turned clockwise: the bottom edge becomes the left edge
    180: { ll: [300, 0], ul: [300, 400], size: [300, 400] },
    270: { ll: [400, 300], ul: [0, 300], size: [400, 300] },
  };
  for (const r of ROTATIONS) {
    const e = expected[r];
    near(toViewPoint([10, 20], frame(r), scale), e.ll, `rotate ${r}: lower-left`);
    near(toViewPoint([10, 820], frame(r), scale), e.ul, `rotate ${r}: upper-left`);
    const { width, height } = viewSize(frame(r), scale);
    near([width, height], e.size, `rotate ${r}: size`);
  }
});

test('a box near the lower-left corner of the page shows where the rotation puts that corner', () => {
  const box: PdfRect = [10, 20, 100, 50]; // 100 wide, 50 tall, at the crop box's lower-left
  const expected: Record<Rotation, number[]> = {
    0: [0, 750, 100, 50],
    90: [0, 0, 50, 100],
    180: [500, 0, 100, 50],
    270: [750, 500, 50, 100],
  };
  for (const r of ROTATIONS) near(viewArr(pdfToView(box, frame(r), 1)), expected[r], `rotate ${r}`);
});

test('page → screen → page returns the same rectangle for every rotation and scale', () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const r of ROTATIONS) {
    for (const scale of [0.37, 1, 1.5, 2.25]) {
      for (let i = 0; i < 50; i++) {
        const rect: PdfRect = [10 + rnd() * 400, 20 + rnd() * 600, 1 + rnd() * 180, 1 + rnd() * 180];
        near(viewToPdf(pdfToView(rect, frame(r), scale), frame(r), scale), rect, `rotate ${r} scale ${scale}`, 1e-9);
      }
    }
  }
});

test('pdf.js itself agrees: its viewport puts the same rectangles in the same place on rotated, cropped pages', async () => {
  const doc = await PDFDocument.create({ updateMetadata: false });
  for (const r of ROTATIONS) {
    const page = doc.addPage([700, 900]);
    page.setCropBox(CROP[0], CROP[1], CROP[2] - CROP[0], CROP[3] - CROP[1]);
    page.setRotation(degrees(r));
  }
  const bytes = await doc.save();
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({ data: bytes, verbosity: 0, disableFontFace: true, useSystemFonts: false });
  try {
    const pdf = await task.promise;
    for (const [i, r] of ROTATIONS.entries()) {
      const page = await pdf.getPage(i + 1);
      assert.equal(page.rotate, r);
      near(page.view, CROP, `page ${i + 1}: pdf.js's view is the crop box`);
      for (const scale of [0.5, 1.3]) {
        const vp = page.getViewport({ scale });
        near([vp.width, vp.height], Object.values(viewSize(frame(r), scale)), `rotate ${r}: viewport size`);
        for (const rect of [
          [10, 20, 100, 50],
          [300, 400, 33, 77],
          [500, 700, 110, 120],
        ] as PdfRect[]) {
          const [a, b] = vp.convertToViewportPoint(rect[0], rect[1]) as number[];
          const [c, d] = vp.convertToViewportPoint(rect[0] + rect[2], rect[1] + rect[3]) as number[];
          const theirs = [Math.min(a, c), Math.min(b, d), Math.abs(c - a), Math.abs(d - b)];
          near(viewArr(pdfToView(rect, frame(r), scale)), theirs, `rotate ${r} scale ${scale} rect ${rect.join(',')}`, 1e-6);
          const [px, py] = vp.convertToPdfPoint(theirs[0], theirs[1]) as number[];
          const back = viewToPdf(pdfToView(rect, frame(r), scale), frame(r), scale);
          assert.ok(
            [
              [back[0], back[1]],
              [back[0] + back[2], back[1]],
              [back[0], back[1] + back[3]],
              [back[0] + back[2], back[1] + back[3]],
            ].some(([x, y]) => Math.abs(x - px) < 1e-6 && Math.abs(y - py) < 1e-6),
            `rotate ${r}: pdf.js's inverse of the top-left corner is a corner of our rectangle`,
          );
        }
      }
    }
  } finally {
    await task.destroy();
  }
});

test('clamping keeps a box on the visible area: slides it in, shrinks one larger than the page', () => {
  const p = frame(0);
  near(clampToPage([-50, -50, 100, 100], p), [10, 20, 100, 100], 'slid in from below-left');
  near(clampToPage([590, 810, 100, 100], p), [510, 720, 100, 100], 'slid in from above-right');
  near(clampToPage([0, 0, 900, 1000], p), [10, 20, 600, 800], 'shrunk to the page');
  near(clampToPage([100, 100, 2, 2], p), [100, 100, 12, 12], 'grown to the minimum size');
});

test('centredOn centres a box of the given size on a text hit and keeps it on the page', () => {
  near(centredOn([320, 197, 84, 14], 120, 120, frame(0)), [302, 144, 120, 120], 'centred');
  near(centredOn([12, 22, 10, 10], 120, 120, frame(0)), [10, 20, 120, 120], 'pushed back onto the page');
  near(centreOfPage(frame(90), [100, 60]), [260, 390, 100, 60], 'centre of the page');
});

test('moving and resizing follow the screen on rotated pages', () => {
  const box: PdfRect = [200, 300, 100, 50];
  // Right on screen is +x unrotated, +y at 90°, −x at 180°, −y at 270°.
  near(moveOnScreen(box, frame(0), 5, 0), [205, 300, 100, 50], 'rotate 0 right');
  near(moveOnScreen(box, frame(90), 5, 0), [200, 305, 100, 50], 'rotate 90 right');
  near(moveOnScreen(box, frame(180), 5, 0), [195, 300, 100, 50], 'rotate 180 right');
  near(moveOnScreen(box, frame(270), 5, 0), [200, 295, 100, 50], 'rotate 270 right');
  // Down on screen is −y unrotated, +x at 90°.
  near(moveOnScreen(box, frame(0), 0, 5), [200, 295, 100, 50], 'rotate 0 down');
  near(moveOnScreen(box, frame(90), 0, 5), [205, 300, 100, 50], 'rotate 90 down');
  for (const r of ROTATIONS) {
    const before = pdfToView(box, frame(r), 1);
    const after = pdfToView(resizeOnScreen(box, frame(r), 10, -20), frame(r), 1);
    near(viewArr(after), [before.left, before.top, before.width + 10, before.height - 20], `rotate ${r}: resize keeps the top-left corner on screen`);
  }
  // A move past the edge stops at the edge; a resize never goes below the minimum.
  near(moveOnScreen(box, frame(0), -1000, 0), [10, 300, 100, 50], 'stopped at the left edge');
  near(viewArr(pdfToView(resizeOnScreen(box, frame(0), -500, -500), frame(0), 1)).slice(2), [12, 12], 'minimum size');
});

test('roundRect keeps hundredths of a point', () => {
  assert.deepEqual(roundRect([1.23456, 2.006, 100, 49.999]), [1.23, 2.01, 100, 50]);
});

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
/** pdf.js 6 wants Promise.withResolvers (Node 22+) and, in Node, its worker on globalThis. */
async function loadPdfjs(): Promise<Pdfjs> {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    const out: Record<string, unknown> = {};
    out.promise = new Promise((resolve, reject) => Object.assign(out, { resolve, reject }));
    return out;
  };
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
  return import('pdfjs-dist/legacy/build/pdf.mjs');
}
