/**
 * Atomic file replacement: write a sibling temp file, fsync it, rename it over
 * the target, fsync the directory. Readers see the old file or the new one,
 * never a partial one, and a failed write leaves no output behind.
 */
import { closeSync, constants, fdatasync, fsyncSync, openSync, renameSync, rmSync, write, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileModeFor, sweepStaleTempFiles, tempNameFor, trackTemp, untrackTemp } from './temp-files';

export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  writeChunksAtomic(path, [typeof data === 'string' ? Buffer.from(data, 'utf8') : data]);
}

/** Atomic write from several chunks (e.g. original PDF + appended revision) without concatenating them in memory. */
export function writeChunksAtomic(path: string, chunks: readonly Uint8Array[]): void {
  const file = AtomicFile.create(path);
  try {
    for (const chunk of chunks) file.write(chunk);
  } catch (error) {
    file.discard();
    throw error;
  }
  file.commit();
}

/**
 * A file written piecewise that appears at `path` only on commit(), complete
 * and durable; discard() (or a failed commit) leaves nothing behind. For
 * output produced while its input is still being read, e.g. a large PDF
 * copied in the same pass that hashes it.
 */
export interface AtomicFileOptions {
  /**
   * Each write reaches the device before it completes (O_DSYNC), instead of
   * all of them at commit(). Ignored where the platform has no O_DSYNC
   * (Windows). For a large file written while the caller computes, calling
   * datasync() every few MB measured faster still (each O_DSYNC write waits
   * for its own journal commit).
   */
  writeThrough?: boolean;
}

export class AtomicFile {
  private fd: number | undefined;

  private constructor(
    readonly path: string,
    private readonly tmp: string,
    options: AtomicFileOptions,
  ) {
    const dsync = options.writeThrough ? (constants.O_DSYNC ?? 0) : 0;
    this.fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | dsync, fileModeFor(path));
    trackTemp(tmp);
  }

  static create(path: string, options: AtomicFileOptions = {}): AtomicFile {
    // What a killed earlier write of the same target left behind goes first.
    sweepStaleTempFiles(dirname(path), basename(path));
    return new AtomicFile(path, join(dirname(path), tempNameFor(basename(path), randomBytes(6).toString('hex'))), options);
  }

  write(chunk: Uint8Array): void {
    const fd = this.openFd();
    for (let off = 0; off < chunk.length;) off += writeSync(fd, chunk, off, chunk.length - off);
  }

  /**
   * Writes `chunk` at `position` on the thread pool, so that the caller can
   * go on (e.g. hashing the next chunk) meanwhile; `chunk` must stay
   * unchanged until the promise settles. Await every such write before commit().
   */
  async writeAt(chunk: Uint8Array, position: number): Promise<void> {
    const fd = this.openFd();
    for (let off = 0; off < chunk.length;) {
      const n = await new Promise<number>((resolve, reject) => {
        write(fd, chunk, off, chunk.length - off, position + off, (error, written) => (error ? reject(error) : resolve(written)));
      });
      off += n;
    }
  }

  /**
   * fdatasync on the thread pool: what was written so far goes to the device
   * now, while the caller goes on writing, rather than all at commit(). Await
   * it before commit().
   */
  async datasync(): Promise<void> {
    const fd = this.openFd();
    await new Promise<void>((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
  }

  /** fsync, rename over `path`, fsync the directory. */
  commit(): void {
    const fd = this.openFd();
    try {
      fsyncSync(fd);
      closeSync(fd);
      this.fd = undefined;
      renameSync(this.tmp, this.path);
      untrackTemp(this.tmp);
    } catch (error) {
      this.discard();
      throw error;
    }
    syncDir(dirname(this.path));
  }

  discard(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    rmSync(this.tmp, { force: true });
    untrackTemp(this.tmp);
  }

  private openFd(): number {
    if (this.fd === undefined) throw new Error(`${this.path}: the atomic write is already finished`);
    return this.fd;
  }
}

/** Makes renames in `dir` durable (fsync of the directory). */
export function syncDir(dir: string): void {
  // Directory fsync makes the rename durable; Windows cannot open directories, so skip there.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
