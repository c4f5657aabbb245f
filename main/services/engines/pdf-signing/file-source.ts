/**
 * A PDF input (input-file.ts) read piecewise for the reader: only the
 * blocks it asks for are read from disk. The view is one file-length buffer whose pages the kernel
 * maps only when touched, so unread parts cost no memory: copying a large
 * file into fresh memory costs more than hashing it, and signing only needs
 * the tail and a few objects. release() hands the buffer on to the next
 * source (see SpareView).
 */
import { badInput } from '../../../../shared/errors/affix-error';
import type { ByteSource } from '../../../../shared/pdf/source';
import type { InputFile } from '../../core/fs/input-file';

const BLOCK = 8 * 1024;
/** How long a released view is kept for the next source. */
const SPARE_FOR_MS = 30_000;

/**
 * One released view, kept a short while for the next source. Mapping a fresh
 * 100 MB buffer is cheap, but V8 answers that much external memory with a
 * full garbage collection (twice the parse's cost, measured); signing file
 * after file, the app and the benchmark would pay it every time. Only the
 * pages the parser touched are resident, and the view is dropped after
 * SPARE_FOR_MS idle, so a kept view costs little.
 */
const spare = {
  view: undefined as Buffer | undefined,
  timer: undefined as NodeJS.Timeout | undefined,

  take(length: number): Buffer {
    const view = spare.view && spare.view.length >= length ? spare.view : undefined;
    spare.view = undefined;
    // Not zero-filled: zeroing 100 MB up front costs as much as a tenth of the whole signing, and no unread byte is ever looked at.
    return view ? view.subarray(0, length) : Buffer.allocUnsafeSlow(length);
  },

  give(view: Buffer): void {
    const whole = Buffer.from(view.buffer, 0, view.buffer.byteLength);
    if (spare.view && spare.view.length >= whole.length) return;
    spare.view = whole;
    clearTimeout(spare.timer);
    spare.timer = setTimeout(() => (spare.view = undefined), SPARE_FOR_MS).unref();
  },
};

export class FileSource implements ByteSource {
  readonly complete = false;
  private view: Buffer;
  private readonly loaded: Uint8Array;

  constructor(private readonly input: InputFile) {
    this.view = spare.take(this.length);
    this.loaded = new Uint8Array(Math.ceil(this.length / BLOCK));
  }

  get length(): number {
    return this.input.length;
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

  /**
   * Hands the view on to the next source; nothing this source returned may
   * be used afterwards (the reader built on it included).
   */
  release(): void {
    spare.give(this.view);
    this.view = Buffer.alloc(0);
  }

  private read(from: number, to: number): void {
    for (let pos = from; pos < to;) {
      const n = this.input.readSync(this.view, pos, to - pos, pos);
      if (n <= 0) throw badInput(`${this.input.what} changed while being read (it is shorter than it was a moment ago).`);
      pos += n;
    }
  }
}
