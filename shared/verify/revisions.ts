/**
 * Revisions of a PDF as incremental saving makes them (§7.5.6): each ends
 * with %%EOF and an optional end-of-line. A reader opened on the bytes up to
 * a revision's end sees the document as it was then.
 */
import { isRegular, isWhite } from '../pdf/lexer';
import { PdfReader } from '../pdf/reader';
import type { PdfInput } from './pdf-input';

const EOF = Uint8Array.from('%%EOF', (c) => c.charCodeAt(0));

/** Offsets just past each %%EOF marker and its end-of-line, in file order. */
export function revisionEnds(input: PdfInput): number[] {
  const ends: number[] = [];
  // The end-of-line after %%EOF is up to two bytes past it.
  input.findAll(
    EOF,
    0,
    input.length,
    (at, piece, pieceStart) => {
      let end = at + EOF.length;
      if (piece[end - pieceStart] === 0x0d) end++;
      if (piece[end - pieceStart] === 0x0a) end++;
      ends.push(end);
    },
    { after: 2 },
  );
  return ends;
}

/** Whether `offset` is a revision end, allowing the end-of-line after %%EOF to be left out of it. */
export function isRevisionEnd(input: PdfInput, ends: number[], offset: number): boolean {
  return ends.some((e) => e === offset || (offset >= e - 2 && offset < e && endsWithEof(input, offset)));
}

function endsWithEof(input: PdfInput, offset: number): boolean {
  if (offset < 5) return false;
  const tail = input.bytes(offset - 5, offset);
  return EOF.every((c, k) => tail[k] === c);
}

/** Opens each prefix at most once. */
export class RevisionReaders {
  private readonly cache = new Map<number, PdfReader | Error>();
  constructor(readonly input: PdfInput) {}

  at(end: number): PdfReader | Error {
    let r = this.cache.get(end);
    if (!r) {
      try {
        r = PdfReader.open(this.input.prefix(end));
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

/** Bytes kept ahead of each piece of the "obj" scan: "N G" before it almost always fits, and a longer look reads on demand. */
const HEADER_LOOKBACK = 64;

/** Object numbers defined twice between `from` and `to` — a revision must define each object once. */
export function duplicateObjects(input: PdfInput, from: number, to: number): number[] {
  const seen = new Set<number>();
  const dups = new Set<number>();
  input.findAll(
    OBJ,
    from,
    to,
    (i, piece, pieceStart) => {
      if (i + 3 < to && isRegular(piece[i + 3 - pieceStart])) return;
      const num = objectNumberBefore(byteReader(input, piece, pieceStart), i, from);
      if (num === undefined) return;
      if (seen.has(num)) dups.add(num);
      seen.add(num);
    },
    { before: HEADER_LOOKBACK, after: 1 },
  );
  return [...dups];
}

/**
 * Byte `i` of the file from the piece in hand, or — for a header reaching
 * further back than the piece (a long run of white space) — read from the
 * file in small blocks.
 */
function byteReader(input: PdfInput, piece: Uint8Array, pieceStart: number): (i: number) => number | undefined {
  let block: Uint8Array | undefined;
  let blockStart = 0;
  return (i) => {
    if (i >= pieceStart) return piece[i - pieceStart];
    if (!block || i < blockStart) {
      blockStart = Math.max(0, i - 4096 + 1);
      block = input.bytes(blockStart, Math.min(pieceStart, blockStart + 4096));
    }
    return block[i - blockStart];
  };
}

/** The N of "N G obj" ending at `objAt`, or undefined when the bytes before are not such a header. */
function objectNumberBefore(b: (i: number) => number | undefined, objAt: number, floor: number): number | undefined {
  let p = objAt - 1;
  const skipWhite = (): number => {
    const start = p;
    while (p >= floor && isWhite(b(p))) p--;
    return start - p;
  };
  const digits = (): number | undefined => {
    const end = p;
    while (p >= floor && isDigit(b(p)) && end - p < 10) p--;
    if (p === end) return undefined;
    let v = 0;
    for (let k = p + 1; k <= end; k++) v = v * 10 + ((b(k) as number) - 0x30);
    return v;
  };
  if (skipWhite() === 0 || digits() === undefined || skipWhite() === 0) return undefined;
  const num = digits();
  if (num === undefined || (p >= floor && isRegular(b(p)))) return undefined;
  return num;
}
