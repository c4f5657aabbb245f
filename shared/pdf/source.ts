/**
 * Where the reader gets a PDF's bytes: all of them in memory, or a source
 * that reads the ranges asked for (a file read piecewise, so that signing a
 * 100 MB file does not first copy 100 MB into memory).
 */
import type { PdfObject, PdfStream } from './objects';

export interface ByteSource {
  /** The file's length in bytes. */
  readonly length: number;
  /** True when every byte is in memory already (no window needs to grow). */
  readonly complete: boolean;
  /**
   * A file-length view whose bytes [start, end) are the file's. Bytes outside
   * the ranges ever asked for are unread, so nothing may look at them.
   */
  range(start: number, end: number): Uint8Array;
}

/**
 * A file read piece by piece (the port a verifier or signer opens a PDF
 * through): in Node an open file descriptor (fs.readSync), elsewhere bytes
 * already in memory (memoryFile). Nothing read is kept by the file itself.
 */
export interface RandomAccessFile {
  /** The file's length in bytes. */
  readonly length: number;
  /** How messages name the file ("The file" when absent). */
  readonly what?: string;
  /** Like fs.readSync: up to `length` bytes at `position` into `buffer` at `offset`; 0 only at the end. */
  readSync(buffer: Uint8Array, offset: number, length: number, position: number): number;
}

/** Bytes in memory as a RandomAccessFile (the browser's and the tests' adapter). */
export function memoryFile(bytes: Uint8Array): RandomAccessFile {
  return {
    length: bytes.length,
    readSync(buffer, offset, length, position) {
      const part = bytes.subarray(position, Math.min(bytes.length, position + length));
      buffer.set(part, offset);
      return part.length;
    },
  };
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return { length: bytes.length, complete: true, range: () => bytes };
}

export function asByteSource(input: Uint8Array | ByteSource): ByteSource {
  return input instanceof Uint8Array ? memorySource(input) : input;
}

/** How far short of a window's end a parse must have stopped looking (covers the lexer's one-byte peeks). */
const SLACK = 16;

export interface WindowedParse<T> {
  value: T;
  /** The furthest byte the parse looked at, or must look at to be exact (e.g. a stream's declared end). */
  reach: number;
}

/**
 * Parses something at `offset` whose extent is unknown. On a partial source
 * it reads a window, and accepts the result only if the parse never came
 * near the window's end — then it saw exactly the bytes a whole-file parse
 * sees, so the result is the same. Otherwise (or if it failed) the window
 * grows, up to the end of the file, where failures are the file's own.
 */
export function parseWindowed<T>(source: ByteSource, offset: number, firstWindow: number, parse: (bytes: Uint8Array, end: number) => WindowedParse<T>): T {
  for (let window = firstWindow; ; window *= 8) {
    const end = source.complete ? source.length : Math.min(source.length, offset + window);
    const whole = end >= source.length;
    let result: WindowedParse<T>;
    try {
      result = parse(source.range(offset, end), end);
    } catch (error) {
      if (whole) throw error;
      continue;
    }
    if (whole || result.reach + SLACK <= end) return result.value;
  }
}

/**
 * Where a parsed stream's declared /Length says its data ends (plus room for
 * "endstream"): a window that stops short of it may have found a different
 * end than the whole file would give.
 */
export function streamReach(stream: PdfStream, bytes: Uint8Array, declared: PdfObject | undefined): number {
  if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 0) return 0;
  return stream.data.byteOffset - bytes.byteOffset + declared + 'endstream'.length + 1;
}
