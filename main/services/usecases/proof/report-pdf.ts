/**
 * Draws report.pdf (A4, a Chinese report then an English one, vector QR code) from the report
 * sections, records evidence.json's digest in the document information
 * dictionary, and seals it with the node's report seal — so neither the
 * report nor the evidence it vouches for can change unnoticed.
 */
import { PDFDict, PDFDocument, PDFName, PDFString, rgb, type PDFPage } from '@cantoo/pdf-lib';
import QRCode from 'qrcode';
import { isAffixError } from '../../../../shared/errors/affix-error';
import {
  overallCounts,
  overallVerdict,
  qrCaption,
  qrPayload,
  REPORT_LANGUAGES,
  reportSections,
  reportTitle,
  type ReportFacts,
} from '../../../../shared/proof/report-content';
import { EVIDENCE_DIGEST_KEY } from '../../../../shared/proof/verify-package';
import { CjkFont } from '../../engines/appearance/cjk-font';
import { signPdf } from '../../engines/pdf-signing/sign-pdf';
import type { SigningKey } from '../../domain/keys/signing-key';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const INK = rgb(0.1, 0.1, 0.1);
const RED = rgb(0.75, 0.08, 0.08);

/** Lays text out top to bottom over as many pages as it needs; a new font when one fills up (255 glyphs each). */
class Layout {
  private page!: PDFPage;
  private font!: CjkFont;
  private y = 0;
  private readonly fonts: CjkFont[] = [];

  constructor(private readonly doc: PDFDocument) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(A4);
    this.newFont();
    this.y = A4[1] - MARGIN;
  }

  private newFont(): void {
    this.font = CjkFont.embed(this.doc);
    this.fonts.push(this.font);
  }

  get current(): PDFPage {
    return this.page;
  }

  get cursor(): number {
    return this.y;
  }

  space(points: number): void {
    this.y -= points;
  }

  reserve(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }

  text(text: string, size: number, color = INK, indent = 0, width = A4[0] - 2 * MARGIN - indent): void {
    for (const line of this.wrap(text, size, width)) {
      this.reserve(size * 1.5);
      this.y -= size * 1.5;
      this.draw(line, { x: MARGIN + indent, y: this.y, size, color });
    }
  }

  private draw(line: string, o: { x: number; y: number; size: number; color: typeof INK }): void {
    try {
      this.font.draw(this.page, line, o);
    } catch (error) {
      if (!isAffixError(error) || error.code !== 'BAD_INPUT') throw error;
      this.newFont();
      this.font.draw(this.page, line, o);
    }
  }

  private wrap(text: string, size: number, width: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const ch of text) {
      if (this.font.widthOfTextAtSize(line + ch, size) > width && line.length > 0) {
        // Break Latin text at the last space when there is one; CJK breaks anywhere.
        const cut = /[\u3000-\u9fff]/.test(ch) ? -1 : line.lastIndexOf(' ');
        if (cut > line.length / 2) {
          lines.push(line.slice(0, cut));
          line = line.slice(cut + 1);
        } else {
          lines.push(line);
          line = '';
        }
      }
      line += ch;
    }
    lines.push(line);
    return lines;
  }

  finish(): void {
    for (const f of this.fonts) f.finish();
  }
}

function drawQr(page: PDFPage, payload: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (qr.modules.get(r, c)) page.drawRectangle({ x: x + (c + 4) * cell, y: y + size - (r + 5) * cell, width: cell, height: cell, color: rgb(0, 0, 0) });
    }
  }
}

/** The unsealed report (exported for tests of its content): a whole Chinese report, then a whole English one, each opening with the overall verdict. */
export async function drawReport(facts: ReportFacts): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.setTitle(REPORT_LANGUAGES.map(reportTitle).join(' / '));
  doc.setProducer('Affix');
  doc.setCreationDate(new Date(facts.evidence.exportedAt));
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
  info.set(PDFName.of(EVIDENCE_DIGEST_KEY), PDFString.of(facts.evidenceSha256));
  const layout = new Layout(doc);
  REPORT_LANGUAGES.forEach((lang, i) => {
    if (i > 0) layout.newPage();
    // The verdict first: what a reader needs before any identifier.
    layout.text(overallVerdict(facts, lang), 14, RED);
    layout.text(overallCounts(facts, lang), 9);
    layout.space(6);
    layout.text(reportTitle(lang), 18, RED);
    layout.space(8);
    const qrSize = 120;
    drawQr(layout.current, qrPayload(facts), A4[0] - MARGIN - qrSize, layout.cursor - qrSize, qrSize);
    layout.text(qrCaption(facts, lang), 8, INK, 0, A4[0] - 2 * MARGIN - qrSize - 10);
    layout.space(Math.max(0, qrSize - 40));
    for (const section of reportSections(facts, lang)) {
      layout.space(10);
      layout.text(section.heading, 12, RED);
      for (const p of section.paragraphs) layout.text(p, 9, INK, 6);
    }
  });
  layout.finish();
  return doc.save({ useObjectStreams: false });
}

/** Draws and seals the report. */
export async function sealedReport(facts: ReportFacts, seal: SigningKey): Promise<Uint8Array> {
  const unsigned = await drawReport(facts);
  const signed = await signPdf(unsigned, { appearance: { kind: 'invisible' }, reason: 'Affix evidence report', field: 'AffixNodeSeal' }, seal);
  const out = new Uint8Array(signed.original.length + signed.appended.length);
  out.set(signed.original, 0);
  out.set(signed.appended, signed.original.length);
  return out;
}
