/**
 * Parses PDF objects (§7.3) and indirect objects (§7.3.10) from a lexer.
 * Streams are located with /Length and checked against `endstream`; a wrong
 * length is recovered by searching for `endstream`, as every viewer does.
 */
import { badInput } from '../errors/affix-error';
import { Lexer } from './lexer';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from './objects';

/** Deeper nesting than this is an attack or garbage, not a document. */
const MAX_DEPTH = 200;

export interface IndirectObject {
  num: number;
  gen: number;
  value: PdfObject;
}

export class ObjectParser {
  constructor(readonly lex: Lexer) {}

  parseObject(depth = 0): PdfObject {
    if (depth > MAX_DEPTH) this.lex.fail('objects nested too deeply');
    const t = this.lex.next();
    switch (t.kind) {
      case 'int': {
        // "N G R" is a reference; look ahead without consuming if it is not.
        const save = this.lex.pos;
        const t2 = this.lex.next();
        if (t2.kind === 'int' && t2.value >= 0 && t.value >= 0) {
          const t3 = this.lex.next();
          if (t3.kind === 'keyword' && t3.value === 'R') return new PdfRef(t.value, t2.value);
        }
        this.lex.pos = save;
        return t.value;
      }
      case 'real':
        return t.value;
      case 'name':
        return PdfName.of(t.value);
      case 'string':
        return new PdfString(t.value, t.hex);
      case 'keyword':
        if (t.value === 'true') return true;
        if (t.value === 'false') return false;
        if (t.value === 'null') return null;
        return this.lex.fail(`unexpected keyword "${t.value.slice(0, 40)}"`);
      case 'punct':
        if (t.value === '[') {
          const arr: PdfObject[] = [];
          while (true) {
            this.lex.skipWhitespace();
            if (this.lex.bytes[this.lex.pos] === 0x5d) {
              this.lex.pos++;
              return arr;
            }
            if (this.lex.pos >= this.lex.end) this.lex.fail('unterminated array');
            arr.push(this.parseObject(depth + 1));
          }
        }
        if (t.value === '<<') return this.parseDictBody(depth);
        return this.lex.fail(`unexpected "${t.value}"`);
      case 'eof':
        return this.lex.fail('unexpected end of data');
    }
  }

  private parseDictBody(depth: number): PdfDict {
    const d = new PdfDict();
    while (true) {
      const t = this.lex.next();
      if (t.kind === 'punct' && t.value === '>>') return d;
      if (t.kind !== 'name') this.lex.fail('dictionary key is not a name');
      this.lex.skipWhitespace();
      // A key directly followed by ">>" has no value; treat as null like other readers.
      if (this.lex.bytes[this.lex.pos] === 0x3e && this.lex.bytes[this.lex.pos + 1] === 0x3e) continue;
      const v = this.parseObject(depth + 1);
      if (v !== null) d.set(t.value, v);
    }
  }

  /**
   * Parses "N G obj … endobj" at the cursor. `streamLength` resolves an
   * indirect /Length (it may return undefined if it cannot).
   */
  parseIndirect(streamLength: (ref: PdfRef) => number | undefined): IndirectObject {
    const t1 = this.lex.next();
    const t2 = this.lex.next();
    const t3 = this.lex.next();
    if (t1.kind !== 'int' || t2.kind !== 'int' || t3.kind !== 'keyword' || t3.value !== 'obj') {
      this.lex.fail('expected "N G obj"');
    }
    const value = this.parseObject();
    if (value instanceof PdfDict && this.lex.peekKeyword('stream')) {
      this.lex.pos += 6;
      return { num: t1.value, gen: t2.value, value: this.parseStreamData(value, streamLength) };
    }
    return { num: t1.value, gen: t2.value, value };
  }

  private parseStreamData(d: PdfDict, streamLength: (ref: PdfRef) => number | undefined): PdfStream {
    const b = this.lex.bytes;
    // "stream" is followed by CRLF or LF (a lone CR is tolerated).
    if (b[this.lex.pos] === 0x0d) this.lex.pos++;
    if (b[this.lex.pos] === 0x0a) this.lex.pos++;
    const start = this.lex.pos;
    const lenObj = d.get('Length');
    const declared = typeof lenObj === 'number' ? lenObj : lenObj instanceof PdfRef ? streamLength(lenObj) : undefined;
    if (declared !== undefined && Number.isInteger(declared) && declared >= 0 && start + declared <= this.lex.end) {
      const check = new Lexer(b, start + declared, this.lex.end);
      if (check.peekKeyword('endstream')) {
        this.lex.pos = check.pos + 9;
        this.skipEndobj();
        return new PdfStream(d, b.subarray(start, start + declared));
      }
    }
    const endAt = indexOf(b, ENDSTREAM, start, this.lex.end);
    if (endAt < 0) this.lex.fail('stream without "endstream"');
    let dataEnd = endAt;
    if (dataEnd > start && b[dataEnd - 1] === 0x0a) dataEnd--;
    if (dataEnd > start && b[dataEnd - 1] === 0x0d) dataEnd--;
    this.lex.pos = endAt + ENDSTREAM.length;
    this.skipEndobj();
    return new PdfStream(d, b.subarray(start, dataEnd));
  }

  private skipEndobj(): void {
    if (this.lex.peekKeyword('endobj')) this.lex.pos += 6;
  }
}

const ENDSTREAM = Uint8Array.from('endstream', (c) => c.charCodeAt(0));

export function indexOf(hay: Uint8Array, needle: Uint8Array, from = 0, to = hay.length): number {
  const [first] = needle;
  if (first === undefined) return -1; // nothing looks for an empty needle
  const last = to - needle.length;
  for (let i = hay.indexOf(first, from); i !== -1 && i <= last; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

export function lastIndexOf(hay: Uint8Array, needle: Uint8Array, from = hay.length - needle.length, to = 0): number {
  for (let i = Math.min(from, hay.length - needle.length); i >= to; i--) {
    let k = 0;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

/** Parses one direct object from bytes (used for object-stream members). */
export function parseDirectObject(bytes: Uint8Array, pos: number, end = bytes.length): PdfObject {
  try {
    return new ObjectParser(new Lexer(bytes, pos, end)).parseObject();
  } catch (error) {
    throw error instanceof Error && error.name === 'AffixError' ? error : badInput(`Damaged PDF: ${String(error)}`);
  }
}
