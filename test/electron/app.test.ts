/**
 * The real desktop shell, driven by Playwright's Electron support. It needs
 * the Electron binary, which `npm install electron` only fetches on first use
 * and which these CI machines cannot download; where the binary's files are
 * absent the suite is skipped with a message saying so. Everything the shell
 * wraps (router, services, renderer) is covered by the browser-bridge suites.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/repo';

/** The binary `electron` would run, or why there is none (never triggers the download). */
function electronBinary(): { path: string } | { missing: string } {
  const pkg = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return { missing: `${pathFile} is absent (the Electron binary was never downloaded)` };
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? { path: binary } : { missing: `${binary} is absent` };
}

const binary = electronBinary();
const mainEntry = join(repoRoot, 'dist', 'main', 'electron.cjs');
const skip =
  'missing' in binary
    ? `Electron binary not available here: ${binary.missing}. The shell is tested through the browser bridge instead.`
    : !existsSync(mainEntry)
      ? `${mainEntry} is not built; run "npm run build" first.`
      : false;

test('the Electron shell: sandboxed window on app://, window.affix only, foreign navigation refused', { skip }, async () => {
  const { _electron } = await import('playwright-core');
  const home = join(mkdtempSync(join(tmpdir(), 'affix-electron-')), 'home');
  const app = await _electron.launch({
    executablePath: (binary as { path: string }).path,
    args: [mainEntry, `--home=${home}`],
    env: { ...process.env, ELECTRON_DISABLE_SECURITY_WARNINGS: '1' },
  });
  try {
    const page = await app.firstWindow();
    await page.getByTestId('status-view').waitFor({ timeout: 30_000 });
    const url = new URL(page.url());
    assert.equal(`${url.protocol}//${url.host}`, 'app://affix');

    const surface = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      services: Object.keys((window as unknown as { affix: object }).affix).sort(),
    }));
    assert.equal(surface.require, 'undefined');
    assert.equal(surface.process, 'undefined');
    assert.ok(surface.services.includes('workspace'));

    const status = await page.evaluate(() =>
      (window as unknown as { affix: { workspace: { status(i: object): Promise<{ ok: boolean; value?: { home: string } }> } } }).affix.workspace.status({}),
    );
    assert.equal(status.ok, true);
    assert.equal(status.value?.home, home);

    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.invalid/';
    });
    await page.waitForTimeout(500);
    assert.equal(page.url(), before, 'navigation away from the app must be denied');
  } finally {
    await app.close();
  }
});
