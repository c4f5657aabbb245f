/**
 * The CJK font Affix ships (Noto Sans Hans from @embedpdf/fonts-sc, SIL OFL),
 * embedded as a subset of exactly the glyphs an appearance uses.
 *
 * Why a Type 3 font: Noto Sans Hans is a CID-keyed CFF font, which
 * fontkit's subsetter (and so pdf-lib's `embedFont(…, {subset: true})`)
 * cannot write — it throws while encoding the CFF. So each used glyph's
 * outline, read with fontkit, becomes a vector CharProc of a Type 3 font,
 * with a ToUnicode map so the text still extracts (pdftotext, copy/paste,
 * search). A seal needs a few dozen glyphs; one font holds up to 255.
 */
import { PDFHexString, PDFName, PDFRef, type PDFDocument, type PDFPage } from '@cantoo/pdf-lib';
import { beginText, endText, popGraphicsState, pushGraphicsState, setFillingColor, setFontAndSize, setTextMatrix, showText, type Color } from '@cantoo/pdf-lib';
import * as fontkit from '@pdf-lib/fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';

export type FontWeight = 'Regular' | 'Bold';

const files = new Map<FontWeight, fontkit.Font>();

export function loadFont(weight: FontWeight): fontkit.Font {
  let font = files.get(weight);
  if (!font) {
    try {
      // The package exports only its JS entry (dist/); the fonts sit beside dist/.
      const entry = createRequire(__filename).resolve('@embedpdf/fonts-sc');
      font = fontkit.create(readFileSync(join(dirname(dirname(entry)), 'fonts', `NotoSansHans-${weight}.otf`)));
    } catch (error) {
      throw new AffixError('INTERNAL', `The CJK font shipped with Affix cannot be loaded: ${(error as Error).message}`, { cause: error });
    }
    files.set(weight, font);
  }
  return font;
}

interface PathCommand {
  command: 'moveTo' | 'lineTo' | 'quadraticCurveTo' | 'bezierCurveTo' | 'closePath';
  args: number[];
}

const MAX_GLYPHS = 255;

interface Outline {
  commands: PathCommand[];
  advanceWidth: number;
  bbox: { minX: number; minY: number; maxX: number; maxY: number };
}

/** Where the colon's dots sit above the baseline, in font units (Noto Sans Hans: x-height ≈ 540). */
const COLON_RAISE = 390;

/** Outlines decoded once per process: a batch of certificates draws the same few hundred characters over and over. */
const outlines = new WeakMap<fontkit.Font, Map<number, Outline>>();

function outlineOf(font: fontkit.Font, codePoint: number): Outline {
  let cache = outlines.get(font);
  if (!cache) outlines.set(font, (cache = new Map()));
  let outline = cache.get(codePoint);
  if (!outline) {
    // Bounded: a few thousand outlines are a few MB; past that the cache starts again.
    if (cache.size >= 4096) cache.clear();
    cache.set(codePoint, (outline = decodeOutline(font, codePoint)));
  }
  return outline;
}

function decodeOutline(font: fontkit.Font, codePoint: number): Outline {
  const glyph = font.glyphForCodePoint(codePoint);
  // fontkit decodes Noto Sans Hans's ASCII colon wrongly (a stray blob left of
  // the glyph); it is rebuilt from two full stops.
  if (codePoint === 0x3a) {
    const dot = font.glyphForCodePoint(0x2e);
    const dots = (dot.path as unknown as { commands: PathCommand[] }).commands;
    const raised = dots.map((c) => ({ command: c.command, args: c.args.map((v, i) => (i % 2 === 1 ? v + COLON_RAISE : v)) }));
    const b = dot.bbox;
    return { commands: [...dots, ...raised], advanceWidth: glyph.advanceWidth, bbox: { minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY + COLON_RAISE } };
  }
  return { commands: (glyph.path as unknown as { commands: PathCommand[] }).commands, advanceWidth: glyph.advanceWidth, bbox: glyph.bbox };
}
const n = (v: number): string => (Math.round(v * 100) / 100).toString();

export interface TextOptions {
  x: number;
  y: number;
  size: number;
  color: Color;
  /** Counter-clockwise rotation about (x, y), in radians. */
  rotate?: number;
}

export class CjkFont {
  private readonly codes = new Map<number, number>();
  private readonly glyphs: { glyph: Outline; codePoint: number }[] = [];
  private readonly scale: number;
  private finished = false;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly font: fontkit.Font,
    readonly ref: PDFRef,
  ) {
    this.scale = 1000 / font.unitsPerEm;
  }

  static embed(doc: PDFDocument, weight: FontWeight = 'Regular'): CjkFont {
    return new CjkFont(doc, loadFont(weight), doc.context.nextRef());
  }

  widthOfTextAtSize(text: string, size: number): number {
    let w = 0;
    for (const ch of text) w += outlineOf(this.font, ch.codePointAt(0)!).advanceWidth;
    return (w / this.font.unitsPerEm) * size;
  }

  /** Draws `text` on `page` (registering this font in the page's resources). */
  draw(page: PDFPage, text: string, o: TextOptions): void {
    if (this.finished) throw new AffixError('INTERNAL', 'text drawn after the font was written');
    const name = PDFName.of(`Cjk${this.ref.objectNumber}`);
    page.node.setFontDictionary(name, this.ref);
    const cos = Math.cos(o.rotate ?? 0);
    const sin = Math.sin(o.rotate ?? 0);
    page.pushOperators(
      pushGraphicsState(),
      setFillingColor(o.color),
      beginText(),
      setFontAndSize(name, o.size),
      setTextMatrix(cos, sin, -sin, cos, o.x, o.y),
      showText(PDFHexString.of(this.encode(text))),
      endText(),
      popGraphicsState(),
    );
  }

  private encode(text: string): string {
    let hex = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let code = this.codes.get(cp);
      if (code === undefined) {
        if (this.glyphs.length >= MAX_GLYPHS) throw badInput(`An appearance may use at most ${MAX_GLYPHS} different characters.`);
        this.glyphs.push({ glyph: outlineOf(this.font, cp), codePoint: cp });
        code = this.glyphs.length;
        this.codes.set(cp, code);
      }
      hex += code.toString(16).padStart(2, '0');
    }
    return hex;
  }

  /** Writes the font dictionary, its glyph procedures and ToUnicode map; call once, after drawing. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const ctx = this.doc.context;
    const procs = ctx.obj({});
    const widths: number[] = [];
    const differences: (number | PDFName)[] = [1];
    let bbox = [0, 0, 0, 0];
    this.glyphs.forEach(({ glyph }, i) => {
      const width = glyph.advanceWidth * this.scale;
      const b = glyph.bbox;
      const box = [b.minX, b.minY, b.maxX, b.maxY].map((v) => (Number.isFinite(v) ? v * this.scale : 0));
      bbox = [Math.min(bbox[0], box[0]), Math.min(bbox[1], box[1]), Math.max(bbox[2], box[2]), Math.max(bbox[3], box[3])];
      // d1: a shape-only glyph, painted in the text's fill colour.
      const body = `${n(width)} 0 ${box.map(n).join(' ')} d1\n${this.pathOps(glyph)}`;
      procs.set(PDFName.of(`g${i + 1}`), ctx.register(ctx.flateStream(body)));
      widths.push(Math.round(width));
      differences.push(PDFName.of(`g${i + 1}`));
    });
    const toUnicode = ctx.register(ctx.flateStream(this.toUnicodeCMap()));
    ctx.assign(
      this.ref,
      ctx.obj({
        Type: 'Font',
        Subtype: 'Type3',
        FontBBox: bbox.map((v) => Math.round(v)),
        FontMatrix: [0.001, 0, 0, 0.001, 0, 0],
        CharProcs: procs,
        Encoding: ctx.obj({ Type: 'Encoding', Differences: differences }),
        FirstChar: 1,
        LastChar: Math.max(1, this.glyphs.length),
        Widths: widths.length > 0 ? widths : [0],
        Resources: ctx.obj({}),
        ToUnicode: toUnicode,
      }),
    );
  }

  private pathOps(glyph: Outline): string {
    const s = this.scale;
    const ops: string[] = [];
    let cur: [number, number] = [0, 0];
    for (const { command, args } of glyph.commands) {
      const a = args.map((v) => v * s);
      switch (command) {
        case 'moveTo':
          ops.push(`${n(a[0])} ${n(a[1])} m`);
          cur = [a[0], a[1]];
          break;
        case 'lineTo':
          ops.push(`${n(a[0])} ${n(a[1])} l`);
          cur = [a[0], a[1]];
          break;
        case 'quadraticCurveTo': {
          // Quadratic to cubic: control points two thirds of the way to the quadratic's.
          const [qx, qy, x, y] = a;
          ops.push(
            `${n(cur[0] + (2 / 3) * (qx - cur[0]))} ${n(cur[1] + (2 / 3) * (qy - cur[1]))} ${n(x + (2 / 3) * (qx - x))} ${n(y + (2 / 3) * (qy - y))} ${n(x)} ${n(y)} c`,
          );
          cur = [x, y];
          break;
        }
        case 'bezierCurveTo':
          ops.push(`${a.map(n).join(' ')} c`);
          cur = [a[4], a[5]];
          break;
        case 'closePath':
          ops.push('h');
          break;
      }
    }
    return ops.length > 0 ? `${ops.join('\n')}\nf\n` : '';
  }

  private toUnicodeCMap(): string {
    const utf16 = (cp: number): string => Buffer.from(String.fromCodePoint(cp), 'utf16le').swap16().toString('hex').toUpperCase();
    const lines: string[] = [];
    for (let i = 0; i < this.glyphs.length; i += 100) {
      const chunk = this.glyphs.slice(i, i + 100);
      lines.push(`${chunk.length} beginbfchar`);
      chunk.forEach(({ codePoint }, j) => lines.push(`<${(i + j + 1).toString(16).padStart(2, '0').toUpperCase()}> <${utf16(codePoint)}>`));
      lines.push('endbfchar');
    }
    return [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Affix-Type3-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<00> <FF>',
      'endcodespacerange',
      ...lines,
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
    ].join('\n');
  }
}
