/**
 * `npm start` as a newcomer runs it where Electron's binary cannot be had
 * (issue 22): the built `affix ui` behind build/scripts/start.mjs serves the
 * app on 127.0.0.1, a Chromium opens its one-time link, and the app shows its
 * Status page in the language asked for, with no console error. This is the
 * whole path, not the bridge: the server's own files, content types, CSP and
 * session cookie. Ctrl-C stops it cleanly. Takes docs/screenshots/npm-start-*.png.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { tempHome } from '../support/cli';
import { assertRendererBuilt, launchChromium } from '../support/bridge';
import { repoRoot } from '../support/repo';

const SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');
const CLI = join(repoRoot, 'dist', 'cli', 'affix.cjs');

let browser: Browser;
before(async () => {
  assertRendererBuilt();
  if (!existsSync(CLI)) throw new Error('dist/cli/affix.cjs is missing: run `npm run build` first (npm test does).');
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(() => browser?.close());

/** Starts `npm start`'s script (after the build) serving without a window, and resolves with its launch link. */
function start(home: string, lang: string): { child: ChildProcess; link: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [join(repoRoot, 'build', 'scripts', 'start.mjs'), '--no-open', '--home', home, '--lang', lang], {
    cwd: repoRoot,
    env: { ...process.env, AFFIX_HOME: '' },
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const link = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/__affix\/launch\/\S+)\s/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`npm start ended (${code}) before serving: ${out}${err}`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, link, exit };
}

describe('npm start without Electron serves the app to a Chromium', () => {
  for (const [lang, heading, nav] of [
    ['en', 'Workspace status', 'Documents & Signing'],
    ['zh-CN', '工作区状态', '文档与签署'],
  ] as const) {
    test(`${lang}: the launch link opens the Status page; Ctrl-C stops the server`, async () => {
      const { child, link, exit } = start(tempHome('affix-npm-start-'), lang);
      try {
        const url = await link;
        const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
        const problems: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') problems.push(m.text());
        });
        page.on('pageerror', (e) => problems.push(e.message));
        page.on('response', (r) => {
          if (r.status() >= 400) problems.push(`${r.status()} ${new URL(r.url()).pathname}`);
        });
        const response = await page.goto(url);
        assert.equal(response?.status(), 200);
        assert.equal(response?.headers()['content-type'], 'text/html; charset=utf-8');
        await page.getByTestId('status-view').waitFor();
        await page.getByRole('heading', { name: heading }).first().waitFor();
        await page.getByRole('navigation').getByText(nav, { exact: true }).waitFor();
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        await page.screenshot({ path: join(SCREENSHOTS, `npm-start-${lang}.png`) });
        assert.deepEqual(problems, [], 'console errors');
        await page.close();
      } finally {
        child.kill('SIGINT');
      }
      assert.equal(await exit, 0, 'Ctrl-C stops npm start cleanly');
    });
  }
});
