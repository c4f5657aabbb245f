/**
 * A workspace holds keys, identity records and signed documents: its folders
 * are 0700 and its files 0600, whatever the umask. Opening one also sweeps
 * temp files that a killed write left in it (see fs/temp-files.ts).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { markPrivate, sweepStaleTempFiles } from '../fs/temp-files';

const tryChmod = (path: string, mode: number): void => {
  if (process.platform === 'win32') return;
  try {
    chmodSync(path, mode);
  } catch {
    // A read-only medium: reading the workspace must still work.
  }
};

/** Before the database opens: the folder 0700, the database file 0600 (SQLite gives its -wal/-shm files the same mode). */
export function preparePrivateFolder(home: string, databasePath: string): void {
  const created = !existsSync(home);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  if (created) tryChmod(home, 0o700);
  markPrivate(home);
  if (!existsSync(databasePath)) closeSync(openSync(databasePath, 'a', 0o600));
  if (created || (statSync(databasePath).mode & 0o077) !== 0) tryChmod(databasePath, 0o600);
  sweepWorkspaceTemps(home);
}

function sweepWorkspaceTemps(home: string): void {
  sweepStaleTempFiles(home);
  for (const name of safeList(home)) {
    const dir = join(home, name);
    if (!isDir(dir)) continue;
    sweepStaleTempFiles(dir);
    if (name === 'blobs') for (const sub of safeList(dir)) sweepStaleTempFiles(join(dir, sub));
  }
}

const safeList = (dir: string): string[] => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

const isDir = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};
