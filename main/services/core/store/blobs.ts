/**
 * Content-addressed blob store: every document version is kept once, under its
 * SHA-256, in `blobs/ab/cdef…`. Writes go to a temp file and are renamed into
 * place, so a crash never leaves a half-written blob under a valid name.
 *
 * A signed version is its predecessor plus the bytes of one incremental
 * update, so it is stored that way (`blobs/ab/cdef….append`: the base's
 * digest and length, then the appended bytes). Ten signatures on a 100 MB
 * contract then cost 100 MB and ten small files, not a gigabyte, and
 * recording a signature writes kilobytes instead of copying the document.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeChunksAtomic, writeFileAtomic } from '../fs/atomic-write';
import type { ByteRun } from '../fs/input-file';

const APPEND_SUFFIX = '.append';
const APPEND_HEADER = /^affix-append\/1 ([0-9a-f]{64}) (\d+)\n/;

export class BlobStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true, mode: 0o700 });
  }

  private pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  put(bytes: Uint8Array): string {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (!this.has(sha256)) {
      mkdirSync(join(this.root, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
      writeFileAtomic(this.pathOf(sha256), bytes);
    }
    return sha256;
  }

  /**
   * Stores `base ‖ appended` as a reference to the stored `base` plus the
   * appended bytes. `sha256` is the digest of the whole, which the caller
   * (the signing engine) computed while reading the base; hashing the base
   * again here would double the cost of recording a signature.
   */
  putAppended(base: string, baseLength: number, appended: Uint8Array, sha256: string): string {
    if (this.has(sha256)) return sha256;
    const stored = this.lengthOf(base);
    if (stored !== baseLength) throw new Error(`blob ${base} has ${stored ?? 'no'} bytes, not the ${baseLength} the appended version builds on`);
    mkdirSync(join(this.root, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
    const header = Buffer.from(`affix-append/1 ${base} ${baseLength}\n`, 'latin1');
    writeChunksAtomic(this.pathOf(sha256) + APPEND_SUFFIX, [header, appended]);
    return sha256;
  }

  has(sha256: string): boolean {
    const path = this.pathOf(sha256);
    return existsSync(path) || existsSync(path + APPEND_SUFFIX);
  }

  get(sha256: string): Buffer {
    const runs = this.runsOf(sha256);
    if (runs.length === 1) return readFileSync(runs[0].path);
    return Buffer.concat(runs.map((r) => readFileSync(r.path).subarray(r.start, r.start + r.length)));
  }

  /**
   * Where the bytes of `sha256` lie, in order: the first stored file, then
   * each appended update (after its header). Reading these runs gives what
   * get() returns, without joining them in memory.
   */
  runsOf(sha256: string): ByteRun[] {
    const path = this.pathOf(sha256);
    if (existsSync(path) || !existsSync(path + APPEND_SUFFIX)) return [{ path, start: 0, length: statSync(path).size }];
    const { base, baseLength, appended, headerLength } = this.readAppended(sha256);
    const before = this.runsOf(base);
    const length = before.reduce((n, r) => n + r.length, 0);
    if (length !== baseLength) throw new Error(`blob ${sha256} builds on ${baseLength} bytes of ${base}, which has ${length}`);
    return [...before, { path: path + APPEND_SUFFIX, start: headerLength, length: appended.length }];
  }

  /** The size of a stored blob without reading it, or null when it is not stored. */
  lengthOf(sha256: string): number | null {
    const path = this.pathOf(sha256);
    if (existsSync(path)) return statSync(path).size;
    if (!existsSync(path + APPEND_SUFFIX)) return null;
    const { baseLength, appended } = this.readAppended(sha256);
    return baseLength + appended.length;
  }

  stats(): { count: number; bytes: number } {
    let count = 0;
    let bytes = 0;
    for (const dir of readdirSync(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const f of readdirSync(join(this.root, dir))) {
        if (f.endsWith('.tmp')) continue;
        count += 1;
        bytes += statSync(join(this.root, dir, f)).size;
      }
    }
    return { count, bytes };
  }

  private readAppended(sha256: string): { base: string; baseLength: number; appended: Buffer; headerLength: number } {
    const raw = readFileSync(this.pathOf(sha256) + APPEND_SUFFIX);
    const header = APPEND_HEADER.exec(raw.subarray(0, 100).toString('latin1'));
    if (!header) throw new Error(`blob ${sha256}: unreadable append record`);
    return { base: header[1], baseLength: Number(header[2]), appended: raw.subarray(header[0].length), headerLength: header[0].length };
  }
}
