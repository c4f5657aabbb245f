/**
 * A small TrueType font of exactly the characters a standalone page needs,
 * cut from the CJK font Affix ships (Noto Sans Hans, SIL OFL 1.1), so
 * verify.html shows its Chinese on a machine without CJK fonts (it embeds the
 * font as a data: URL; its Content-Security-Policy allows nothing else).
 *
 * Why written by hand: the source is a CID-keyed CFF font that fontkit's
 * subsetter cannot write (see cjk-font.ts). Each glyph's outline is read with
 * fontkit and written as TrueType quadratic contours (each cubic split in
 * two, each half approximated by one quadratic: well under a font unit of
 * error at text sizes), with the minimal tables a browser's font sanitiser
 * accepts: cmap (format 4), glyf, head, hhea, hmtx, loca, maxp, name, OS/2, post.
 */
import type * as fontkit from '@pdf-lib/fontkit';
import { loadFont } from './cjk-font';

type Point = { x: number; y: number; on: boolean };
type Cmd = { command: string; args: number[] };

interface Glyph {
  contours: Point[][];
  advance: number;
}

const mid = (a: number, b: number): number => (a + b) / 2;

/** A cubic from p0 as quadratic segments (control, end) pairs. */
function cubicToQuads(p0: [number, number], c1: [number, number], c2: [number, number], p3: [number, number]): [number, number][] {
  // Split at t = 0.5 (de Casteljau), then each half's quadratic control is (3(c1 + c2) - (p0 + p3)) / 4.
  const m01: [number, number] = [mid(p0[0], c1[0]), mid(p0[1], c1[1])];
  const m12: [number, number] = [mid(c1[0], c2[0]), mid(c1[1], c2[1])];
  const m23: [number, number] = [mid(c2[0], p3[0]), mid(c2[1], p3[1])];
  const a: [number, number] = [mid(m01[0], m12[0]), mid(m01[1], m12[1])];
  const b: [number, number] = [mid(m12[0], m23[0]), mid(m12[1], m23[1])];
  const m: [number, number] = [mid(a[0], b[0]), mid(a[1], b[1])];
  const q = (s: [number, number], x1: [number, number], x2: [number, number], e: [number, number]): [number, number] => [
    (3 * (x1[0] + x2[0]) - (s[0] + e[0])) / 4,
    (3 * (x1[1] + x2[1]) - (s[1] + e[1])) / 4,
  ];
  return [q(p0, m01, a, m), m, q(m, b, m23, p3), p3];
}

/** Glyphs converted once per process: every export's page needs the same catalogue characters. */
const converted = new WeakMap<fontkit.Font, Map<number, Glyph>>();

function glyphOf(font: fontkit.Font, codePoint: number): Glyph {
  let cache = converted.get(font);
  if (!cache) converted.set(font, (cache = new Map()));
  let glyph = cache.get(codePoint);
  if (!glyph) cache.set(codePoint, (glyph = convertGlyph(font, codePoint)));
  return glyph;
}

function convertGlyph(font: fontkit.Font, codePoint: number): Glyph {
  const glyph = font.glyphForCodePoint(codePoint);
  const commands = (glyph.path as unknown as { commands: Cmd[] }).commands;
  const contours: Point[][] = [];
  let contour: Point[] = [];
  let at: [number, number] = [0, 0];
  const on = (x: number, y: number): void => void contour.push({ x: Math.round(x), y: Math.round(y), on: true });
  const off = (x: number, y: number): void => void contour.push({ x: Math.round(x), y: Math.round(y), on: false });
  const close = (): void => {
    const first = contour[0];
    const last = contour.at(-1);
    if (contour.length > 1 && last?.on && first.x === last.x && first.y === last.y) contour.pop();
    if (contour.length > 2) contours.push(contour);
    contour = [];
  };
  for (const c of commands) {
    const a = c.args;
    if (c.command === 'moveTo') {
      if (contour.length) close();
      on(a[0], a[1]);
      at = [a[0], a[1]];
    } else if (c.command === 'lineTo') {
      on(a[0], a[1]);
      at = [a[0], a[1]];
    } else if (c.command === 'quadraticCurveTo') {
      off(a[0], a[1]);
      on(a[2], a[3]);
      at = [a[2], a[3]];
    } else if (c.command === 'bezierCurveTo') {
      const [q1, e1, q2, e2] = cubicToQuads(at, [a[0], a[1]], [a[2], a[3]], [a[4], a[5]]);
      off(...q1);
      on(...e1);
      off(...q2);
      on(...e2);
      at = [a[4], a[5]];
    } else if (c.command === 'closePath') {
      close();
    }
  }
  if (contour.length) close();
  return { contours, advance: Math.round(glyph.advanceWidth) };
}

class Writer {
  private bytes: number[] = [];
  u8(v: number): this {
    this.bytes.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >> 8).u8(v);
  }
  i16(v: number): this {
    return this.u16(v < 0 ? v + 0x10000 : v);
  }
  u32(v: number): this {
    return this.u16(Math.floor(v / 0x10000) & 0xffff).u16(v & 0xffff);
  }
  raw(b: Uint8Array | number[]): this {
    for (const x of b) this.bytes.push(x);
    return this;
  }
  pad4(): this {
    while (this.bytes.length % 4) this.bytes.push(0);
    return this;
  }
  get length(): number {
    return this.bytes.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function glyfEntry(g: Glyph): { bytes: Uint8Array; bbox: [number, number, number, number]; points: number } {
  const pts = g.contours.flat();
  if (pts.length === 0) return { bytes: new Uint8Array(0), bbox: [0, 0, 0, 0], points: 0 };
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const bbox: [number, number, number, number] = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  const w = new Writer().i16(g.contours.length).i16(bbox[0]).i16(bbox[1]).i16(bbox[2]).i16(bbox[3]);
  let end = -1;
  for (const c of g.contours) w.u16((end += c.length));
  w.u16(0); // no instructions
  for (const p of pts) w.u8(p.on ? 1 : 0); // full 16-bit deltas, one flag per point
  let x = 0;
  let y = 0;
  for (const p of pts) {
    w.i16(p.x - x);
    x = p.x;
  }
  for (const p of pts) {
    w.i16(p.y - y);
    y = p.y;
  }
  return { bytes: w.pad4().done(), bbox, points: pts.length };
}

function nameTable(names: [number, string][]): Uint8Array {
  const w = new Writer()
    .u16(0)
    .u16(names.length)
    .u16(6 + 12 * names.length);
  const strings = new Writer();
  for (const [id, text] of names) {
    const offset = strings.length;
    for (const ch of text) strings.u16(ch.charCodeAt(0));
    w.u16(3)
      .u16(1)
      .u16(0x409)
      .u16(id)
      .u16(strings.length - offset)
      .u16(offset);
  }
  return w.raw(strings.done()).done();
}

function checksum(b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 4) sum = (sum + ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3])) >>> 0;
  return sum;
}

/** Which of `text`'s characters outside ASCII the shipped CJK font can draw (Basic Multilingual Plane only, sorted). */
export function drawableCharacters(text: string, font: fontkit.Font = loadFont('Regular')): number[] {
  const cps = new Set<number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x7f && cp < 0xfffe && font.hasGlyphForCodePoint(cp)) cps.add(cp);
  }
  return [...cps].sort((a, b) => a - b);
}

/** A TrueType font of the characters of `text` beyond ASCII (the page's own fonts draw ASCII). */
export function webFontFor(text: string): { ttf: Uint8Array; codePoints: number[] } {
  const font = loadFont('Regular');
  const codePoints = drawableCharacters(text, font);
  const glyphs = [{ contours: [], advance: Math.round(font.unitsPerEm / 2) } as Glyph, ...codePoints.map((cp) => glyphOf(font, cp))];
  const entries = glyphs.map(glyfEntry);
  const glyf = new Writer();
  const loca = new Writer();
  for (const e of entries) {
    loca.u32(glyf.length);
    glyf.raw(e.bytes);
  }
  loca.u32(glyf.length);
  const drawn = entries.filter((e) => e.points > 0);
  const bbox = drawn.length
    ? [
        Math.min(...drawn.map((e) => e.bbox[0])),
        Math.min(...drawn.map((e) => e.bbox[1])),
        Math.max(...drawn.map((e) => e.bbox[2])),
        Math.max(...drawn.map((e) => e.bbox[3])),
      ]
    : [0, 0, 0, 0];
  const ascent = Math.round(font.ascent);
  const descent = Math.round(font.descent);
  const maxAdvance = Math.max(...glyphs.map((g) => g.advance));
  const head = new Writer()
    .u32(0x00010000)
    .u32(0x00010000)
    .u32(0) // checkSumAdjustment, filled below
    .u32(0x5f0f3cf5)
    .u16(0x000b)
    .u16(font.unitsPerEm)
    .u32(0)
    .u32(0)
    .u32(0)
    .u32(0)
    .i16(bbox[0])
    .i16(bbox[1])
    .i16(bbox[2])
    .i16(bbox[3])
    .u16(0)
    .u16(8)
    .i16(2)
    .i16(1) // long loca
    .i16(0)
    .done();
  const hhea = new Writer()
    .u32(0x00010000)
    .i16(ascent)
    .i16(descent)
    .i16(0)
    .u16(maxAdvance)
    .i16(Math.min(0, ...drawn.map((e) => e.bbox[0])))
    .i16(0)
    .i16(bbox[2])
    .i16(1)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .i16(0)
    .u16(glyphs.length)
    .done();
  const hmtx = new Writer();
  glyphs.forEach((g, i) => hmtx.u16(g.advance).i16(entries[i].bbox[0]));
  const maxp = new Writer()
    .u32(0x00010000)
    .u16(glyphs.length)
    .u16(Math.max(0, ...entries.map((e) => e.points)))
    .u16(Math.max(0, ...glyphs.map((g) => g.contours.length)))
    .u16(0)
    .u16(0)
    .u16(2);
  for (let i = 0; i < 8; i++) maxp.u16(0);
  // cmap format 4: one segment per character, then the closing 0xFFFF segment.
  const segs = codePoints.length + 1;
  const sub = new Writer()
    .u16(4)
    .u16(16 + 8 * segs)
    .u16(0)
    .u16(segs * 2);
  const pow = 2 ** Math.floor(Math.log2(segs));
  sub
    .u16(pow * 2)
    .u16(Math.log2(pow))
    .u16(segs * 2 - pow * 2);
  for (const cp of codePoints) sub.u16(cp);
  sub.u16(0xffff).u16(0);
  for (const cp of codePoints) sub.u16(cp);
  sub.u16(0xffff);
  codePoints.forEach((cp, i) => sub.u16((i + 1 - cp + 0x10000) & 0xffff));
  sub.u16(1);
  for (let i = 0; i < segs; i++) sub.u16(0);
  const cmap = new Writer().u16(0).u16(1).u16(3).u16(1).u32(12).raw(sub.done()).done();
  const os2 = new Writer()
    .u16(4)
    .i16(Math.round(glyphs.reduce((s, g) => s + g.advance, 0) / glyphs.length))
    .u16(400)
    .u16(5)
    .u16(0);
  for (let i = 0; i < 10; i++) os2.i16(0);
  os2.i16(0).raw(new Array(10).fill(0));
  os2.u32(0).u32(0x08000000).u32(0).u32(0); // ulUnicodeRange: CJK Unified Ideographs (bit 59)
  os2.raw([0x41, 0x46, 0x46, 0x58]); // "AFFX"
  os2
    .u16(0x40)
    .u16(codePoints[0] ?? 0x20)
    .u16(codePoints.at(-1) ?? 0x20);
  os2.i16(ascent).i16(descent).i16(0).u16(ascent).u16(-descent);
  os2.u32(0x00040000).u32(0); // code page: Simplified Chinese (bit 18)
  os2.i16(0).i16(0).u16(0).u16(0x20).u16(1);
  const name = nameTable([
    [0, 'Subset of Noto Sans SC (Source Han Sans), Copyright 2014-2021 Adobe (http://www.adobe.com/).'],
    [1, 'Affix CJK'],
    [2, 'Regular'],
    [3, 'Affix CJK subset'],
    [4, 'Affix CJK'],
    [5, 'Version 1.0'],
    [6, 'AffixCJK-Regular'],
    [13, 'This Font Software is licensed under the SIL Open Font License, Version 1.1.'],
    [14, 'https://openfontlicense.org'],
  ]);
  const post = new Writer().u32(0x00030000).u32(0).i16(-75).i16(50).u32(0).u32(0).u32(0).u32(0).u32(0).done();
  const tables: [string, Uint8Array][] = (
    [
      ['OS/2', os2.done()],
      ['cmap', cmap],
      ['glyf', glyf.done()],
      ['head', head],
      ['hhea', hhea],
      ['hmtx', hmtx.done()],
      ['loca', loca.done()],
      ['maxp', maxp.done()],
      ['name', name],
      ['post', post],
    ] as [string, Uint8Array][]
  ).sort(([a], [b]) => (a < b ? -1 : 1));
  const n = tables.length;
  const pow2 = 2 ** Math.floor(Math.log2(n));
  const out = new Writer()
    .u32(0x00010000)
    .u16(n)
    .u16(pow2 * 16)
    .u16(Math.log2(pow2))
    .u16(n * 16 - pow2 * 16);
  let offset = 12 + 16 * n;
  for (const [tag, data] of tables) {
    for (const ch of tag) out.u8(ch.charCodeAt(0));
    out
      .u32(checksum(padded(data)))
      .u32(offset)
      .u32(data.length);
    offset += padded(data).length;
  }
  for (const [, data] of tables) out.raw(padded(data));
  const ttf = out.done();
  // head.checkSumAdjustment makes the whole font sum to 0xB1B0AFBA.
  const headAt =
    12 +
    16 * n +
    tables
      .slice(
        0,
        tables.findIndex(([t]) => t === 'head'),
      )
      .reduce((s, [, d]) => s + padded(d).length, 0);
  new DataView(ttf.buffer).setUint32(headAt + 8, (0xb1b0afba - checksum(ttf)) >>> 0);
  return { ttf, codePoints };
}

function padded(b: Uint8Array): Uint8Array {
  if (b.length % 4 === 0) return b;
  const out = new Uint8Array(b.length + (4 - (b.length % 4)));
  out.set(b);
  return out;
}
