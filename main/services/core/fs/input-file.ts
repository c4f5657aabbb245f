/**
 * What a signing reads: a PDF laid out as runs of bytes in files. A file to
 * sign is one run; a workspace version is its first stored file followed by
 * the appended updates each later signature stored (blobs.ts), so signing a
 * version reads those files in place instead of first joining them in
 * memory (a fresh 100 MB buffer costs several times a SHA-256 pass over the
 * same bytes: page faults, then a full garbage collection).
 */
import { closeSync, fstatSync, openSync, read, readFileSync, readSync } from 'node:fs';
import { badInput, type AffixError } from '../../../../shared/errors/affix-error';
import { fileError, fsProblem } from './fs-errors';

/** `length` bytes of the file at `path`, from byte `start`. */
export interface ByteRun {
  path: string;
  start: number;
  length: number;
}

export interface InputFile {
  readonly length: number;
  /** How messages name the input: a path, or "Document NAME". */
  readonly what: string;
  /** Like fs.read: up to `length` bytes at `position` into `buffer` at `offset`; 0 only at the end. */
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  readSync(buffer: Uint8Array, offset: number, length: number, position: number): number;
  close(): void;
}

interface OpenRun {
  fd: number;
  /** Where the run starts in the file, and in the input. */
  fileStart: number;
  inputStart: number;
  length: number;
}

class RunsFile implements InputFile {
  readonly length: number;

  constructor(
    private readonly runs: OpenRun[],
    readonly what: string,
  ) {
    this.length = runs.reduce((n, r) => n + r.length, 0);
  }

  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<number> {
    const at = this.locate(position, length);
    if (!at) return Promise.resolve(0);
    return new Promise((done, fail) =>
      read(at.run.fd, buffer, offset, at.length, at.position, (error, n) => (error ? fail(cannotRead(this.what, error)) : done(n))),
    );
  }

  readSync(buffer: Uint8Array, offset: number, length: number, position: number): number {
    const at = this.locate(position, length);
    if (!at) return 0;
    try {
      return readSync(at.run.fd, buffer, offset, at.length, at.position);
    } catch (error) {
      throw cannotRead(this.what, error);
    }
  }

  close(): void {
    for (const run of this.runs) closeSync(run.fd);
  }

  /** The run holding input byte `position`, and how much of `length` it holds; null at or past the end. */
  private locate(position: number, length: number): { run: OpenRun; position: number; length: number } | null {
    // A version has a handful of runs (one per signature): a scan is enough.
    const run = this.runs.find((r) => position >= r.inputStart && position < r.inputStart + r.length);
    if (!run || length <= 0) return null;
    const within = position - run.inputStart;
    return { run, position: run.fileStart + within, length: Math.min(length, run.length - within) };
  }
}

/** Opens a regular file to sign, whole; a missing or unreadable path is bad input naming it. */
export function openInputFile(path: string): InputFile {
  const fd = openRegular(path, path);
  return new RunsFile([{ fd, fileStart: 0, inputStart: 0, length: fstatSync(fd).size }], path);
}

/**
 * Opens the runs as one input named `what`. Each file must still hold its
 * run: a stored file cut short is refused here rather than read as a
 * shorter PDF.
 */
export function openRuns(runs: readonly ByteRun[], what: string): InputFile {
  const open: OpenRun[] = [];
  try {
    let inputStart = 0;
    for (const run of runs) {
      const fd = openRegular(run.path, what);
      open.push({ fd, fileStart: run.start, inputStart, length: run.length });
      if (fstatSync(fd).size < run.start + run.length)
        throw badInput(`Cannot read ${what}: ${run.path} is shorter than the ${run.start + run.length} bytes it was stored with.`);
      inputStart += run.length;
    }
    return new RunsFile(open, what);
  } catch (error) {
    for (const r of open) closeSync(r.fd);
    throw error;
  }
}

function openRegular(path: string, what: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw cannotRead(what === path ? path : `${what} (${path})`, error);
  }
  if (fstatSync(fd).isFile()) return fd;
  closeSync(fd);
  throw badInput(`Cannot read ${path}: it is not a regular file.`);
}

/** Reads a whole file to sign or place on (only when a text must be found in it, or its pages measured). */
export function readWholeFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw cannotRead(path, error);
  }
}

/** An input that cannot be read is bad input naming it and the system's reason. */
export const cannotRead = (what: string, error: unknown): AffixError => fileError(`Cannot read ${what}: ${fsProblem(error)}.`, what, error);
