/**
 * Which workspace folder the desktop app opens. At start-up the first of
 * --home=DIR, AFFIX_HOME, the folder kept for the next start, and the default
 * wins. The kept folder lives in a small JSON file in the app's own config
 * folder (Electron's userData, handed in by main/electron), never inside a
 * workspace, so that switching workspaces does not depend on the one left.
 * The CLI does not read it: there, --home and AFFIX_HOME name the folder.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { WorkspaceLocation } from '../../../../shared/contract/workspace';
import { badInput } from '../../../../shared/errors/affix-error';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { DATABASE_FILE } from '../../core/workspace/workspace';

export const LOCATION_FILE = 'workspace-location.json';
const FORMAT = 'affix-workspace-location/1';

export type HomeSource = NonNullable<WorkspaceLocation['chosenBy']>;

/** How the app found its workspace, handed to the services so the page can say so. */
export interface AppStart {
  home: string;
  chosenBy: HomeSource;
  /** The app's config folder, where the next-start choice is kept. */
  configDir: string;
  defaultHome: string;
}

/** Why a folder cannot be a workspace, or null when it can. */
export function unusableReason(path: string): string | null {
  if (!existsSync(path)) {
    const parent = nearestExisting(dirname(path));
    if (!parent) return `none of the folders above ${path} exists`;
    if (!statSync(parent).isDirectory()) return `${parent} is a file, not a folder`;
    return writable(parent) ? null : `${parent} is not writable, so ${path} cannot be created in it`;
  }
  if (!statSync(path).isDirectory()) return `${path} is a file, not a folder`;
  if (!writable(path)) return `${path} is not writable`;
  if (existsSync(join(path, DATABASE_FILE))) return null;
  const entries = readdirSync(path).filter((name) => !name.startsWith('.'));
  return entries.length === 0
    ? null
    : `${path} is neither an Affix workspace (no ${DATABASE_FILE}) nor empty (it holds ${entries.slice(0, 3).join(', ')}${entries.length > 3 ? '…' : ''})`;
}

function nearestExisting(path: string): string | null {
  for (let p = path; ; p = dirname(p)) {
    if (existsSync(p)) return p;
    if (dirname(p) === p) return null;
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The kept folder, or null when none is kept or the file is unreadable (the default is used then). */
export function readNextStart(configDir: string): string | null {
  try {
    const file = JSON.parse(readFileSync(join(configDir, LOCATION_FILE), 'utf8')) as { format?: unknown; home?: unknown };
    return file.format === FORMAT && typeof file.home === 'string' && isAbsolute(file.home) ? file.home : null;
  } catch {
    return null;
  }
}

/**
 * The folder the app opens now. A kept folder that has become unusable (its
 * disk unmounted, a file put in its place) is skipped for the default rather
 * than opened half-broken.
 */
export function chooseAppHome(input: { argument?: string; environment?: string; configDir: string; defaultHome: string }): AppStart {
  const base = { configDir: input.configDir, defaultHome: resolve(input.defaultHome) };
  if (input.argument) return { ...base, home: resolve(input.argument), chosenBy: 'argument' };
  if (input.environment) return { ...base, home: resolve(input.environment), chosenBy: 'environment' };
  const kept = readNextStart(input.configDir);
  if (kept && unusableReason(kept) === null) return { ...base, home: kept, chosenBy: 'preference' };
  return { ...base, home: base.defaultHome, chosenBy: 'default' };
}

export class WorkspaceLocationService {
  /** `start` is absent outside the desktop app (CLI, tests): there is nothing to keep for a next start. */
  constructor(
    private readonly home: string,
    private readonly start?: AppStart,
  ) {}

  get(): WorkspaceLocation {
    return {
      current: this.home,
      chosenBy: this.start?.chosenBy ?? null,
      canChoose: this.start !== undefined,
      nextStart: this.start ? readNextStart(this.start.configDir) : null,
      defaultHome: this.start?.defaultHome ?? null,
    };
  }

  /** Keeps `path` for the next start (null: back to the default); it must be usable now. */
  set(path: string | null): WorkspaceLocation {
    if (!this.start) {
      throw badInput('Only the desktop app keeps a workspace folder for its next start; here, name the folder with --home or AFFIX_HOME.');
    }
    let home: string | null = null;
    if (path !== null) {
      if (!isAbsolute(path)) throw badInput(`The workspace folder must be an absolute path (got "${path}").`);
      home = resolve(path);
      const problem = unusableReason(home);
      if (problem) throw badInput(`Cannot use ${home} as the workspace: ${problem}.`);
    }
    mkdirSync(this.start.configDir, { recursive: true });
    writeFileAtomic(join(this.start.configDir, LOCATION_FILE), `${JSON.stringify({ format: FORMAT, home }, null, 2)}\n`);
    return this.get();
  }
}
