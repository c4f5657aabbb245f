/**
 * pdf.js for the preview, loaded only when a document is opened. Everything
 * it needs at run time — the worker, the CJK character maps (Chinese PDFs
 * with non-embedded fonts need them), the standard fonts, the ICC profile and
 * the wasm decoders — is shipped in dist/renderer/pdfjs/ by the Vite build
 * (renderer/vite.config.ts) and loaded from the app's own origin; nothing is
 * fetched from the network. URLs are made absolute because the worker
 * resolves them against its own script URL, not the page.
 */
import type { PDFDocumentLoadingTask, PDFDocumentProxy, PDFPageProxy, RenderTask } from 'pdfjs-dist';

type Pdfjs = typeof import('pdfjs-dist');

const asset = (path: string): string => new URL(`pdfjs/${path}`, document.baseURI).href;

let loading: Promise<Pdfjs> | undefined;

export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= import('pdfjs-dist').then((pdfjs) => {
    pdfjs.GlobalWorkerOptions.workerSrc = asset('pdf.worker.min.mjs');
    return pdfjs;
  });
  return loading;
}

export function fromBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with millions of arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Starts opening a document from the base64 bytes documents.content returns; the caller destroys the task when done. */
export async function openPdf(base64: string): Promise<PDFDocumentLoadingTask> {
  const pdfjs = await loadPdfjs();
  return pdfjs.getDocument({
    data: fromBase64(base64),
    cMapUrl: asset('cmaps/'),
    cMapPacked: true,
    standardFontDataUrl: asset('standard_fonts/'),
    wasmUrl: asset('wasm/'),
    iccUrl: asset('iccs/'),
    // Rendering on the page's thread: a second (renderer) worker would be one more script to ship and trust.
    disableWorkerRendering: true,
    enableXfa: false,
    verbosity: 0,
  });
}

/**
 * Draws a page on a canvas at `scale` CSS pixels per point, sharp on high-DPI
 * screens. The page is displayed with its /Rotate applied, exactly as the
 * placement geometry assumes. Returns the task so a newer render can cancel it.
 */
export function renderPage(page: PDFPageProxy, canvas: HTMLCanvasElement, scale: number): RenderTask {
  // pdf.js multiplies by /UserUnit; the placement geometry works in plain points.
  const viewport = page.getViewport({ scale: scale / (page.userUnit || 1) });
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.max(1, Math.floor(viewport.width * ratio));
  canvas.height = Math.max(1, Math.floor(viewport.height * ratio));
  canvas.style.width = `${viewport.width}px`;
  canvas.style.height = `${viewport.height}px`;
  return page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
}

export type { PDFDocumentProxy, PDFPageProxy };
