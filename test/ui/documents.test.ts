/**
 * Documents page over the bridge: importing a real PDF by path lands in the
 * workspace and in the table; a missing file and a non-PDF are refused with
 * the main process's code and message on screen, in the user's language,
 * and nothing is added.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openApp } from '../support/bridge';
import { corpusDir, repoRoot } from '../support/repo';

const PDF = join(corpusDir, 'pdfjs', 'issue13447.pdf');

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

test('import a PDF by path: it is stored, listed with its digest, and bad files are refused with code and message', async () => {
  const app = await openApp({ browser, language: 'en', route: 'documents' });
  const { page, services } = app;
  try {
    await page.getByText('No documents yet. Import a PDF to begin.').waitFor();

    // An empty path is caught by the form; nothing is sent.
    await page.getByTestId('documents-import-submit').click();
    await page.getByText('Enter the full path of a PDF file.').waitFor();

    await page.getByTestId('documents-import-path').fill(PDF);
    await page.getByTestId('documents-import-name').fill('Lease 2024 甲方');
    await page.getByTestId('documents-import-submit').click();
    await page.getByText('Imported “Lease 2024 甲方”.').waitFor();
    const row = page.getByTestId('documents-table').locator('tbody tr', { hasText: 'Lease 2024 甲方' });
    await row.waitFor();

    const docs = services.documents.list();
    assert.equal(docs.length, 1);
    const sha = createHash('sha256').update(readFileSync(PDF)).digest('hex');
    assert.equal(docs[0].sha256, sha);
    assert.equal(docs[0].name, 'Lease 2024 甲方');
    assert.match((await row.textContent()) ?? '', new RegExp(`${sha.slice(0, 16)}…`));
    assert.equal(await page.getByTestId('documents-import-path').inputValue(), '', 'the form is cleared after success');

    // A path that does not exist.
    await page.getByTestId('documents-import-path').fill('/nonexistent/contract.pdf');
    await page.getByTestId('documents-import-submit').click();
    const alert = page.getByTestId('error-alert');
    await alert.waitFor();
    assert.equal(await alert.getByTestId('error-code').textContent(), 'BAD_INPUT');
    assert.match((await alert.getByTestId('error-message').textContent()) ?? '', /Cannot read \/nonexistent\/contract\.pdf: ENOENT/);
    assert.match((await alert.textContent()) ?? '', /The PDF was not imported.*Check the value you entered/s);

    // A file that is not a PDF, with the UI in Chinese: the title and advice are translated.
    await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { level: 3, name: '文档与签署' }).waitFor();
    await page.getByTestId('documents-import-path').fill(join(repoRoot, 'package.json'));
    await page.getByTestId('documents-import-submit').click();
    await page.getByTestId('error-message').filter({ hasText: 'package.json' }).waitFor();
    assert.equal(await page.getByTestId('error-code').textContent(), 'BAD_INPUT');
    assert.match((await page.getByTestId('error-alert').textContent()) ?? '', /PDF 未能导入.*请检查输入的内容/s);

    assert.equal(services.documents.list().length, 1, 'refused imports added nothing');
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
