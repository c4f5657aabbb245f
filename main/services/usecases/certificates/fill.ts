/**
 * One certificate's content, as an incremental update on the master
 * (template-master.ts): for each page with something to print, a Form
 * XObject drawn with the shipped CJK font (a Type 3 subset of just the
 * glyphs the row uses, so the PDF carries no font file) and the QR code as
 * vector modules, copied in by the appearance bridge and put in place of the
 * page's placeholder. The master is parsed once for the whole batch.
 */
import { fill as fillPath, popGraphicsState, pushGraphicsState, rectangle, rgb, setFillingColor, type PDFPage } from '@cantoo/pdf-lib';
import QRCode from 'qrcode';
import { badInput } from '../../../../shared/errors/affix-error';
import type { FieldSpec } from '../../../../shared/certificates/field-map';
import { dict, latin1Bytes, name, PdfRef, PdfStream } from '../../../../shared/pdf/objects';
import { PdfReader } from '../../../../shared/pdf/reader';
import { embedAppearance } from '../../engines/pdf-signing/appearance-bridge';
import type { CjkFont } from '../../engines/appearance/cjk-font';
import { drawOnPage } from '../../engines/appearance/page-drawing';
import { IncrementalUpdate } from '../../engines/pdf-signing/incremental-update';
import type { MasterLayout } from './template-master';

/** Quiet zone around the QR code, in modules (ISO/IEC 18004 §7.3.8). */
const QUIET = 4;
const BLACK = rgb(0, 0, 0);
const MIN_FONT = 5;

export interface QrModules {
  size: number;
  dark: (row: number, col: number) => boolean;
  version: number;
}

export function qrModules(text: string): QrModules {
  // Error correction M: the target (version ≤ 13 at M); qrcode picks alphanumeric mode for AFX1:+Base45.
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = qr.modules;
  return { size, version: qr.version, dark: (r, c) => data[r * size + c] === 1 };
}

export class CertificateFiller {
  private readonly reader: PdfReader;

  constructor(
    readonly master: Uint8Array,
    private readonly layout: MasterLayout,
  ) {
    this.reader = PdfReader.open(master, 'the prepared template');
  }

  /** The filled certificate (master + one update), unsigned, and the QR code's version. */
  async fill(values: Record<string, string>, qrText: string | null): Promise<{ pdf: Uint8Array; qrVersion: number | null }> {
    const update = new IncrementalUpdate(this.reader);
    const qr = qrText === null ? null : qrModules(qrText);
    for (const [i, page] of this.layout.pages.entries()) {
      const fields = Object.entries(this.layout.fields).filter(([, f]) => f.page === i + 1);
      const qrHere = qr && this.layout.qr.page === i + 1;
      if (fields.length === 0 && !qrHere) continue;
      const draw = drawOnPage(({ page: scratch, font }) => {
        const regular = font('Regular');
        for (const [column, f] of fields) {
          const value = values[column];
          if (value) drawText(scratch, regular, value, f, page.x0, page.y0);
        }
        if (qrHere) drawQr(scratch, qr, this.layout.qr.box, page.x0, page.y0);
      });
      const xo = await embedAppearance(update, draw, { width: page.width, height: page.height });
      const content = latin1Bytes(`q 1 0 0 1 ${page.x0} ${page.y0} cm /F Do Q\n`);
      update.set(
        new PdfRef(page.placeholder, 0),
        new PdfStream(
          dict({
            Type: name('XObject'),
            Subtype: name('Form'),
            BBox: [page.x0, page.y0, page.x0 + page.width, page.y0 + page.height],
            Resources: dict({ XObject: dict({ F: xo }) }),
          }),
          content,
        ),
      );
    }
    const { bytes } = update.serialize();
    const out = new Uint8Array(this.master.length + bytes.length);
    out.set(this.master, 0);
    out.set(bytes, this.master.length);
    return { pdf: out, qrVersion: qr?.version ?? null };
  }
}

function drawText(page: PDFPage, font: CjkFont, text: string, f: FieldSpec, x0: number, y0: number): void {
  const [x, y, w, h] = f.box;
  let size = Math.min(f.fontSize, h);
  let width = font.widthOfTextAtSize(text, size);
  // Shrinks a long value to fit its box rather than running over the design.
  if (width > w) {
    size = Math.max(MIN_FONT, (size * w) / width);
    width = font.widthOfTextAtSize(text, size);
    if (width > w * 1.001) throw badInput(`"${text.slice(0, 20)}…" does not fit its box even at ${MIN_FONT} pt`);
  }
  const left = f.align === 'center' ? x + (w - width) / 2 : f.align === 'right' ? x + w - width : x;
  // Baseline so the em box (ascent ≈ 0.88, descent ≈ 0.12 em for Noto Sans) is centred vertically.
  const baseline = y + (h - size) / 2 + 0.12 * size;
  font.draw(page, text, { x: left - x0, y: baseline - y0, size, color: BLACK });
}

function drawQr(page: PDFPage, qr: QrModules, box: [number, number, number, number], x0: number, y0: number): void {
  const [bx, by, bw, bh] = box;
  const side = Math.min(bw, bh);
  const m = side / (qr.size + 2 * QUIET);
  const left = bx - x0 + (bw - side) / 2 + QUIET * m;
  const top = by - y0 + (bh - side) / 2 + side - QUIET * m;
  const ops = [
    pushGraphicsState(),
    setFillingColor(rgb(1, 1, 1)),
    rectangle(bx - x0 + (bw - side) / 2, by - y0 + (bh - side) / 2, side, side),
    fillPath(),
    setFillingColor(BLACK),
  ];
  for (let r = 0; r < qr.size; r++) {
    for (let c = 0; c < qr.size;) {
      if (!qr.dark(r, c)) {
        c++;
        continue;
      }
      let run = 1;
      while (c + run < qr.size && qr.dark(r, c + run)) run++;
      // A hair of overlap so adjacent modules print without anti-aliasing seams.
      ops.push(rectangle(left + c * m, top - (r + 1) * m, run * m + 0.01, m + 0.01));
      c += run;
    }
  }
  ops.push(fillPath(), popGraphicsState());
  page.pushOperators(...ops);
}
