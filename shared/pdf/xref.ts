/**
 * Reads the cross-reference chain (§7.5.4, §7.5.8): classic tables, xref
 * streams and hybrid files (a table whose trailer names an /XRefStm), newest
 * section first, following /Prev. The first entry seen for an object number
 * wins, because newer revisions override older ones.
 */
import { badInput } from '../errors/affix-error';
import { decodeStream } from './filters';
import { isWhite, Lexer } from './lexer';
import { PdfDict, PdfStream, type PdfObject } from './objects';
import { ObjectParser, lastIndexOf } from './parser';
import { asByteSource, parseWindowed, streamReach, type ByteSource, type WindowedParse } from './source';

export type XrefEntry = { type: 'free'; gen: number } | { type: 'offset'; offset: number; gen: number } | { type: 'compressed'; stream: number; index: number };

export interface XrefSection {
  kind: 'table' | 'stream';
  /** Where the section starts ("xref" keyword or "N G obj" of the stream). */
  offset: number;
  /** The trailer dictionary (for streams: the stream's dictionary). */
  trailer: PdfDict;
  /** Object number of the xref stream itself (streams only). */
  streamObject?: number;
}

export interface CrossReference {
  /** The offset named by the file's final `startxref`: what a new revision's /Prev must point to. */
  startxref: number;
  /** Sections in reading order, newest first; sections[0] is the one at `startxref`. */
  sections: XrefSection[];
  entries: Map<number, XrefEntry>;
  /** The newest trailer (sections[0].trailer). */
  trailer: PdfDict;
}

const STARTXREF = Uint8Array.from('startxref', (c) => c.charCodeAt(0));
/** Bounds for hostile input: no real PDF comes near these. */
const MAX_SECTIONS = 10_000;
const MAX_OBJECT_NUMBER = 50_000_000;

/** How far from the end `startxref` is looked for. */
const TAIL = 1024 * 1024;
const SHORT_TAIL = 4096;
/** First window read for a cross-reference section on a partial source (it grows as needed). */
const SECTION_WINDOW = 256 * 1024;

export function findStartxref(input: Uint8Array | ByteSource): number {
  const source = asByteSource(input);
  let bytes = source.range(0, 0);
  const search = (tail: number): number => {
    const from = Math.max(0, source.length - tail);
    bytes = source.range(from, source.length);
    return lastIndexOf(bytes, STARTXREF, source.length - STARTXREF.length, from);
  };
  // The last "startxref" in a short tail is the last one in the long tail too; a partial source then reads little.
  let at = search(SHORT_TAIL);
  if (at < 0 && source.length > SHORT_TAIL) at = search(TAIL);
  if (at < 0) throw badInput('Not a usable PDF: no "startxref" near the end of the file (truncated or not a PDF).');
  const lex = new Lexer(bytes, at + STARTXREF.length, source.length);
  const t = lex.next();
  if (t.kind !== 'int' || t.value <= 0 || t.value >= source.length) {
    throw badInput('Damaged PDF: the final "startxref" does not give a valid offset.');
  }
  return t.value;
}

export function readCrossReference(input: Uint8Array | ByteSource): CrossReference {
  const source = asByteSource(input);
  const startxref = findStartxref(source);
  const sections: XrefSection[] = [];
  const entries = new Map<number, XrefEntry>();
  const visited = new Set<number>();
  let next: number | undefined = startxref;
  while (next !== undefined) {
    if (visited.has(next)) throw badInput(`Damaged PDF: the cross-reference chain loops back to offset ${next}.`);
    if (visited.size >= MAX_SECTIONS) throw badInput('Damaged PDF: too many cross-reference sections.');
    visited.add(next);
    const section = readSectionAt(source, next);
    sections.push(section.info);
    const sectionEntries = section.entries;
    if (section.info.kind === 'table') {
      const xrefStm = section.info.trailer.get('XRefStm');
      if (typeof xrefStm === 'number' && !visited.has(xrefStm)) {
        // Hybrid file: the stream supplies entries the table leaves free or absent (objects in object streams).
        visited.add(xrefStm);
        const hybrid = readSectionAt(source, xrefStm);
        if (hybrid.info.kind !== 'stream') throw badInput(`Damaged PDF: /XRefStm ${xrefStm} is not a cross-reference stream.`);
        sections.push(hybrid.info);
        for (const [num, e] of hybrid.entries) {
          const own = sectionEntries.get(num);
          if (!own || own.type === 'free') sectionEntries.set(num, e);
        }
      }
    }
    for (const [num, e] of sectionEntries) if (!entries.has(num)) entries.set(num, e);
    const prev = section.info.trailer.get('Prev');
    if (prev === undefined || prev === null) next = undefined;
    else if (typeof prev === 'number' && Number.isInteger(prev) && prev >= 0 && prev < source.length) next = prev;
    else throw badInput(`Damaged PDF: /Prev ${String(prev)} is not an offset inside the file.`);
  }
  entries.delete(0);
  // The first pass of the loop always reads the section at startxref, so this never throws.
  const [newest] = sections;
  if (newest === undefined) throw badInput('Damaged PDF: no cross-reference section was read.');
  return { startxref, sections, entries, trailer: newest.trailer };
}

interface Section {
  info: XrefSection;
  entries: Map<number, XrefEntry>;
}

function readSectionAt(source: ByteSource, offset: number): Section {
  return parseWindowed(source, offset, SECTION_WINDOW, (bytes, end) => {
    const lex = new Lexer(bytes, offset, end);
    if (lex.peekKeyword('xref')) {
      lex.pos += 4;
      return readTable(lex, offset);
    }
    const t = new Lexer(bytes, offset, end).next();
    if (t.kind !== 'int') {
      throw badInput(`Damaged PDF: offset ${offset} should hold a cross-reference section but does not (the xref offsets are wrong).`);
    }
    return readXrefStream(bytes, offset, end);
  });
}

function readTable(lex: Lexer, offset: number): WindowedParse<Section> {
  const bEnd = lex.end;
  const entries = new Map<number, XrefEntry>();
  const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
  const readUint = (): number => {
    while (lex.pos < bEnd && isWhite(lex.byteAt(lex.pos))) lex.pos++;
    const start = lex.pos;
    let v = 0;
    while (lex.pos < bEnd && isDigit(lex.byteAt(lex.pos))) v = v * 10 + (lex.byteAt(lex.pos++) - 0x30);
    if (lex.pos === start || lex.pos - start > 15) lex.fail('bad number in cross-reference table');
    return v;
  };
  while (!lex.peekKeyword('trailer')) {
    const first = readUint();
    const count = readUint();
    if (first + count > MAX_OBJECT_NUMBER) lex.fail('cross-reference subsection out of range');
    for (let i = 0; i < count; i++) {
      const off = readUint();
      const gen = readUint();
      while (lex.pos < bEnd && isWhite(lex.byteAt(lex.pos))) lex.pos++;
      const kind = lex.byteAt(lex.pos++);
      const num = first + i;
      if (kind === 0x6e /* n */) {
        if (!entries.has(num)) entries.set(num, { type: 'offset', offset: off, gen });
      } else if (kind === 0x66 /* f */) {
        if (!entries.has(num)) entries.set(num, { type: 'free', gen });
      } else lex.fail('cross-reference entry is neither "n" nor "f"');
    }
  }
  lex.pos += 7;
  const trailer = new ObjectParser(lex).parseObject();
  if (!(trailer instanceof PdfDict)) lex.fail('trailer is not a dictionary');
  return { value: { info: { kind: 'table', offset, trailer }, entries }, reach: lex.reach };
}

function readXrefStream(bytes: Uint8Array, offset: number, end: number): WindowedParse<Section> {
  const lex = new Lexer(bytes, offset, end);
  const obj = new ObjectParser(lex).parseIndirect(() => undefined);
  const stream = obj.value;
  if (!(stream instanceof PdfStream) || stream.dict.name('Type') !== 'XRef') {
    throw badInput(`Damaged PDF: offset ${offset} should hold a cross-reference stream but holds object ${obj.num} instead.`);
  }
  const d = stream.dict;
  // Structural dictionaries must be direct; refs here are not resolvable before the xref exists.
  const direct = (o: PdfObject | undefined): PdfObject | undefined => o;
  const data = decodeStream(stream.data, d, `cross-reference stream ${obj.num}`, direct);
  const w = d.get('W');
  const isWidth = (x: PdfObject | undefined): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 8;
  const [w0, w1, w2] = Array.isArray(w) ? w : [];
  if (!Array.isArray(w) || !isWidth(w0) || !isWidth(w1) || !isWidth(w2) || !w.every(isWidth)) {
    throw badInput(`Damaged PDF: cross-reference stream ${obj.num} has a bad /W.`);
  }
  const rowLen = w0 + w1 + w2;
  const size = d.get('Size');
  if (typeof size !== 'number') throw badInput(`Damaged PDF: cross-reference stream ${obj.num} has no /Size.`);
  const index = d.get('Index') ?? [0, size];
  if (!Array.isArray(index) || index.length % 2 !== 0 || !index.every((x) => typeof x === 'number' && x >= 0)) {
    throw badInput(`Damaged PDF: cross-reference stream ${obj.num} has a bad /Index.`);
  }
  const entries = new Map<number, XrefEntry>();
  let pos = 0;
  const field = (width: number): number => {
    let v = 0;
    for (let k = 0; k < width; k++) {
      const byte = data[pos++];
      if (byte === undefined) throw badInput(`Damaged PDF: cross-reference stream ${obj.num} ends inside an entry.`);
      v = v * 256 + byte;
    }
    return v;
  };
  for (let s = 0; s < index.length; s += 2) {
    const first = index[s] as number;
    const count = index[s + 1] as number;
    if (first + count > MAX_OBJECT_NUMBER) throw badInput(`Damaged PDF: cross-reference stream ${obj.num} is out of range.`);
    for (let i = 0; i < count; i++) {
      if (pos + rowLen > data.length) break; // short stream: the missing entries are simply absent
      const type = w0 === 0 ? 1 : field(w0);
      const f2 = field(w1);
      const f3 = field(w2);
      const num = first + i;
      if (entries.has(num)) continue;
      if (type === 0) entries.set(num, { type: 'free', gen: f3 });
      else if (type === 1) entries.set(num, { type: 'offset', offset: f2, gen: w2 === 0 ? 0 : f3 });
      else if (type === 2) entries.set(num, { type: 'compressed', stream: f2, index: f3 });
    }
  }
  return {
    value: { info: { kind: 'stream', offset, trailer: d, streamObject: obj.num }, entries },
    reach: Math.max(lex.reach, streamReach(stream, bytes, d.get('Length'))),
  };
}
