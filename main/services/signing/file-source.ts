/**
 * A PDF file read piecewise for the reader: only the blocks it asks for are
 * read from disk. The view is one file-length buffer whose pages the kernel
 * maps only when touched, so unread parts cost no memory: copying a large
 * file into fresh memory costs more than hashing it, and signing only needs
 * the tail and a few objects.
 */
import { readSync } from 'node:fs';
import { badInput } from '../../../shared/errors/affix-error';
import type { ByteSource } from '../../../shared/pdf/source';

const BLOCK = 8 * 1024;

export class FileSource implements ByteSource {
  readonly complete = false;
  private readonly view: Uint8Array;
  private readonly loaded: Uint8Array;

  constructor(
    private readonly fd: number,
    readonly length: number,
    private readonly what: string,
  ) {
    // Not zero-filled: zeroing 100 MB up front costs as much as a tenth of the whole signing, and no unread byte is ever looked at.
    this.view = Buffer.allocUnsafeSlow(length);
    this.loaded = new Uint8Array(Math.ceil(length / BLOCK));
  }

  range(start: number, end: number): Uint8Array {
    const first = Math.max(0, Math.floor(start / BLOCK));
    const last = Math.min(this.loaded.length, Math.ceil(end / BLOCK));
    for (let b = first; b < last; b++) {
      if (this.loaded[b]) continue;
      let run = b;
      while (run < last && !this.loaded[run]) run++;
      this.read(b * BLOCK, Math.min(this.length, run * BLOCK));
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

  private read(from: number, to: number): void {
    for (let pos = from; pos < to; ) {
      const n = readSync(this.fd, this.view, pos, to - pos, pos);
      if (n <= 0) throw badInput(`${this.what} changed while being read (it is shorter than it was a moment ago).`);
      pos += n;
    }
  }
}
