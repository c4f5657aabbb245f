/**
 * A personal signature block: the signer's name large, then the signing time
 * and reason, in a thin frame. Chinese and Latin text alike (Noto Sans Hans).
 */
import { rgb } from '@cantoo/pdf-lib';
import { badInput } from '../../../../shared/errors/affix-error';
import type { DrawAppearance } from '../pdf-signing/appearance-bridge';
import { drawOnPage } from './page-drawing';

export interface PersonOptions {
  name: string;
  time: Date;
  reason?: string;
  location?: string;
}

const INK = rgb(0.05, 0.15, 0.45);

/** Local-time-free rendering: what the signature dictionary's /M says, in UTC. */
export const formatSigningTime = (d: Date): string => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

export function personAppearance(options: PersonOptions): DrawAppearance {
  const name = options.name.trim();
  if (name.length === 0) throw badInput("A personal signature needs the signer's name.");
  return drawOnPage(({ page, font: fontOf, size: { width, height } }) => {
    const font = fontOf('Regular');
    const bold = fontOf('Bold');
    const pad = Math.min(width, height) * 0.08;
    page.drawRectangle({ x: 0.5, y: 0.5, width: width - 1, height: height - 1, borderColor: INK, borderWidth: 1 });
    const lines = [`时间 Time: ${formatSigningTime(options.time)}`];
    if (options.reason) lines.push(`原因 Reason: ${options.reason}`);
    if (options.location) lines.push(`地点 Location: ${options.location}`);
    const inner = width - 2 * pad;
    const nameSize = Math.min(height * 0.34, inner / Math.max(1, bold.widthOfTextAtSize(name, 1)));
    const small = Math.min((height - 2 * pad - nameSize * 1.2) / (lines.length * 1.25), ...lines.map((l) => inner / font.widthOfTextAtSize(l, 1)));
    let y = height - pad - nameSize;
    bold.draw(page, name, { x: pad, y, size: nameSize, color: INK });
    y -= nameSize * 0.35;
    for (const line of lines) {
      y -= small * 1.25;
      font.draw(page, line, { x: pad, y, size: small, color: INK });
    }
  });
}
