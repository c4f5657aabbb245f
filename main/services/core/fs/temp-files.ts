/**
 * Temp files a crash must not leave behind. Every atomic write's temp file
 * is named for the process that writes it (`.NAME.PID-RANDOM.tmp`) and is
 * listed here while it is open:
 * - SIGINT/SIGTERM: the CLI removes the listed files before exiting
 *   (`removeLiveTempFiles`);
 * - SIGKILL or a power cut cannot be caught, so the next write of the same
 *   target, and the next opening of a workspace, sweep temp files whose
 *   writing process is gone (`sweepStaleTempFiles`). A temp file of a
 *   process still alive is never touched.
 *
 * Also: which folders are private (a workspace), so that files written there
 * are created 0600 instead of 0644.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';

const live = new Set<string>();

export const tempNameFor = (base: string, random: string): string => `.${base}.${process.pid}-${random}.tmp`;
const TEMP_NAME = /^\.(.+)\.(\d+)-[0-9a-f]+\.tmp$/;

export function trackTemp(path: string): void {
  live.add(path);
}

export function untrackTemp(path: string): void {
  live.delete(path);
}

/** Synchronous, for signal handlers: removes every temp file this process has open. */
export function removeLiveTempFiles(): void {
  for (const path of live) rmSync(path, { force: true });
  live.clear();
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp files in `dir` (only those for target `base`, when given) whose writer no longer runs; returns how many. */
export function sweepStaleTempFiles(dir: string, base?: string): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || (base !== undefined && m[1] !== base) || alive(Number(m[2]))) continue;
    try {
      rmSync(join(dir, name), { force: true });
      removed++;
    } catch {
      // A read-only folder: nothing to do, and reading must still work.
    }
  }
  return removed;
}

const privateRoots = new Set<string>();

/** Files written under `root` from now on are created 0600 (a workspace: keys, blobs, exports kept there). */
export function markPrivate(root: string): void {
  privateRoots.add(resolve(root));
}

export function isPrivatePath(path: string): boolean {
  const p = resolve(path);
  for (const root of privateRoots) if (p === root || p.startsWith(root + sep)) return true;
  return false;
}

/** 0600 inside a workspace; otherwise 0644 (less the umask), as any tool writes a user's file. */
export const fileModeFor = (path: string): number => (isPrivatePath(path) ? 0o600 : 0o644);
