/**
 * Finds a Chromium-family browser on this machine for the browser shell:
 * `AFFIX_BROWSER` if set, else the usual install places of Chromium, Chrome
 * and Edge on Linux, macOS and Windows. Chromium-family only: the shell needs
 * `--app` (a window without browser chrome) and `--user-data-dir` (a private
 * profile, whose process ends when its window closes).
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const LINUX_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable', 'brave-browser'];
const MAC_PATHS = [
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
];

function windowsPaths(env: NodeJS.ProcessEnv): string[] {
  const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
  return roots.flatMap((r) => [
    join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'),
    join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    join(r, 'Chromium', 'Application', 'chrome.exe'),
  ]);
}

/** The candidates in the order they are tried. */
export function browserCandidates(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string[] {
  const fromEnv = env.AFFIX_BROWSER ? [env.AFFIX_BROWSER] : [];
  if (platform === 'darwin') return [...fromEnv, ...MAC_PATHS];
  if (platform === 'win32') return [...fromEnv, ...windowsPaths(env)];
  const dirs = (env.PATH ?? '/usr/local/bin:/usr/bin:/bin').split(delimiter).filter(Boolean);
  return [...fromEnv, ...LINUX_NAMES.flatMap((n) => dirs.map((d) => join(d, n))), '/snap/bin/chromium'];
}

/** The first candidate that exists, or undefined. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  return browserCandidates(env, platform).find((p) => existsSync(p));
}
