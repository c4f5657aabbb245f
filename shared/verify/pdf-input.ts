/**
 * The PDF a verification reads, either all in memory or a file read piece
 * by piece (shared/pdf/source.ts's RandomAccessFile). Objects come through a
 * ByteSource, so a file on disk is read only where the reader looks; passes
 * over every byte (digests, the scans for %%EOF, /ByteRange and "obj") go a
 * chunk at a time through one reused buffer. Memory then stays flat however
 * large the file.
 */
import { concatBytes } from '../ledger/bytes';
import { indexOf } from '../pdf/parser';
import { PagedSource, readFully } from '../pdf/paged-source';
import { memorySource, type ByteSource, type RandomAccessFile } from '../pdf/source';
import { digest, incrementalHash, type HashName } from './digest';

/** Bytes a whole-file pass reads at a time: large enough that reads cost little, small beside any memory budget. */
export const CHUNK = 1024 * 1024;

/** What a signature covers: the bytes, hashed without first being joined. */
export interface SignedContent {
  digest(hash: HashName): Promise<Uint8Array>;
  /** The content as one array: only a signature made without signed attributes needs it (a copy of nearly the whole file). */
  join(): Uint8Array;
}

/** Content already in memory, in parts. */
export function partsContent(parts: Uint8Array[]): SignedContent {
  return {
    digest: (hash) => digest(hash, parts),
    join: () => concatBytes(...parts),
  };
}

/** The bytes behind a PdfInput: exactly one of the two, so "neither" and "both" cannot be built. */
type Backing = { readonly kind: 'memory'; readonly bytes: Uint8Array } | { readonly kind: 'file'; readonly file: RandomAccessFile };

export class PdfInput {
  readonly length: number;
  /** Where readers get the bytes: the whole array, or the file paged in as it is read. */
  readonly source: ByteSource;
  private scratch?: Uint8Array;
  private scratchBusy = false;

  private constructor(
    private readonly backing: Backing,
    /** Bytes per piece of a whole-file pass (tests make it tiny to put tokens on the boundaries). */
    readonly chunk: number,
  ) {
    this.length = backing.kind === 'memory' ? backing.bytes.length : backing.file.length;
    this.source = backing.kind === 'memory' ? memorySource(backing.bytes) : new PagedSource(backing.file);
  }

  static of(input: Uint8Array | RandomAccessFile, chunk = CHUNK): PdfInput {
    if (!(chunk >= 1)) throw new RangeError('chunk must be at least one byte');
    return new PdfInput(input instanceof Uint8Array ? { kind: 'memory', bytes: input } : { kind: 'file', file: input }, chunk);
  }

  /** Bytes [start, end) clipped to the file: a view when in memory, else freshly read. */
  bytes(start: number, end: number): Uint8Array {
    const from = Math.max(0, Math.min(start, this.length));
    const to = Math.max(from, Math.min(end, this.length));
    const b = this.backing;
    if (b.kind === 'memory') return b.bytes.subarray(from, to);
    const out = new Uint8Array(to - from);
    readFully(b.file, out, from, to, from);
    return out;
  }

  /** A source holding the first `end` bytes: what a reader of that revision sees. */
  prefix(end: number): ByteSource {
    if (end >= this.length) return this.source;
    if (this.backing.kind === 'memory') return memorySource(this.backing.bytes.subarray(0, end));
    const paged = this.source;
    return { length: end, complete: false, range: (start, stop) => paged.range(start, Math.min(stop, end)) };
  }

  /**
   * Calls `visit` for consecutive pieces covering [from, to) in order, each
   * at most `chunk` bytes, passed with up to `before` bytes ahead of it and
   * `after` bytes past it (never outside [from, to)): `piece` holds the
   * bytes [pieceStart, pieceStart + piece.length), of which the piece's own
   * part is [ownStart, ownEnd). `piece` is valid only during the call.
   */
  pieces(
    from: number,
    to: number,
    visit: (piece: Uint8Array, pieceStart: number, ownStart: number, ownEnd: number) => void,
    context: { before?: number; after?: number } = {},
  ): void {
    const before = context.before ?? 0;
    const after = context.after ?? 0;
    const end = Math.min(to, this.length);
    const b = this.backing;
    for (let own = Math.max(0, from); own < end; own += this.chunk) {
      const ownEnd = Math.min(end, own + this.chunk);
      const lo = Math.max(from, own - before);
      const hi = Math.min(end, ownEnd + after);
      if (b.kind === 'memory') {
        visit(b.bytes.subarray(lo, hi), lo, own, ownEnd);
        continue;
      }
      // One buffer serves every piece of a pass; a pass started inside another gets its own.
      const reuse = !this.scratchBusy;
      const size = this.chunk + before + after;
      const buffer = reuse ? (this.scratch && this.scratch.length >= size ? this.scratch : (this.scratch = new Uint8Array(size))) : new Uint8Array(size);
      const piece = buffer.subarray(0, hi - lo);
      readFully(b.file, piece, lo, hi, lo);
      if (reuse) this.scratchBusy = true;
      try {
        visit(piece, lo, own, ownEnd);
      } finally {
        if (reuse) this.scratchBusy = false;
      }
    }
  }

  /**
   * Each occurrence of `needle` starting in [from, to) and lying within it,
   * in file order and not overlapping (as a search from the start finds
   * them). `visit` sees the piece around it with `before` bytes ahead of the
   * needle's piece and `after` bytes past the needle, within [from, to).
   */
  findAll(
    needle: Uint8Array,
    from: number,
    to: number,
    visit: (at: number, piece: Uint8Array, pieceStart: number) => void,
    context: { before?: number; after?: number } = {},
  ): void {
    let next = from;
    // A needle starting in a piece may end in the next: each piece carries its first needle.length - 1 bytes past its own part.
    const after = needle.length - 1 + (context.after ?? 0);
    this.pieces(
      from,
      to,
      (piece, lo, own, ownEnd) => {
        const limit = Math.min(piece.length, ownEnd - lo + needle.length - 1);
        for (let i = indexOf(piece, needle, Math.max(own, next) - lo, limit); i !== -1; i = indexOf(piece, needle, next - lo, limit)) {
          visit(lo + i, piece, lo);
          next = lo + i + needle.length;
        }
      },
      { before: context.before, after },
    );
  }

  /** The digest of the byte ranges [start, end) joined, read chunk by chunk when not in memory. */
  digest(hash: HashName, ranges: [number, number][]): Promise<Uint8Array> {
    const b = this.backing;
    if (b.kind === 'memory') {
      const whole = b.bytes;
      return digest(
        hash,
        ranges.map(([start, end]) => whole.subarray(start, end)),
      );
    }
    const h = incrementalHash(hash);
    for (const [a, b] of ranges) this.pieces(a, b, (piece) => h.update(piece));
    return Promise.resolve(h.digest());
  }

  /** The byte ranges as signed content. */
  content(ranges: [number, number][]): SignedContent {
    return {
      digest: (hash) => this.digest(hash, ranges),
      join: () => partsContent(ranges.map(([a, b]) => this.bytes(a, b))).join(),
    };
  }
}
