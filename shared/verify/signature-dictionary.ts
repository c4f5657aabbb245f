/**
 * Reads a signature dictionary straight from the file bytes, keeping where
 * its /Contents string lies — the byte-range checks compare against that
 * position, not against what the ranges claim. Strict: /Contents must be one
 * hex string of hex digits only, and no key may appear twice.
 */
import { Lexer } from '../pdf/lexer';
import { PdfDict, PdfName, PdfString, type PdfObject } from '../pdf/objects';
import { ObjectParser } from '../pdf/parser';
import type { PdfReader } from '../pdf/reader';

export interface SignatureDictionary {
  num: number;
  dict: PdfDict;
  /** Where the object starts ("N G obj") and where its dictionary ends (past ">>"). */
  start: number;
  end: number;
  /** Offsets of "<" and just past ">" of the /Contents hex string. */
  contentsStart: number;
  contentsEnd: number;
  /** The decoded /Contents bytes (CMS plus zero padding). */
  contents: Uint8Array;
  byteRange: [number, number, number, number];
}

export type SignatureDictionaryResult = { ok: true; sig: SignatureDictionary } | { ok: false; reason: string };

const fail = (reason: string): SignatureDictionaryResult => ({ ok: false, reason });

export function readSignatureDictionary(reader: PdfReader, num: number): SignatureDictionaryResult {
  const entry = reader.entry(num);
  if (entry?.type !== 'offset') {
    return fail(
      `the signature dictionary (object ${num}) is ${entry?.type === 'compressed' ? 'inside an object stream' : 'missing'}; its /Contents must lie in the file bytes the byte ranges skip`,
    );
  }
  // The dictionary is read from the bytes a whole-file parse sees, however little of the file is in memory.
  return reader.parseAt(entry.offset, (bytes, end) => {
    const lex = new Lexer(bytes, entry.offset, end);
    return { value: parseSignatureDictionary(lex, num, entry.offset), reach: lex.reach };
  });
}

function parseSignatureDictionary(lex: Lexer, num: number, offset: number): SignatureDictionaryResult {
  const bytes = lex.bytes;
  const parser = new ObjectParser(lex);
  const objNum = lex.next();
  lex.next(); // generation
  const keyword = lex.next();
  if (objNum.kind !== 'int' || objNum.value !== num || keyword.kind !== 'keyword' || keyword.value !== 'obj') {
    return fail(`object ${num} is not where the cross-reference table says`);
  }
  const open = lex.next();
  if (open.kind !== 'punct' || open.value !== '<<') return fail(`the signature value (object ${num}) is not a dictionary`);
  const dict = new PdfDict();
  let contents: { start: number; end: number } | undefined;
  for (let keys = 0; ; keys++) {
    if (keys > 10_000) return fail(`the signature dictionary (object ${num}) has too many keys`);
    const t = lex.next();
    if (t.kind === 'punct' && t.value === '>>') break;
    if (t.kind !== 'name') return fail(`the signature dictionary (object ${num}) has a key that is not a name`);
    if (dict.has(t.value) || (t.value === 'Contents' && contents)) return fail(`the signature dictionary (object ${num}) has /${t.value} twice`);
    lex.skipWhitespace();
    const start = lex.pos;
    const value: PdfObject = parser.parseObject(1);
    if (t.value === 'Contents') contents = { start, end: lex.pos };
    if (value !== null) dict.set(t.value, value);
  }
  const typeName = dict.get('Type');
  if (typeName !== undefined && !(typeName instanceof PdfName && (typeName.value === 'Sig' || typeName.value === 'DocTimeStamp'))) {
    return fail(`object ${num} has /Type ${String(typeName)}, not /Sig or /DocTimeStamp`);
  }
  if (!contents) return fail(`the signature dictionary (object ${num}) has no /Contents`);
  const value = dict.get('Contents');
  if (!(value instanceof PdfString) || !value.hex) return fail('/Contents is not a hex string');
  for (let i = contents.start + 1; i < contents.end - 1; i++) {
    const c = bytes[i];
    if (c === undefined) return fail(`/Contents runs past the end of the file at offset ${i}`);
    if (!isHexDigit(c)) return fail(`/Contents holds a non-hex byte 0x${c.toString(16).padStart(2, '0')} at offset ${i}`);
  }
  if ((contents.end - contents.start - 2) % 2 !== 0) return fail('/Contents has an odd number of hex digits');
  const br = dict.get('ByteRange');
  if (!Array.isArray(br) || br.length !== 4 || !br.every((x): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0)) {
    return fail('/ByteRange is not an array of four non-negative integers');
  }
  return {
    ok: true,
    sig: {
      num,
      dict,
      start: offset,
      end: lex.pos,
      contentsStart: contents.start,
      contentsEnd: contents.end,
      contents: value.bytes,
      byteRange: br as [number, number, number, number],
    },
  };
}

const isHexDigit = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/**
 * The byte-range rules: two ranges, the first from 0 to the "<" of /Contents,
 * the second from just past its ">" to the end of a revision.
 */
export function checkByteRange(sig: SignatureDictionary, fileLength: number, isRevisionEnd: (offset: number) => boolean): string | undefined {
  const [a, b, c, d] = sig.byteRange;
  if (a !== 0) return `/ByteRange starts at ${a}, not 0`;
  if (b !== sig.contentsStart) return `/ByteRange's first range ends at ${b}, but /Contents starts at ${sig.contentsStart}`;
  if (c !== sig.contentsEnd) return `/ByteRange's second range starts at ${c}, but /Contents ends at ${sig.contentsEnd}`;
  if (c + d > fileLength) return `/ByteRange reaches byte ${c + d}, past the end of the file (${fileLength})`;
  if (!isRevisionEnd(c + d)) return `/ByteRange ends at ${c + d}, which is not the end of a revision (%%EOF)`;
  return undefined;
}

/** The CMS inside /Contents: its BER length, with only zero padding after it. */
export function cmsFromContents(contents: Uint8Array): Uint8Array | string {
  const len = berLength(contents);
  if (len === undefined) return '/Contents does not start with a BER SEQUENCE';
  if (len > contents.length) return '/Contents is shorter than the CMS it starts';
  for (let i = len; i < contents.length; i++) if (contents[i] !== 0) return `/Contents has non-zero bytes after the CMS (at ${i})`;
  return contents.subarray(0, len);
}

/** Total length of the BER TLV at 0, following indefinite lengths. */
function berLength(b: Uint8Array, at = 0, depth = 0): number | undefined {
  const tag = b[at];
  if (depth > 64 || at + 2 > b.length || tag === undefined) return undefined;
  if (depth === 0 && b[0] !== 0x30) return undefined;
  let p = at + 1;
  if ((tag & 0x1f) === 0x1f) {
    // High tag number: base-128 digits until one without the continuation bit (or the end of the bytes).
    for (let c = b[p++]; c !== undefined && c & 0x80; c = b[p++]);
  }
  const l = b[p++];
  if (l === undefined) return undefined;
  if (l < 0x80) return p + l - at;
  if (l === 0x80) {
    if ((tag & 0x20) === 0) return undefined;
    while (p + 1 < b.length) {
      if (b[p] === 0 && b[p + 1] === 0) return p + 2 - at;
      const inner = berLength(b, p, depth + 1);
      if (inner === undefined) return undefined;
      p += inner;
    }
    return undefined;
  }
  const n = l & 0x7f;
  if (n > 4 || p + n > b.length) return undefined;
  let len = 0;
  for (const byte of b.subarray(p, p + n)) len = len * 256 + byte;
  return p + n + len - at;
}
