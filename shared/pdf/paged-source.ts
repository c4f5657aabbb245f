/**
 * A ByteSource over a RandomAccessFile that reads only the blocks the reader
 * asks for. The view is one file-length buffer whose pages the system maps
 * only when touched, so the parts never read cost no memory: a reader opened
 * on a 100 MB file holds its tail, its cross-reference sections and the few
 * objects asked for.
 */
import { badInput } from '../errors/affix-error';
import type { ByteSource, RandomAccessFile } from './source';

const BLOCK = 8 * 1024;

export class PagedSource implements ByteSource {
  readonly complete = false;
  private readonly loaded: Uint8Array;

  /** `view` (file-length, contents unread) lets a caller reuse a buffer; by default a fresh one. */
  constructor(
    private readonly file: RandomAccessFile,
    protected view: Uint8Array = new Uint8Array(file.length),
  ) {
    this.loaded = new Uint8Array(Math.ceil(this.length / BLOCK));
  }

  get length(): number {
    return this.file.length;
  }

  range(start: number, end: number): Uint8Array {
    const first = Math.max(0, Math.floor(start / BLOCK));
    const last = Math.min(this.loaded.length, Math.ceil(end / BLOCK));
    for (let b = first; b < last; b++) {
      if (this.loaded[b]) continue;
      let run = b;
      while (run < last && !this.loaded[run]) run++;
      readFully(this.file, this.view, b * BLOCK, Math.min(this.length, run * BLOCK));
      this.loaded.fill(1, b, run);
      b = run;
    }
    return this.view;
  }

  /** Calls `visit` with each block read so far that overlaps [start, end), clipped to it. */
  forEachLoaded(start: number, end: number, visit: (offset: number, bytes: Uint8Array) => void): void {
    const last = Math.min(this.loaded.length, Math.ceil(end / BLOCK));
    for (let b = Math.floor(start / BLOCK); b < last; b++) {
      if (!this.loaded[b]) continue;
      const from = Math.max(start, b * BLOCK);
      visit(from, this.view.subarray(from, Math.min(end, (b + 1) * BLOCK, this.length)));
    }
  }
}

/** Reads the file's bytes [from, to) into `into` at the same offsets (minus `base`); a file that ends early changed under us. */
export function readFully(file: RandomAccessFile, into: Uint8Array, from: number, to: number, base = 0): void {
  for (let pos = from; pos < to;) {
    const n = file.readSync(into, pos - base, to - pos, pos);
    if (n <= 0) throw badInput(`${file.what ?? 'The file'} changed while being read (it is shorter than it was a moment ago).`);
    pos += n;
  }
}
