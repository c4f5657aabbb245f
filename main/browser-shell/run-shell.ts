/**
 * The app without Electron: the same renderer and the same router, served on
 * 127.0.0.1 to a Chromium-family browser found on the machine, in an app
 * window with a private, throw-away profile. Used by `npm start` when the
 * Electron binary cannot be had, and by `affix ui`.
 *
 * It ends when the browser window closes (the private profile's browser
 * process exits) or on Ctrl-C / SIGTERM (the browser is closed first), and
 * closes the workspace either way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Language } from '../../shared/contract/workspace';
import { createAppRouter } from '../ipc/app-router';
import type { Services } from '../services/composition/container';
import { findBrowser } from './find-browser';
import { startShellServer, type ShellServer } from './server';

export interface RunShellOptions {
  services: Services;
  /** The workspace folder (for the message). */
  home: string;
  /** The dist folder holding renderer/ and browser-shell/. */
  distDir: string;
  /** Stored as the workspace language before the window opens. */
  language?: Language;
  /** Only serve and print the launch link (for a browser of your choice, or headless screenshots). */
  open: boolean;
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the shell should stop (tests); Ctrl-C and SIGTERM always stop it. */
  stop?: Promise<void>;
  /** Told the server once it listens (tests). */
  onListening?(server: ShellServer): void;
}

/** Chromium flags: an app window, a private profile, nothing that phones home. */
export function browserArgs(launchUrl: string, profileDir: string, isRoot: boolean): string[] {
  return [
    `--app=${launchUrl}`,
    `--user-data-dir=${profileDir}`,
    '--window-size=1280,860',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-sync',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-default-apps',
    '--disable-extensions',
    // Chromium refuses to run as root with its sandbox (containers); the page's own CSP and origin checks still apply.
    ...(isRoot ? ['--no-sandbox'] : []),
  ];
}

/** Where the built app is, whether run from the CLI bundle (dist/cli) or from source (main/browser-shell). */
export function findDistDir(from: string): string {
  for (const d of [join(from, '..'), join(from, '..', '..', 'dist'), join(from, '..', '..', '..', 'dist')]) {
    if (existsSync(join(d, 'renderer', 'index.html'))) return d;
  }
  return join(from, '..');
}

export async function runBrowserShell(o: RunShellOptions): Promise<number> {
  const browser = o.open ? findBrowser(o.env) : undefined;
  if (o.open && !browser) {
    o.err('affix ui: no Chromium, Chrome or Edge found on this machine (set AFFIX_BROWSER to one, or use --no-open and open the printed link yourself).');
    return 2;
  }
  if (o.open && process.platform === 'linux' && !o.env.DISPLAY && !o.env.WAYLAND_DISPLAY) {
    o.err('affix ui: there is no display to open a window on (DISPLAY is unset): run it on a desktop, under xvfb-run, or with --no-open.');
    return 2;
  }
  if (o.language) o.services.settings.setLanguage(o.language);
  const server = await startShellServer({
    rendererDir: join(o.distDir, 'renderer'),
    bridgeFile: join(o.distDir, 'browser-shell', 'page-bridge.js'),
    router: (origin) => createAppRouter(o.services, [origin]),
  });
  o.onListening?.(server);
  let child: ChildProcess | undefined;
  let profile: string | undefined;
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const stopped = new Promise<string>((resolve) => {
    onSignal = (signal) => resolve(signal);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    void o.stop?.then(() => resolve('stop'));
    if (browser) {
      profile = mkdtempSync(join(tmpdir(), 'affix-browser-profile-'));
      child = spawn(browser, browserArgs(server.launchUrl, profile, process.getuid?.() === 0), { stdio: 'ignore' });
      child.once('exit', () => resolve('window closed'));
      child.once('error', (e) => {
        o.err(`affix ui: could not start ${browser}: ${e.message}`);
        resolve('error');
      });
      o.out(`Affix is open in ${browser} (workspace ${o.home}); close the window or press Ctrl-C to stop.`);
    } else {
      o.out(`Affix is served at ${server.launchUrl} (one use, this machine only; workspace ${o.home}). Press Ctrl-C to stop.`);
    }
  });
  const why = await stopped;
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await server.close();
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  return why === 'error' ? 2 : 0;
}
