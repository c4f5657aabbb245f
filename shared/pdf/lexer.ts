/**
 * PDF tokeniser (ISO 32000-1 §7.2). Works on the whole file's bytes with a
 * cursor, so parsing one object never copies the file.
 */
import { badInput } from '../errors/affix-error';
import { latin1String } from './objects';

export type Token =
  | { kind: 'int'; value: number }
  | { kind: 'real'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'string'; value: Uint8Array; hex: boolean }
  | { kind: 'keyword'; value: string }
  | { kind: 'punct'; value: '[' | ']' | '<<' | '>>' | '{' | '}' }
  | { kind: 'eof' };

// The predicates take `undefined` (a read past the end) and say no: no byte there is white, a delimiter or regular.
export const isWhite = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;
export const isDelimiter = (c: number | undefined): boolean =>
  c === 0x28 || c === 0x29 || c === 0x3c || c === 0x3e || c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d || c === 0x2f || c === 0x25;
export const isRegular = (c: number | undefined): boolean => c !== undefined && !isWhite(c) && !isDelimiter(c);

const hexValue = (c: number): number => {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
};

const isOctal = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x37;

/** Longest literal string we accept; a runaway string means a damaged file, not data. */
const MAX_STRING = 64 * 1024 * 1024;

export class Lexer {
  pos: number;
  /**
   * The furthest byte the lexer has looked at (plus one): a parse of a window
   * of the file is only as good as the file when this stayed clear of the
   * window's end (see parseWindowed in ./source).
   */
  reach = 0;
  /** Parsing stops here (exclusive); never past the end of `bytes`, so every read before it is a real byte. */
  readonly end: number;
  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    end = bytes.length,
  ) {
    this.pos = pos;
    this.end = Math.min(end, bytes.length);
  }

  fail(what: string): never {
    throw badInput(`Damaged PDF: ${what} at byte ${this.pos}.`);
  }

  /** The byte at `i`; reading past the data is a damaged file, not an `undefined` to compute with. */
  byteAt(i: number): number {
    const c = i < this.end ? this.bytes[i] : undefined;
    return c ?? this.fail('unexpected end of data');
  }

  skipWhitespace(): void {
    const b = this.bytes;
    while (this.pos < this.end) {
      const c = this.byteAt(this.pos);
      if (isWhite(c)) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < this.end && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
      } else break;
    }
    if (this.pos > this.reach) this.reach = this.pos;
  }

  /** True if the bytes at the cursor (after whitespace) spell `word` followed by a non-regular byte. */
  peekKeyword(word: string): boolean {
    this.skipWhitespace();
    if (this.pos + word.length + 1 > this.reach) this.reach = this.pos + word.length + 1;
    if (this.pos + word.length > this.end) return false;
    for (let i = 0; i < word.length; i++) if (this.bytes[this.pos + i] !== word.charCodeAt(i)) return false;
    const after = this.pos + word.length;
    return after >= this.end || !isRegular(this.byteAt(after));
  }

  next(): Token {
    const token = this.scan();
    if (this.pos > this.reach) this.reach = this.pos;
    return token;
  }

  private scan(): Token {
    this.skipWhitespace();
    const b = this.bytes;
    if (this.pos >= this.end) return { kind: 'eof' };
    const c = this.byteAt(this.pos);
    switch (c) {
      case 0x5b:
        this.pos++;
        return { kind: 'punct', value: '[' };
      case 0x5d:
        this.pos++;
        return { kind: 'punct', value: ']' };
      case 0x7b:
        this.pos++;
        return { kind: 'punct', value: '{' };
      case 0x7d:
        this.pos++;
        return { kind: 'punct', value: '}' };
      case 0x3c:
        if (b[this.pos + 1] === 0x3c) {
          this.pos += 2;
          return { kind: 'punct', value: '<<' };
        }
        return this.hexString();
      case 0x3e:
        if (b[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return { kind: 'punct', value: '>>' };
        }
        return this.fail('unexpected ">"');
      case 0x28:
        return this.literalString();
      case 0x2f:
        return this.nameToken();
      case 0x29:
        return this.fail('unexpected ")"');
    }
    const start = this.pos;
    while (this.pos < this.end && isRegular(this.byteAt(this.pos))) this.pos++;
    const word = latin1String(b, start, this.pos);
    if (/^[+-]?\d+$/.test(word)) return { kind: 'int', value: Number(word) };
    if (/^[+-]?(\d+\.\d*|\.\d+)$/.test(word)) return { kind: 'real', value: Number(word) };
    // Some writers emit "--5"; PDF readers treat a run of signs as one sign, so do we.
    const m = /^[+-]{2,}(\d+\.?\d*|\.\d+)$/.exec(word);
    const digits = m?.[1];
    if (digits !== undefined) return { kind: digits.includes('.') ? 'real' : 'int', value: word.includes('-') ? -Number(digits) : Number(digits) };
    return { kind: 'keyword', value: word };
  }

  private nameToken(): Token {
    this.pos++; // '/'
    let s = '';
    while (this.pos < this.end && isRegular(this.byteAt(this.pos))) {
      const c = this.byteAt(this.pos);
      const high = c === 0x23 /* # */ && this.pos + 2 < this.end ? hexValue(this.byteAt(this.pos + 1)) : -1;
      const low = high >= 0 ? hexValue(this.byteAt(this.pos + 2)) : -1;
      if (low >= 0) {
        s += String.fromCharCode(high * 16 + low);
        this.pos += 3;
      } else {
        s += String.fromCharCode(c);
        this.pos++;
      }
    }
    return { kind: 'name', value: s };
  }

  private hexString(): Token {
    const b = this.bytes;
    this.pos++; // '<'
    // A signature's /Contents is a hex string of many kilobytes: fill a buffer sized from the closing '>' once,
    // rather than growing an array byte by byte (this loop was a visible part of `affix verify`, issue 20).
    const found = b.indexOf(0x3e, this.pos);
    const close = found < 0 || found >= this.end ? -1 : found;
    const out = new Uint8Array(((close < 0 ? this.end : close) - this.pos + 1) >> 1);
    let n = 0;
    let high = -1;
    while (true) {
      if (this.pos >= this.end) this.fail('unterminated hex string');
      const c = this.byteAt(this.pos++);
      if (c === 0x3e) break;
      if (isWhite(c)) continue;
      const v = hexValue(c);
      if (v < 0) this.fail(`bad character 0x${c.toString(16)} in hex string`);
      if (high < 0) high = v;
      else {
        out[n++] = high * 16 + v;
        high = -1;
      }
    }
    if (high >= 0) out[n++] = high * 16;
    return { kind: 'string', value: out.slice(0, n), hex: true };
  }

  private literalString(): Token {
    const b = this.bytes;
    this.pos++; // '('
    let depth = 1;
    let out = new Uint8Array(64);
    let n = 0;
    const push = (v: number): void => {
      if (n === out.length) {
        if (n >= MAX_STRING) this.fail('string too long');
        const grown = new Uint8Array(n * 2);
        grown.set(out);
        out = grown;
      }
      out[n++] = v;
    };
    while (true) {
      if (this.pos >= this.end) this.fail('unterminated string');
      const c = this.byteAt(this.pos++);
      if (c === 0x5c /* \ */) {
        if (this.pos >= this.end) this.fail('unterminated string');
        const e = this.byteAt(this.pos++);
        switch (e) {
          case 0x6e:
            push(0x0a);
            break;
          case 0x72:
            push(0x0d);
            break;
          case 0x74:
            push(0x09);
            break;
          case 0x62:
            push(0x08);
            break;
          case 0x66:
            push(0x0c);
            break;
          case 0x0d:
            if (b[this.pos] === 0x0a) this.pos++;
            break; // line continuation
          case 0x0a:
            break;
          default:
            if (e >= 0x30 && e <= 0x37) {
              let v = e - 0x30;
              for (let k = 0; k < 2 && isOctal(b[this.pos]); k++) v = v * 8 + (this.byteAt(this.pos++) - 0x30);
              push(v & 0xff);
            } else push(e); // \( \) \\ and unknown escapes keep the character
        }
      } else if (c === 0x28) {
        depth++;
        push(c);
      } else if (c === 0x29) {
        if (--depth === 0) break;
        push(c);
      } else if (c === 0x0d) {
        // An unescaped end-of-line in a literal string reads as a single LF (§7.3.4.2).
        if (b[this.pos] === 0x0a) this.pos++;
        push(0x0a);
      } else push(c);
    }
    return { kind: 'string', value: out.slice(0, n), hex: false };
  }
}
