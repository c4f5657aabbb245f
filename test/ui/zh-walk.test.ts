/**
 * Issue 21, Done-when: every page walked in zh-CN shows no Latin-script
 * sentence that is not a name, code, hash or file name (the rule in
 * test/support/latin-sentences.ts: three or more consecutive Latin words).
 * The workspace holds an imported document, its ledger entries and a failed
 * verification of a tampered PDF on the Verify page.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openApp } from '../support/bridge';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir, corpusPdfOrStandIn } from '../support/corpus';
import { dropFile } from '../support/drop-file';
import { latinSentences } from '../support/latin-sentences';
import { waitForVerdict } from '../support/verify-verdict';

const ROUTES = ['documents', 'verify', 'ledger', 'witness', 'identities', 'settings', 'timestamps', 'status'];

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

test('every page in zh-CN is free of English sentences', async () => {
  const app = await openApp({ browser, language: 'zh-CN' });
  const { page } = app;
  try {
    app.services.documents.importFile(corpusPdfOrStandIn('bug911034.pdf'));
    await page.getByTestId('status-view').waitFor();
    const found: string[] = [];
    for (const route of ROUTES) {
      await page.getByTestId(`nav-${route}`).click();
      await page.getByTestId(`page-${route}`).waitFor();
      await page.locator('.ant-skeleton, .ant-spin-spinning').first().waitFor({ state: 'detached' });
      const text = await page.locator('body').innerText();
      for (const s of latinSentences(text)) found.push(`${route}: ${s}`);
      // The browser's own file button says "Choose File" in the browser's language, outside innerText.
      if (await page.locator('input[type="file"]:visible').count()) found.push(`${route}: a bare file input ("Choose File")`);
    }
    // A failed verification: one byte changed inside the first signed range of a signed PDF.
    const signed = join(corpusDir, 'signed-by-others', 'pyhanko-two-signers-rsa-then-ecdsa.pdf');
    if (existsSync(signed)) {
      await page.getByTestId('nav-verify').click();
      const bytes = Buffer.from(readFileSync(signed));
      bytes[200] ^= 0x20;
      await dropFile(page, 'verify-drop', 'tampered.pdf', bytes, 'application/pdf');
      await waitForVerdict(page, 'TOTAL-FAILED');
      // The signers' cards name them as their certificates do (people, organisations, the root): names, not sentences.
      const names = ['Han Meimei', 'Li Lei', 'Sample Supplier Ltd', 'Sample Trading Co', 'Sample Root'];
      for (const s of latinSentences(await page.locator('body').innerText(), names)) found.push(`verify (tampered): ${s}`);
      // A file that is not a PDF: the refusal in words.
      await dropFile(page, 'verify-drop', 'notes.txt', Buffer.from('These are meeting notes, not a PDF.\n'), 'text/plain');
      await page.getByTestId('error-alert').waitFor();
      for (const s of latinSentences(await page.locator('body').innerText())) found.push(`verify (not a PDF): ${s}`);
    }
    assert.deepEqual(found, []);
  } finally {
    await app.close();
  }
});
