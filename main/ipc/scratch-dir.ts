/**
 * Some services read and write files by path (the CLI's shape). For the
 * window, which hands over bytes and takes bytes back, a call gets a scratch
 * folder inside the private workspace folder, removed when the call ends
 * whatever happens: personal data from a CSV never lands in /tmp, and no
 * file outlives the call.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface Scratch {
  /** Writes `bytes` under a safe form of `name` and returns its path. */
  put(name: string, bytes: Uint8Array): string;
  /** A path in the folder for a service to write to. */
  path(name: string): string;
}

const safeName = (name: string): string =>
  basename(name)
    .replace(/[^\p{L}\p{N}._-]/gu, '_')
    .replace(/^\.+/, '_')
    .slice(0, 100) || 'file';

export async function withScratch<T>(home: string, run: (scratch: Scratch) => Promise<T> | T): Promise<T> {
  const dir = mkdtempSync(join(home, '.window-'));
  let n = 0;
  const path = (name: string): string => join(dir, `${++n}-${safeName(name)}`);
  try {
    return await run({
      path,
      put: (name, bytes) => {
        const p = path(name);
        writeFileSync(p, bytes, { mode: 0o600 });
        return p;
      },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
