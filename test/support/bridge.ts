/**
 * The browser test bridge: the built renderer in Debian's Chromium, with
 * `window.affix` wired to the real router and services in this test process.
 *
 * - Pages are served from dist/renderer through `context.route` (no server);
 *   every other request is aborted, so a test can never reach the network.
 * - `window.affix` is built by the same `buildAffixApi` the preload uses
 *   (bundled once with esbuild into an init script), over a Playwright binding
 *   that calls `router.invoke` with the calling frame's URL as the sender, so
 *   the trusted-origin check runs exactly as it does for Electron IPC.
 * - The page enforces the same CSP as the app (the meta tag in index.html).
 */
import type { Clock } from '../../main/services/core/clock';
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import type { Language } from '../../shared/contract/workspace';
import { staticFile } from '../../main/browser-shell/static-files';
import { createAppRouter } from '../../main/ipc/app-router';
import type { FileDialogs } from '../../main/services/files/file-dialogs';
import type { Router } from '../../main/ipc/router';
import { openServices, type Services } from '../../main/services/composition/container';
import type { SecretProtector } from '../../main/services/core/secrets/protector';
import type { AppStart } from '../../main/services/domain/settings/workspace-location';
import { tempHome } from './cli';
import { repoRoot } from './repo';

export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Fixed flags: no sandbox (containers), no GPU, and nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where the bridge serves the app; the router trusts exactly this origin. */
export const APP_ORIGIN = 'http://affix.test';
export const RENDERER_DIR = join(repoRoot, 'dist', 'renderer');
export const BINDING = '__affixInvoke';

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install chromium).`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export function assertRendererBuilt(): void {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error('dist/renderer is missing: run `node build/scripts/build.mjs --renderer` first (npm run test:ui does).');
  }
}

let initScript: Promise<string> | undefined;

/** The preload's API builder, bundled for the page, calling the binding instead of IPC. */
export function affixInitScript(): Promise<string> {
  initScript ??= build({
    stdin: {
      contents: `
        import { buildAffixApi } from './shared/contract/build-api';
        const api = buildAffixApi((method, input) => globalThis.${BINDING}(method, input));
        // Like contextBridge.exposeInMainWorld: a fixed, read-only property.
        Object.defineProperty(globalThis, 'affix', { value: api, enumerable: true, writable: false, configurable: false });
      `,
      resolveDir: repoRoot,
      loader: 'ts',
      sourcefile: 'affix-bridge-init.ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0].text);
  return initScript;
}

/** Serves dist/renderer at `origin` and aborts every other request. */
export async function serveRenderer(context: BrowserContext, origin: string = APP_ORIGIN): Promise<void> {
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (`${url.protocol}//${url.host}` !== origin) return route.abort('blockedbyclient');
    const file = staticFile(RENDERER_DIR, url.pathname);
    if (file.status !== 200) return route.fulfill({ status: file.status, contentType: 'text/plain', body: `Not found: ${url.pathname}` });
    return route.fulfill({ status: 200, contentType: file.contentType, headers: { 'X-Content-Type-Options': 'nosniff' }, body: file.body });
  });
}

/** Installs `window.affix` in every frame of the context, backed by `router`. */
export async function installAffix(context: BrowserContext, router: Router): Promise<void> {
  await context.exposeBinding(BINDING, (source, method: unknown, input: unknown) =>
    router.invoke(String(method), input, { kind: 'frame', url: source.frame.url() }),
  );
  await context.addInitScript({ content: await affixInitScript() });
}

/** The longest any one UI step may take before a test fails (Playwright's default is 30 s). */
export const UI_STEP_TIMEOUT_MS = 90_000;

export interface OpenAppOptions {
  /** Workspace folder; a fresh temporary one by default. */
  home?: string;
  /** Stored in the workspace before the page loads (as if chosen earlier). */
  language?: Language;
  /** Secret protector for the services (e.g. one that reports a weak backend). */
  protector?: SecretProtector;
  /** Reuse a browser (faster for several apps in one file); otherwise one is launched and closed. */
  browser?: Browser;
  /** Serve the app from another origin; the router still trusts only APP_ORIGIN. */
  origin?: string;
  /** Hash route to open, e.g. 'documents'. */
  route?: string;
  viewport?: { width: number; height: number };
  /** As if the desktop app had chosen the workspace folder this way (enables the next-start choice in Settings). */
  appStart?: AppStart;
  /** What the native file dialogs answer (files.open / files.save); without it they are absent, as in the CLI. */
  dialogs?: FileDialogs;
  /** The services' clock for validity windows (e.g. a SettableClock's `read`); the system clock by default. */
  clock?: Clock;
  /**
   * The system's motion preference. 'reduce' by default: the window then opens dialogs without
   * their zoom-in, so no click can land on a dialog still moving on a loaded machine (and
   * screenshots never catch one half-open). 'no-preference' tests the animated window.
   */
  reducedMotion?: 'reduce' | 'no-preference';
}

/**
 * Stand-in file dialogs: each call takes the next queued answer, as if the
 * user had picked that file; an empty queue is a cancelled dialog.
 */
export function scriptedDialogs(): FileDialogs & { nextOpen(paths: string[]): void; nextSave(path: string): void; asked: string[] } {
  const opens: string[][] = [];
  const saves: string[] = [];
  const asked: string[] = [];
  return {
    asked,
    nextOpen: (paths) => void opens.push(paths),
    nextSave: (path) => void saves.push(path),
    open: ({ purpose }) => {
      asked.push(`open:${purpose}`);
      return Promise.resolve(opens.shift() ?? []);
    },
    save: ({ purpose, suggestedName }) => {
      asked.push(`save:${purpose}:${suggestedName}`);
      return Promise.resolve(saves.shift() ?? null);
    },
  };
}

export interface OpenApp {
  page: Page;
  context: BrowserContext;
  browser: Browser;
  services: Services;
  router: Router;
  home: string;
  url: string;
  /** Console errors, page errors and failed in-app requests seen so far (CSP violations land here). */
  problems(): string[];
  close(): Promise<void>;
}

export async function openApp(options: OpenAppOptions = {}): Promise<OpenApp> {
  assertRendererBuilt();
  const home = options.home ?? tempHome('affix-ui-');
  const services = openServices(home, { create: true, protector: options.protector, appStart: options.appStart, clock: options.clock });
  if (options.language) services.settings.setLanguage(options.language);
  const router = createAppRouter(services, [APP_ORIGIN], options.dialogs ?? null);
  const browser = options.browser ?? (await launchChromium());
  const origin = options.origin ?? APP_ORIGIN;
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 860 },
    serviceWorkers: 'block',
    locale: 'en-US',
    reducedMotion: options.reducedMotion ?? 'reduce',
  });
  const problems: string[] = [];
  try {
    await serveRenderer(context, origin);
    await installAffix(context, router);
    // CI runs two test files at once on two cores: a heavy step (signing a 30 MB file, exporting a
    // package, a verification worker's first start) can pass 30 s while the other file is heavy too.
    // Tests wait for states, so a longer ceiling costs nothing when the app is quick.
    context.setDefaultTimeout(UI_STEP_TIMEOUT_MS);
    const page = await context.newPage();
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // A reload or navigation the test asks for aborts the old document's requests still in
    // flight (a lazy page's chunk, say): those are not the app's failures. Each request
    // remembers the navigation it belongs to; only an abort within the current one counts.
    let navigation = 0;
    const startedIn = new WeakMap<Request, number>();
    page.on('request', (r) => {
      if (r.isNavigationRequest() && r.frame() === page.mainFrame()) navigation += 1;
      startedIn.set(r, navigation);
    });
    page.on('requestfailed', (r) => {
      const error = r.failure()?.errorText ?? '';
      if (error === 'net::ERR_ABORTED' && !r.isNavigationRequest() && (startedIn.get(r) ?? navigation) < navigation) return;
      problems.push(`requestfailed: ${r.url()} ${error}`);
    });
    const url = `${origin}/index.html${options.route ? `#/${options.route}` : ''}`;
    await page.goto(url);
    return {
      page,
      context,
      browser,
      services,
      router,
      home,
      url,
      problems: () => [...problems],
      close: async () => {
        await context.close();
        if (!options.browser) await browser.close();
        services.close();
      },
    };
  } catch (error) {
    await context.close();
    if (!options.browser) await browser.close();
    services.close();
    throw error;
  }
}
