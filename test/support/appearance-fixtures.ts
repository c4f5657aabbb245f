/**
 * Inputs for appearance tests: a PDF that prints "甲方（盖章）" at a known
 * place (drawn with Affix's own CJK font, so pdf.js can read it back), a PNG
 * with an alpha channel, an SVG, and counting seal-red pixels in a pdftoppm
 * rendering.
 */
import { PDFDocument, rgb } from '@cantoo/pdf-lib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { CjkFont } from '../../main/services/engines/appearance/cjk-font';
import { tool } from './pdf-tools';

/** Where contractPdf() prints the party line, in PDF points. */
export const PARTY_TEXT = '甲方（盖章）';
export const PARTY_AT = { x: 320, y: 200, size: 14 };

export async function contractPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([595, 842]);
  const font = CjkFont.embed(doc, 'Regular');
  font.draw(page, '合同书 Contract', { x: 72, y: 760, size: 20, color: rgb(0, 0, 0) });
  font.draw(page, '乙方（签字）', { x: 72, y: PARTY_AT.y, size: PARTY_AT.size, color: rgb(0, 0, 0) });
  font.draw(page, PARTY_TEXT, { x: PARTY_AT.x, y: PARTY_AT.y, size: PARTY_AT.size, color: rgb(0, 0, 0) });
  font.finish();
  return doc.save({ useObjectStreams: false });
}

/** A w×h RGBA PNG: an opaque red disc on a fully transparent background. */
export function redDiscPng(w = 64, h = 64): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const row = Buffer.alloc(1 + w * 4);
    for (let x = 0; x < w; x++) {
      const inside = (x - w / 2 + 0.5) ** 2 + (y - h / 2 + 0.5) ** 2 < (w * 0.4) ** 2;
      row.set(inside ? [220, 20, 20, 255] : [0, 0, 0, 0], 1 + x * 4);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function crc32(b: Buffer): number {
  let c = ~0;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

export const RED_SQUARE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect x="10" y="10" width="80" height="80" fill="#d01010"/></svg>';

export interface Rendering {
  width: number;
  height: number;
  rgb(x: number, y: number): [number, number, number];
}

/** Page 1 rendered by poppler at 72 dpi, addressed in PDF points (origin lower left). */
export async function renderPage(pdfPath: string, dir: string, name = 'render'): Promise<Rendering> {
  const prefix = join(dir, name);
  const r = await tool('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', '-singlefile', pdfPath, prefix]);
  if (r.code !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`);
  const ppm = readFileSync(`${prefix}.ppm`);
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('pdftoppm did not write a binary PPM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const base = header[0].length;
  return {
    width,
    height,
    rgb: (x, y) => {
      const at = base + (Math.round(height - y) * width + Math.round(x)) * 3;
      return [ppm[at], ppm[at + 1], ppm[at + 2]];
    },
  };
}

export const isSealRed = ([r, g, b]: [number, number, number]): boolean => r > 170 && g < 90 && b < 90;

/** How many pixels in the rectangle [x, y, w, h] (points) satisfy `test`. */
export function countPixels(img: Rendering, [x, y, w, h]: number[], test: (p: [number, number, number]) => boolean): number {
  let n = 0;
  for (let py = Math.ceil(y); py < y + h; py++) for (let px = Math.ceil(x); px < x + w; px++) if (test(img.rgb(px, py))) n++;
  return n;
}
