/**
 * The official seal of Chinese practice (公章), drawn as vector graphics: a
 * red ring, the organisation's name along the upper arc, a five-pointed star,
 * a horizontal line of text under the star (e.g. 合同专用章) and an optional
 * code along the lower arc. The elliptical variant (finance seals, 财务专用章)
 * uses the same layout on an ellipse.
 */
import { rgb, type PDFPage } from '@cantoo/pdf-lib';
import { badInput } from '../../../../shared/errors/affix-error';
import type { DrawAppearance } from '../pdf-signing/appearance-bridge';
import type { CjkFont } from './cjk-font';
import { drawOnPage } from './page-drawing';

export interface SealOptions {
  /** Along the upper arc, e.g. "某某科技有限公司". */
  orgName: string;
  /** Horizontal under the star, e.g. "合同专用章". */
  sealText?: string;
  /** Along the lower arc, e.g. a 13-digit seal code. */
  code?: string;
  shape?: 'circle' | 'ellipse';
}

export const SEAL_RED = rgb(0.85, 0.07, 0.07);
const DEG = Math.PI / 180;

export function sealAppearance(options: SealOptions): DrawAppearance {
  const orgName = [...options.orgName.trim()];
  if (orgName.length === 0) throw badInput("A seal needs the organisation's name (--org-name).");
  if (orgName.length > 40) throw badInput('The organisation name is too long for a seal (at most 40 characters).');
  return drawOnPage(({ page, font: fontOf, size: { width, height } }) => {
    const font = fontOf('Bold');
    const ellipse = options.shape === 'ellipse';
    const cx = width / 2;
    const cy = height / 2;
    const rx = width / 2;
    const ry = ellipse ? height / 2 : Math.min(width, height) / 2;
    const r = ellipse ? rx : Math.min(rx, ry);
    const ringY = ellipse ? ry : r;
    const border = Math.max(1, r * 0.045);
    page.drawEllipse({ x: cx, y: cy, xScale: r - border / 2, yScale: ringY - border / 2, borderColor: SEAL_RED, borderWidth: border });
    const scale = Math.min(r, ringY);

    // Organisation name: glyph tops towards the ring, reading left to right over the top.
    const nameSize = Math.min(scale * 0.24, (Math.PI * scale * 1.25) / orgName.length);
    const nameSpan = Math.min(225, 24 + orgName.length * 21) * DEG;
    placeOnArc(page, font, orgName, nameSize, { cx, cy, rx: r - border * 2.2 - nameSize, ry: ringY - border * 2.2 - nameSize }, 90 * DEG, nameSpan, 'outward');

    // The star: in a seal of this layout, centred and about a third of the inner diameter.
    const starR = scale * (ellipse ? 0.22 : 0.3);
    drawStar(page, cx, cy + (ellipse ? scale * 0.05 : 0), starR);

    if (options.sealText) {
      const text = options.sealText.trim();
      const size = Math.min(scale * 0.2, (scale * 1.3) / Math.max(1, [...text].length));
      const w = font.widthOfTextAtSize(text, size);
      font.draw(page, text, { x: cx - w / 2, y: cy - starR - size * 1.35, size, color: SEAL_RED });
    }
    if (options.code) {
      const code = [...options.code.trim()];
      const size = Math.min(scale * 0.11, (scale * 2) / Math.max(1, code.length));
      const span = Math.min(110, 6 + code.length * 7) * DEG;
      placeOnArc(page, font, code, size, { cx, cy, rx: r - border * 2, ry: ringY - border * 2 }, 270 * DEG, span, 'inward');
    }
  });
}

interface Arc {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
}

/**
 * Places one glyph per character along an elliptical arc centred on `middle`.
 * 'outward': glyph tops point away from the centre, reading clockwise (upper
 * arc); 'inward': tops point to the centre, reading counter-clockwise (lower arc).
 */
function placeOnArc(page: PDFPage, font: CjkFont, chars: string[], size: number, arc: Arc, middle: number, span: number, facing: 'outward' | 'inward'): void {
  const step = span / chars.length;
  chars.forEach((ch, i) => {
    const phi = facing === 'outward' ? middle + span / 2 - step * (i + 0.5) : middle - span / 2 + step * (i + 0.5);
    const px = arc.cx + arc.rx * Math.cos(phi);
    const py = arc.cy + arc.ry * Math.sin(phi);
    // Outward normal of the ellipse at phi.
    const normal = Math.atan2(arc.rx * Math.sin(phi), arc.ry * Math.cos(phi));
    const rot = facing === 'outward' ? normal - Math.PI / 2 : normal + Math.PI / 2;
    const w = font.widthOfTextAtSize(ch, size);
    font.draw(page, ch, { x: px - (w / 2) * Math.cos(rot), y: py - (w / 2) * Math.sin(rot), size, color: SEAL_RED, rotate: rot });
  });
}

function drawStar(page: PDFPage, cx: number, cy: number, outer: number): void {
  const inner = outer * 0.382;
  const points: string[] = [];
  for (let k = 0; k < 10; k++) {
    const a = (90 + k * 36) * DEG;
    const rr = k % 2 === 0 ? outer : inner;
    // SVG path coordinates: y grows downwards from the path origin.
    points.push(`${(rr * Math.cos(a)).toFixed(3)},${(-rr * Math.sin(a)).toFixed(3)}`);
  }
  page.drawSvgPath(`M ${points.join(' L ')} Z`, { x: cx, y: cy, color: SEAL_RED, borderWidth: 0 });
}
