/**
 * Rasterises one page of a PDF to PNG in the main process: pdf.js (the same
 * loader text-locator.ts uses) drawing on @napi-rs/canvas, the canvas pdf.js
 * itself uses in Node (it ships as pdf.js's optional dependency). The canvas
 * module is loaded and handed to pdf.js here, because pdf.js finds it through
 * `import.meta.url`, which a CommonJS bundle (the app, the CLI) does not have.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AffixError } from '../../../../shared/errors/affix-error';
import { loadPdfjs } from './text-locator';

interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d', options?: { alpha?: boolean }): unknown;
  toBuffer(mime: 'image/png'): Buffer;
}

interface CanvasModule {
  createCanvas(width: number, height: number): Canvas;
  DOMMatrix: unknown;
  Path2D: unknown;
  ImageData: unknown;
}

let canvasModule: CanvasModule | undefined;

function loadCanvas(): CanvasModule {
  if (canvasModule) return canvasModule;
  const here = createRequire(__filename);
  const tried: string[] = [];
  for (const from of [() => here, () => createRequire(join(dirname(here.resolve('pdfjs-dist/package.json')), 'package.json'))]) {
    try {
      canvasModule = from()('@napi-rs/canvas') as CanvasModule;
      break;
    } catch (error) {
      tried.push((error as Error).message.split('\n')[0]);
    }
  }
  if (!canvasModule) throw new AffixError('INTERNAL', `Pages cannot be drawn: the @napi-rs/canvas module is missing (${tried.join('; ')}).`);
  // pdf.js draws with these DOM classes; Node has none of them.
  const g = globalThis as Record<string, unknown>;
  for (const name of ['DOMMatrix', 'Path2D', 'ImageData'] as const) g[name] ??= canvasModule[name];
  // pdf.js 6 calls ArrayBuffer#transferToFixedLength (Node 21+) while building paths; Node 20 (CLI, tests) lacks it.
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: (length?: number) => ArrayBuffer };
  proto.transferToFixedLength ??= function transferToFixedLength(this: ArrayBuffer, length = this.byteLength): ArrayBuffer {
    const copy = new ArrayBuffer(length);
    new Uint8Array(copy).set(new Uint8Array(this, 0, Math.min(length, this.byteLength)));
    return copy;
  };
  return canvasModule;
}

interface CanvasAndContext {
  canvas: Canvas | null;
  context: unknown;
}

/** pdf.js's canvas factory contract, over the module loaded above. */
class NapiCanvasFactory {
  constructor(private readonly canvas: CanvasModule = loadCanvas()) {}
  create(width: number, height: number): CanvasAndContext {
    const canvas = this.canvas.createCanvas(width, height);
    return { canvas, context: canvas.getContext('2d') };
  }
  reset(cc: CanvasAndContext, width: number, height: number): void {
    cc.canvas!.width = width;
    cc.canvas!.height = height;
  }
  destroy(cc: CanvasAndContext): void {
    if (cc.canvas) cc.canvas.width = cc.canvas.height = 0;
    cc.canvas = null;
    cc.context = null;
  }
  getNoAlphaContext(canvas: Canvas): unknown {
    return canvas.getContext('2d', { alpha: false });
  }
}

/** PNG of page `pageIndex` (0-based) at `scale` pixels per PDF point, on white. */
export async function renderPdfPage(pdf: Uint8Array, pageIndex: number, scale: number): Promise<{ png: Buffer; width: number; height: number }> {
  const factory = new NapiCanvasFactory();
  const pdfjs = await loadPdfjs();
  // pdf.js may detach the buffer it is given; hand it a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(pdf),
    CanvasFactory: NapiCanvasFactory as never,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const page = await doc.getPage(pageIndex + 1);
    const viewport = page.getViewport({ scale });
    const { canvas, context } = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvasContext: context as never, canvas: canvas as never, viewport }).promise;
    return { png: canvas!.toBuffer('image/png'), width: canvas!.width, height: canvas!.height };
  } finally {
    await task.destroy();
  }
}
