/**
 * "View this version as signed" on the Verify page: for each signature of a
 * two-signature PDF, the version shown is exactly the bytes that signature
 * covers — its SHA-256 is the digest of the workspace version that signing
 * produced — from the bytes of the PDF dropped on the window (sliced in the
 * window: the window names no path); pdf.js draws it; and the dialog passes
 * an axe scan.
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { contractPdf } from '../support/appearance-fixtures';
import { launchChromium, openApp } from '../support/bridge';
import { dropFile } from '../support/drop-file';

const PASSPHRASE = 'view as signed passphrase';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

async function viewAsSigned(page: Page, index: number): Promise<string> {
  await page.getByTestId(`verify-signature-${index}-as-signed`).click();
  const dialog = page.getByTestId('signed-version');
  await dialog.locator('[data-testid="pdf-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
  const sha = (await dialog.getByTestId('signed-version-sha256').textContent()) ?? '';
  assert.equal(await dialog.getByTestId('signed-version-page').textContent(), 'Page 1 of 1');
  return sha.trim();
}

test('each signature’s version, from the dropped file, is exactly the version its signing produced', async () => {
  const app = await openApp({ browser, language: 'en', route: 'verify' });
  const { page, services } = app;
  const dir = mkdtempSync(join(tmpdir(), 'affix-as-signed-'));
  try {
    const key = await services.keys.create('Two signatures', PASSPHRASE);
    const input = join(dir, 'contract.pdf');
    writeFileSync(input, await contractPdf());
    const doc = services.documents.importFile(input);
    const source = { kind: 'workspace', id: key.id, passphrase: PASSPHRASE } as const;
    const first = await services.signing.signDocument(doc.id, { appearance: { kind: 'person' }, placement: { page: 1, rect: [60, 60, 200, 70] } }, source);
    const second = await services.signing.signDocument(doc.id, { appearance: { kind: 'person' }, placement: { page: 1, rect: [320, 60, 200, 70] } }, source);
    const bytes = services.documents.bytesOf(second.sha256);

    await dropFile(page, 'verify-drop', 'signed.pdf', bytes, 'application/pdf');
    assert.equal(await viewAsSigned(page, 0), first.sha256, 'signature 1 covers the version its signing produced');
    const axe = await new AxeBuilder({ page }).include('.ant-modal').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    assert.deepEqual(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
      [],
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('signed-version').waitFor({ state: 'detached' });
    assert.equal(await viewAsSigned(page, 1), second.sha256, 'signature 2 covers the whole file');
    await page.keyboard.press('Escape');
    await page.getByTestId('signed-version').waitFor({ state: 'detached' });

    // The same from the bytes the window read: sliced in the window, the same digest.
    await dropFile(page, 'verify-drop', 'signed.pdf', bytes, 'application/pdf');
    await page.getByTestId('verify-signature-0-as-signed').waitFor();
    assert.equal(await viewAsSigned(page, 0), first.sha256);
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
