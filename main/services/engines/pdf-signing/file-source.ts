/**
 * A PDF input (input-file.ts) read piecewise for the reader (PagedSource):
 * copying a large file into fresh memory costs more than hashing it, and
 * signing only needs the tail and a few objects. release() hands the
 * buffer on to the next source (see spare).
 */
import { PagedSource } from '../../../../shared/pdf/paged-source';
import type { InputFile } from '../../core/fs/input-file';

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

export class FileSource extends PagedSource {
  constructor(input: InputFile) {
    super(input, spare.take(input.length));
  }

  /**
   * Hands the view on to the next source; nothing this source returned may
   * be used afterwards (the reader built on it included).
   */
  release(): void {
    spare.give(this.view as Buffer);
    this.view = Buffer.alloc(0);
  }
}
