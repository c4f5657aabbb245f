/**
 * An imported seal image: PNG (its alpha channel becomes the image's soft
 * mask, so the paper shows through) or SVG (drawn as vector paths), scaled
 * to fit the widget with its aspect ratio kept and centred.
 */
import { readFileSync } from 'node:fs';
import { badInput } from '../../../../shared/errors/affix-error';
import type { DrawAppearance } from '../pdf-signing/appearance-bridge';
import { drawOnPage } from './page-drawing';
import { fileError, fsProblem } from '../../core/fs/fs-errors';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function imageAppearance(path: string): DrawAppearance {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw fileError(`Cannot read image ${path}: ${fsProblem(error)}.`, path, error);
  }
  if (bytes.subarray(0, 8).equals(PNG_MAGIC)) {
    return drawOnPage(async ({ page, doc, size: { width, height } }) => {
      let image;
      try {
        image = await doc.embedPng(bytes);
      } catch (error) {
        throw badInput(`${path} is not a readable PNG image: ${(error as Error).message}`, error);
      }
      const s = Math.min(width / image.width, height / image.height);
      page.drawImage(image, { x: (width - image.width * s) / 2, y: (height - image.height * s) / 2, width: image.width * s, height: image.height * s });
    });
  }
  const text = bytes.toString('utf8');
  if (/<svg[\s>]/i.test(text.slice(0, 4096))) {
    const box = svgSize(text);
    if (!box) throw badInput(`${path}: the SVG needs a viewBox or width and height.`);
    return drawOnPage(async ({ page, doc, size: { width, height } }) => {
      const s = Math.min(width / box.width, height / box.height);
      try {
        const svg = await doc.embedSvg(text);
        // drawSvg's origin is the SVG's top-left corner.
        page.drawSvg(svg, { x: (width - box.width * s) / 2, y: height - (height - box.height * s) / 2, width: box.width * s, height: box.height * s });
      } catch (error) {
        throw badInput(`${path} is not an SVG Affix can draw: ${(error as Error).message}`, error);
      }
    });
  }
  throw badInput(`${path} is neither a PNG nor an SVG image.`);
}

function svgSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/i.exec(svg)?.[0] ?? '';
  const vb = /viewBox\s*=\s*["']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(root);
  if (vb) return { width: Number(vb[1]), height: Number(vb[2]) };
  const w = /\bwidth\s*=\s*["']([\d.]+)/i.exec(root);
  const h = /\bheight\s*=\s*["']([\d.]+)/i.exec(root);
  return w && h ? { width: Number(w[1]), height: Number(h[1]) } : undefined;
}
