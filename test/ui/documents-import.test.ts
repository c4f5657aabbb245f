/**
 * Importing on the Documents page from a file the window reads: chosen in the
 * file dialog (the hidden input, or from the keyboard) or dropped on the page
 * (a real drop event), through documents.importBytes; the path form still
 * works beside it, and a dropped file that is not a PDF is refused with a
 * message naming the problem.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openApp } from '../support/bridge';
import { dropFile } from '../support/drop-file';
import { corpusPdfOrStandIn } from '../support/corpus';
import { repoRoot } from '../support/repo';

const CHOSEN = corpusPdfOrStandIn('issue13447.pdf');
const DROPPED = corpusPdfOrStandIn('bug911034.pdf');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

test('documents page: a PDF chosen or dropped is imported from its bytes; a dropped non-PDF is refused', async () => {
  const app = await openApp({ browser, language: 'en', route: 'documents' });
  const { page, services } = app;
  const rows = page.getByTestId('documents-table').locator('tbody tr.ant-table-row');
  try {
    await page.getByTestId('documents-import-drop').waitFor();

    // Chosen through the hidden input behind the drop zone.
    await page.getByTestId('documents-import-drop-input').setInputFiles(CHOSEN);
    await rows.filter({ hasText: 'issue13447.pdf' }).waitFor();
    const chosen = services.documents.list().find((d) => d.name === 'issue13447.pdf');
    assert.ok(chosen, 'imported under its file name');
    assert.equal(chosen.sha256, sha256(readFileSync(CHOSEN)), 'the workspace holds the very bytes of the file');

    // Dropped, with a display name typed first.
    await page.getByTestId('documents-import-name').fill('供货合同 (dropped)');
    await dropFile(page, 'documents-import-drop', 'bug911034.pdf', readFileSync(DROPPED), 'application/pdf');
    await rows.filter({ hasText: '供货合同 (dropped)' }).waitFor();
    assert.equal(services.documents.list().find((d) => d.name === '供货合同 (dropped)')?.sha256, sha256(readFileSync(DROPPED)));
    assert.equal(await page.getByTestId('documents-import-name').inputValue(), '', 'the form is reset after an import');

    // From the keyboard: Enter on the zone opens the file dialog — once the last import has finished:
    // until then the zone is disabled (aria-disabled) and ignores keys, and the form is reset before that.
    // The list reloads after each import; wait for that too, so nothing re-renders under the key press.
    // Listening first: Playwright turns on file-chooser interception only once someone listens, and a
    // chooser opened before that is dismissed unseen.
    const choosing = page.waitForEvent('filechooser');
    await page.locator('[data-testid="documents-import-drop"]:not([aria-disabled])').waitFor();
    await page.locator('[data-testid="documents-table"] .ant-spin-spinning').waitFor({ state: 'detached' });
    const zone = page.getByTestId('documents-import-drop');
    const [chooser] = await Promise.all([choosing, zone.press(' ')]);
    assert.equal(await zone.evaluate((el) => el === document.activeElement), true, 'the key went to the zone');
    assert.equal(chooser.isMultiple(), false);
    await chooser.setFiles(corpusPdfOrStandIn('issue16063.pdf'));
    await rows.filter({ hasText: 'issue16063.pdf' }).waitFor();

    // Not a PDF: refused with a message naming the problem, nothing imported.
    const before = services.documents.list().length;
    await dropFile(page, 'documents-import-drop', 'minutes.docx', Buffer.from('PK\u0003\u0004 a word file'), 'application/octet-stream');
    await page.getByTestId('error-alert').waitFor();
    assert.equal(await page.getByTestId('error-code').textContent(), 'BAD_INPUT');
    assert.match((await page.getByTestId('error-message').textContent()) ?? '', /minutes\.docx is not a PDF/);
    assert.equal(services.documents.list().length, before);

    // No path can be typed (issue 16); the same bytes dropped again are the same document.
    assert.equal(await page.getByTestId('documents-import-path').count(), 0);
    await dropFile(page, 'documents-import-drop', 'issue13447.pdf', readFileSync(corpusPdfOrStandIn('issue13447.pdf')), 'application/pdf');
    await page.getByTestId('error-alert').waitFor({ state: 'detached' });
    assert.equal(services.documents.list().length, before, 'the same bytes again are the same document');

    await page.mouse.move(0, 0);
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'documents-import-en.png') });
    await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
    await page.getByText('将 PDF 拖放到此处，或点按选择文件').waitFor();
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'documents-import-zh-CN.png') });
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
