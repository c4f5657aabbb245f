/**
 * Where a workspace lives: `--home`, else `AFFIX_HOME`, else the platform's
 * app-data folder (the same place Electron's `app.getPath('userData')` uses).
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function defaultHome(platform: NodeJS.Platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Affix');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Affix');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Affix');
}

export function resolveHome(explicit?: string, env = process.env): string {
  return resolve(explicit ?? (env.AFFIX_HOME || defaultHome(process.platform, env)));
}
