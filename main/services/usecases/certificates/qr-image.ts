/**
 * Reading a certificate's QR code from a scan (PNG) or from the PDF itself
 * (its pages rendered at 150 dpi, as a printed copy would be scanned), with
 * jsQR, the same decoder cert-verifier.html uses.
 */
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { badInput } from '../../../../shared/errors/affix-error';
import { PdfReader } from '../../../../shared/pdf/reader';
import { readWholeFile } from '../../core/fs/input-file';
import { renderPdfPage } from '../../engines/pdf-pages/render-pdf-page';

const MAX_PIXELS = 40_000_000;

function decodeRgba(data: Uint8ClampedArray, width: number, height: number): string | null {
  const hit = jsQR(data, width, height, { inversionAttempts: 'attemptBoth' });
  return hit ? hit.data : null;
}

export function qrFromPng(png: Uint8Array, what: string): string | null {
  let image: PNG;
  try {
    image = PNG.sync.read(Buffer.from(png));
  } catch (error) {
    throw badInput(`${what} is not a readable PNG (${(error as Error).message}).`);
  }
  if (image.width * image.height > MAX_PIXELS) throw badInput(`${what} is larger than 40 megapixels.`);
  return decodeRgba(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
}

/** The QR text found in an image or PDF file, or null when there is none. */
export async function qrFromFile(path: string): Promise<string | null> {
  const bytes = readWholeFile(path);
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return qrFromPng(bytes, path);
  if (bytes.subarray(0, 1024).includes(Buffer.from('%PDF-'))) {
    const pages = PdfReader.open(bytes, path).pages().length;
    for (let i = 0; i < Math.min(pages, 20); i++) {
      const { png } = await renderPdfPage(bytes, i, 150 / 72);
      const text = qrFromPng(png, `${path} page ${i + 1}`);
      if (text) return text;
    }
    return null;
  }
  throw badInput(`${path} is neither a PNG image nor a PDF.`);
}
