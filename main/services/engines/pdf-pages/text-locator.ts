/**
 * Finds where a text such as "甲方（盖章）" is printed, so a seal can be placed
 * over it. pdf.js (legacy build, runs in Node) extracts each page's text runs
 * with their positions; the match ignores white space and may span runs.
 * Positions inside a run are interpolated by character count — close enough
 * to centre a seal on the words.
 */
import { badInput } from '../../../../shared/errors/affix-error';
import type { Rect } from '../pdf-signing/sign-pdf';

export interface TextHit {
  pageIndex: number;
  /** Bounding box of the matched text, [x, y, width, height] in PDF points. */
  box: Rect;
}

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

interface PositionedChar {
  ch: string;
  x0: number;
  x1: number;
  y: number;
  h: number;
}

/** pdf.js 6 uses Promise.withResolvers (Node 22+); Node 20 — the CLI and tests — lacks it. */
function ensureWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: unknown };
  if (typeof P.withResolvers === 'function') return;
  P.withResolvers = function withResolvers<T>() {
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((a, b) => {
      resolve = a;
      reject = b;
    });
    return { promise, resolve, reject };
  };
}

const squash = (s: string): string => s.replace(/\s+/g, '');

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let pdfjsPromise: Promise<Pdfjs> | undefined;

/**
 * Loads pdf.js for Node. Its worker runs in this thread: pdf.js uses
 * `globalThis.pdfjsWorker` when set, which also lets esbuild bundle the worker
 * (a worker file looked up beside the bundle would not exist). Loading it
 * warns on stderr that canvas polyfills are missing — irrelevant to text
 * extraction, so those warnings are dropped while it loads.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  pdfjsPromise ??= (async () => {
    ensureWithResolvers();
    const warn = console.warn;
    console.warn = (...args: unknown[]): void => {
      if (!(typeof args[0] === 'string' && /^Warning: Cannot (polyfill|access the `require`)/.test(args[0]))) warn(...args);
    };
    try {
      const worker = await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
      return await import('pdfjs-dist/legacy/build/pdf.mjs');
    } finally {
      console.warn = warn;
    }
  })();
  return pdfjsPromise;
}

/** The first occurrence of `needle` (whitespace ignored), or bad input naming the document when there is none (--at-text). */
export async function locateText(pdf: Uint8Array, needle: string, what = 'The document'): Promise<TextHit> {
  const hit = await findText(pdf, needle, what);
  if (hit) return hit;
  throw badInput(`The text "${needle}" does not occur in ${what.toLowerCase() === 'the document' ? 'the document' : what} (searched every page's text).`);
}

/** The first occurrence of `needle` (whitespace ignored) on any page, or null when it does not occur. */
export async function findText(pdf: Uint8Array, needle: string, what = 'The document'): Promise<TextHit | null> {
  const wanted = squash(needle);
  if (wanted.length === 0) throw badInput('The text to place the signature over is empty.');
  const pdfjs = await loadPdfjs();
  // pdf.js may detach the buffer it is given; hand it a copy.
  const task = pdfjs.getDocument({ data: new Uint8Array(pdf), disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  try {
    const doc = await task.promise;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const chars: PositionedChar[] = [];
      for (const item of content.items as TextItem[]) {
        if (typeof item.str !== 'string' || item.str.length === 0) continue;
        const glyphs = [...item.str];
        const [a, , , d, e, f] = item.transform;
        const h = item.height || Math.abs(d) || Math.abs(a);
        glyphs.forEach((ch, k) => {
          if (/\s/.test(ch)) return;
          chars.push({ ch, x0: e + (item.width * k) / glyphs.length, x1: e + (item.width * (k + 1)) / glyphs.length, y: f, h });
        });
      }
      const text = chars.map((c) => c.ch).join('');
      const at = text.indexOf(wanted);
      if (at < 0) continue;
      const hit = chars.slice(at, at + [...wanted].length);
      const x0 = Math.min(...hit.map((c) => c.x0));
      const x1 = Math.max(...hit.map((c) => c.x1));
      const y0 = Math.min(...hit.map((c) => c.y - c.h * 0.2));
      const y1 = Math.max(...hit.map((c) => c.y + c.h * 0.8));
      return { pageIndex: p - 1, box: [x0, y0, x1 - x0, y1 - y0] };
    }
  } catch (error) {
    throw badInput(`${what} could not be searched for "${needle}": ${(error as Error).message}`, error);
  } finally {
    await task.destroy();
  }
  return null;
}

/** A `width`×`height` rectangle centred on `box`, moved (not shrunk) to stay within `bounds` [x0 y0 x1 y1]. */
export function centredOn(box: Rect, width: number, height: number, bounds: [number, number, number, number]): Rect {
  const cx = box[0] + box[2] / 2;
  const cy = box[1] + box[3] / 2;
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), Math.max(lo, hi));
  return [clamp(cx - width / 2, bounds[0], bounds[2] - width), clamp(cy - height / 2, bounds[1], bounds[3] - height), width, height];
}
