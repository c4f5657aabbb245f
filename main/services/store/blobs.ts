/**
 * Content-addressed blob store: every document version is kept once, under its
 * SHA-256, in `blobs/ab/cdef…`. Writes go to a temp file and are renamed into
 * place, so a crash never leaves a half-written blob under a valid name.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';

export class BlobStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  pathOf(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2));
  }

  put(bytes: Uint8Array): string {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.pathOf(sha256);
    if (!existsSync(path)) {
      mkdirSync(join(this.root, sha256.slice(0, 2)), { recursive: true });
      writeFileAtomic(path, bytes);
    }
    return sha256;
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  get(sha256: string): Buffer {
    return readFileSync(this.pathOf(sha256));
  }

  stats(): { count: number; bytes: number } {
    let count = 0;
    let bytes = 0;
    for (const dir of readdirSync(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(dir)) continue;
      for (const f of readdirSync(join(this.root, dir))) {
        count += 1;
        bytes += statSync(join(this.root, dir, f)).size;
      }
    }
    return { count, bytes };
  }
}
