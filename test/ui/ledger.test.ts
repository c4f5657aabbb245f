/**
 * The ledger explorer over the bridge: it shows the node's real entries,
 * checkpoints and key; an inclusion proof fetched in the UI verifies with the
 * shared offline verifier; "verify the whole ledger" passes on an honest log
 * and, after one entry is rewritten with plain SQL, names the first bad index.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { checkProofText } from '../../shared/ledger/check-proof';
import { launchChromium, openApp } from '../support/bridge';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

test('ledger explorer: entries, checkpoints, a verifiable proof, and an audit that catches a rewritten row', async () => {
  const app = await openApp({ browser, language: 'en', route: 'ledger' });
  const { page, services } = app;
  try {
    services.ledger.ensureNode();
    services.ledger.appendMany(
      Array.from({ length: 25 }, (_, i) => ({ type: 'document.anchored' as const, subjects: [sha(`doc ${i}`)], refs: { n: String(i) } })),
    );
    services.ledger.checkpoint();
    await page.getByTestId('ledger-refresh').click();

    await page.locator('[data-testid="ledger-size"][data-value="25"]').waitFor();
    await page.locator('[data-testid="ledger-checkpoint-size"][data-value="25"]').waitFor();
    assert.equal(await page.getByTestId('ledger-verifier-key').textContent(), services.ledger.verifierKey());

    // Newest first, 20 a page: entry 24 is on top, entry 4 is the last row of page 1.
    const rows = page.getByTestId('ledger-entries').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.equal(await rows.count(), 20);
    assert.match((await rows.first().textContent()) ?? '', /^24/);
    await page.locator('.ant-pagination-item-2').click();
    await rows.filter({ hasText: sha('doc 0').slice(0, 16) }).waitFor();
    assert.equal(await rows.count(), 5);

    // Expand entry 0 and fetch its inclusion proof; the shared verifier accepts it.
    await rows.filter({ hasText: sha('doc 0').slice(0, 16) }).getByRole('button', { name: /expand row/i }).click();
    await page.getByTestId('ledger-prove-0').click();
    const proof = (await page.getByTestId('ledger-proof-0').textContent()) ?? '';
    assert.match(proof, /^c2sp\.org\/tlog-proof@v1\n/);
    const verdict = await checkProofText(proof, services.ledger.verifierKey());
    assert.equal(verdict.ok, true, JSON.stringify(verdict));

    await page.getByRole('tab', { name: 'Checkpoints' }).click();
    await page.getByTestId('ledger-checkpoints').locator('tbody tr.ant-table-row').first().waitFor();

    await page.getByTestId('ledger-verify-all').click();
    await page.getByTestId('ledger-audit-ok').waitFor();
    const { checkpointsChecked } = await services.ledger.audit();
    assert.ok(checkpointsChecked >= 1);
    assert.match((await page.getByTestId('ledger-audit-ok').textContent()) ?? '', new RegExp(`25 entries recomputed; ${checkpointsChecked} signed checkpoint notes checked`));

    // Someone with the database file rewrites entry 7 to point at another document.
    const row = services.workspace.db.prepare<[number], { entry: Buffer }>('SELECT entry FROM ledger_entries WHERE idx = ?').get(7)!;
    const forged = Buffer.from(row.entry);
    forged[forged.length - 1] ^= 0x01;
    services.workspace.db.prepare('UPDATE ledger_entries SET entry = ? WHERE idx = 7').run(forged);

    await page.getByTestId('ledger-verify-all').click();
    const failed = page.getByTestId('ledger-audit-failed');
    await failed.waitFor();
    assert.match((await failed.textContent()) ?? '', /altered, starting at entry 7/);
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
