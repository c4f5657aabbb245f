/**
 * The Status page in real Chromium over the bridge: every value on screen
 * must be the workspace's own (read back from the services in this process),
 * the language switch must persist in the workspace and survive a reload, and
 * the page must run under the app's CSP without a single console error.
 * Takes the README screenshots (docs/screenshots/status-*.png).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { workspaceStatus } from '../../main/ipc/workspace-status';
import { passphraseOnlyProtector, type SecretProtector } from '../../main/services/core/secrets/protector';
import { APP_VERSION } from '../../main/version';
import { launchChromium, openApp } from '../support/bridge';
import { corpusPdfOrStandIn } from '../support/corpus';
import { repoRoot } from '../support/repo';

const SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');
const SAMPLE_PDFS = ['issue13447.pdf', 'bug911034.pdf'].map(corpusPdfOrStandIn);

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(() => browser?.close());

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).first().textContent())?.trim() ?? '';

test('Status shows the real workspace, switches language, persists it and keeps it after reload', async () => {
  const app = await openApp({ browser, language: 'en' });
  const { page, services } = app;
  try {
    // Real content, so counts and sizes are not all zero.
    for (const pdf of SAMPLE_PDFS) services.documents.importFile(pdf);
    await page.reload();
    await page.getByTestId('status-view').waitFor();

    const expected = workspaceStatus(services);
    assert.equal(await text(page, 'status-workspace-id'), services.workspace.meta('workspace_id'));
    assert.match(expected.workspaceId, /^[0-9a-f-]{36}$/);
    assert.equal(await text(page, 'status-home'), services.workspace.home);
    assert.equal(await text(page, 'status-db-path'), services.workspace.databasePath);
    assert.equal(await page.getByTestId('status-created-at').getAttribute('data-iso'), services.workspace.meta('created_at'));
    assert.equal(await text(page, 'status-app-version'), APP_VERSION);
    assert.equal(expected.documents, SAMPLE_PDFS.length);
    assert.equal(await text(page, 'status-documents'), String(expected.documents));
    assert.equal(await text(page, 'status-blobs'), String(expected.blobs.count));
    assert.equal(Number(await page.getByTestId('status-blob-bytes').getAttribute('data-value')), expected.blobs.bytes);
    assert.ok(expected.blobs.bytes > 0);
    assert.match(await text(page, 'status-blob-bytes'), /^\d+(\.\d)? (B|KB|MB)$/);

    const tags = await page
      .getByTestId('status-schema')
      .locator('[data-module]')
      .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-module'), Number(e.getAttribute('data-version'))])));
    assert.deepEqual(tags, services.workspace.schema);
    assert.ok(Object.keys(tags).length >= 1);

    if (expected.ledger) {
      assert.match(await text(page, 'status-ledger-size'), new RegExp(`${expected.ledger.size}`));
    } else {
      assert.equal(await page.getByTestId('status-ledger-none').isVisible(), true);
    }
    assert.equal(await page.getByTestId('status-secrets-kind').getAttribute('data-kind'), 'passphrase-only');
    assert.equal(await page.getByTestId('status-secrets-warning').count(), 0);

    // English everywhere on the first screen.
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await page.getByRole('heading', { level: 3 }).textContent(), 'Workspace status');
    assert.equal(await page.getByTestId('nav-documents').textContent(), 'Documents & Signing');
    assert.equal(await page.title(), 'Workspace status · Affix');
    await page.screenshot({ path: join(SCREENSHOTS, 'status-en.png'), fullPage: true });

    // Switch in the header: the UI changes only after the workspace has saved the choice.
    await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { level: 3, name: '工作区状态' }).waitFor();
    assert.equal(services.settings.language(), 'zh-CN');
    const viaRouter = await app.router.invoke('settings.get', {}, { kind: 'cli' });
    assert.deepEqual(viaRouter, { ok: true, value: { language: 'zh-CN' } });
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await page.getByTestId('nav-documents').textContent(), '文档与签署');
    // antd's own strings follow (its locale): the copy buttons' labels are Chinese now.
    assert.equal((await page.getByTestId('status-view').locator('[aria-label="复制"]').count()) > 0, true);

    await page.reload();
    await page.getByTestId('status-view').waitFor();
    assert.equal(await page.getByRole('heading', { level: 3 }).textContent(), '工作区状态');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    assert.equal(await text(page, 'status-workspace-id'), services.workspace.meta('workspace_id'));
    assert.equal(await text(page, 'status-documents'), String(SAMPLE_PDFS.length));
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'status-zh-CN.png'), fullPage: true });

    // And back to English from the Settings page, by keyboard-reachable radio buttons.
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('settings-language').getByText('English', { exact: true }).click();
    await page.getByRole('heading', { level: 3, name: 'Settings' }).waitFor();
    assert.equal(services.settings.language(), 'en');

    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test('Status warns visibly when secrets are weakly protected', async () => {
  const weak: SecretProtector = {
    ...passphraseOnlyProtector,
    info: { kind: 'safeStorage', backend: 'basic_text', warning: 'safeStorage uses the basic_text backend: secrets are obfuscated, not encrypted.' },
  };
  const app = await openApp({ browser, language: 'en', protector: weak });
  try {
    const alert = app.page.getByTestId('status-secrets-warning');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /weakly protected.*basic_text backend: secrets are obfuscated/s);
    assert.equal(await alert.getAttribute('role'), 'alert');
    assert.equal(await app.page.getByTestId('status-secrets-kind').getAttribute('data-kind'), 'safeStorage');
    assert.match(await text(app.page, 'status-secrets-kind'), /operating-system key store/);
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test('the first screen is already in the stored language (no English flash for zh-CN users)', async () => {
  const app = await openApp({ browser, language: 'zh-CN' });
  try {
    // The first heading that appears is Chinese: the language is read before React renders.
    const first = await app.page.getByRole('heading', { level: 3 }).first().textContent();
    assert.equal(first, '工作区状态');
    await app.page.getByTestId('status-view').waitFor();
    assert.match(await text(app.page, 'status-secrets-kind'), /仅口令/);
  } finally {
    await app.close();
  }
});
