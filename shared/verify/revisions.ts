/**
 * Revisions of a PDF as incremental saving makes them (§7.5.6): each ends
 * with %%EOF and an optional end-of-line. A reader opened on the bytes up to
 * a revision's end sees the document as it was then.
 */
import { isRegular, isWhite } from '../pdf/lexer';
import { indexOf } from '../pdf/parser';
import { PdfReader } from '../pdf/reader';

const EOF = Uint8Array.from('%%EOF', (c) => c.charCodeAt(0));

/** Offsets just past each %%EOF marker and its end-of-line, in file order. */
export function revisionEnds(bytes: Uint8Array): number[] {
  const ends: number[] = [];
  for (let i = indexOf(bytes, EOF, 0); i !== -1; i = indexOf(bytes, EOF, i + EOF.length)) {
    let end = i + EOF.length;
    if (bytes[end] === 0x0d) end++;
    if (bytes[end] === 0x0a) end++;
    ends.push(end);
  }
  return ends;
}

/** Whether `offset` is a revision end, allowing the end-of-line after %%EOF to be left out of it. */
export function isRevisionEnd(bytes: Uint8Array, ends: number[], offset: number): boolean {
  return ends.some((e) => e === offset || (offset >= e - 2 && offset < e && endsWithEof(bytes, offset)));
}

const endsWithEof = (bytes: Uint8Array, offset: number): boolean => offset >= 5 && EOF.every((c, k) => bytes[offset - 5 + k] === c);

/** Opens each prefix at most once. */
export class RevisionReaders {
  private readonly cache = new Map<number, PdfReader | Error>();
  constructor(readonly bytes: Uint8Array) {}

  at(end: number): PdfReader | Error {
    let r = this.cache.get(end);
    if (!r) {
      try {
        r = PdfReader.open(end === this.bytes.length ? this.bytes : this.bytes.subarray(0, end));
      } catch (error) {
        r = error instanceof Error ? error : new Error(String(error));
      }
      this.cache.set(end, r);
    }
    return r;
  }
}

const OBJ = Uint8Array.from('obj', (c) => c.charCodeAt(0));
const isDigit = (c: number | undefined): c is number => c !== undefined && c >= 0x30 && c <= 0x39;

/** Object numbers defined twice between `from` and `to` — a revision must define each object once. */
export function duplicateObjects(bytes: Uint8Array, from: number, to: number): number[] {
  const seen = new Set<number>();
  const dups = new Set<number>();
  for (let i = indexOf(bytes, OBJ, from, to); i !== -1; i = indexOf(bytes, OBJ, i + 3, to)) {
    const num = objectNumberBefore(bytes, i, from);
    if (num === undefined || (i + 3 < to && isRegular(bytes[i + 3]))) continue;
    if (seen.has(num)) dups.add(num);
    seen.add(num);
  }
  return [...dups];
}

/** The N of "N G obj" ending at `objAt`, or undefined when the bytes before are not such a header. */
function objectNumberBefore(b: Uint8Array, objAt: number, floor: number): number | undefined {
  let p = objAt - 1;
  const skipWhite = (): number => {
    const start = p;
    while (p >= floor && isWhite(b[p])) p--;
    return start - p;
  };
  const digits = (): number | undefined => {
    const end = p;
    while (p >= floor && isDigit(b[p]) && end - p < 10) p--;
    if (p === end) return undefined;
    let v = 0;
    for (const c of b.subarray(p + 1, end + 1)) v = v * 10 + (c - 0x30);
    return v;
  };
  if (skipWhite() === 0 || digits() === undefined || skipWhite() === 0) return undefined;
  const num = digits();
  if (num === undefined || (p >= floor && isRegular(b[p]))) return undefined;
  return num;
}
