/**
 * The ledger explorer over the bridge: it shows the node's real entries,
 * checkpoints and key; an inclusion proof fetched in the UI verifies with the
 * shared offline verifier; "verify the whole ledger" passes on an honest log
 * and, after one entry is rewritten with plain SQL, names the first bad index.
 * On a large ledger the audit runs as a job: a progress bar in entries that
 * moves, a Cancel button that stops it, and a full run that passes.
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { checkProofText } from '../../shared/ledger/check-proof';
import { launchChromium, openApp } from '../support/bridge';
import { repoRoot } from '../support/repo';

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
    await rows
      .filter({ hasText: sha('doc 0').slice(0, 16) })
      .getByRole('button', { name: /expand row/i })
      .click();
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
    assert.match(
      (await page.getByTestId('ledger-audit-ok').textContent()) ?? '',
      new RegExp(`25 entries recomputed; ${checkpointsChecked} signed checkpoint notes checked`),
    );

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

/** Entries for the progress test: enough that the audit runs for a few seconds here. */
const LARGE = 120_000;

const progressOf = async (page: Page): Promise<{ done: number; total: number }> => {
  const p = page.getByTestId('ledger-audit-progress');
  return { done: Number(await p.getAttribute('data-done')), total: Number(await p.getAttribute('data-total')) };
};

/** Waits until the running audit reports more than `after` entries done (and not yet all). */
const progressBeyond = (page: Page, after: number) =>
  page.waitForFunction(
    (n) => {
      const el = document.querySelector<HTMLElement>('[data-testid="ledger-audit-progress"]');
      return el !== null && Number(el.dataset.done) > n && Number(el.dataset.done) < Number(el.dataset.total);
    },
    after,
    { timeout: 30_000 },
  );

test('a large ledger: the audit shows progress in entries, can be cancelled, and a full run passes', async () => {
  const app = await openApp({ browser, language: 'en', route: 'ledger' });
  const { page, services } = app;
  try {
    services.ledger.ensureNode();
    for (let b = 0; b < LARGE / 20_000; b++) {
      services.ledger.appendMany(Array.from({ length: 20_000 }, (_, i) => ({ type: 'document.anchored' as const, subjects: [sha(`large ${b}/${i}`)] })));
    }
    services.ledger.checkpoint();
    await page.getByTestId('ledger-refresh').click();
    await page.locator(`[data-testid="ledger-size"][data-value="${LARGE}"]`).waitFor();

    // Start, see the bar move, then cancel part-way.
    await page.getByTestId('ledger-verify-all').click();
    await progressBeyond(page, 0);
    const first = await progressOf(page);
    assert.equal(first.total, LARGE);
    await progressBeyond(page, first.done);
    const later = await progressOf(page);
    assert.ok(later.done > first.done, `the bar moved: ${first.done} → ${later.done}`);
    const bar = page.getByTestId('ledger-audit-progress').getByRole('progressbar');
    assert.ok(Number(await bar.getAttribute('aria-valuenow')) < 100);
    assert.match((await page.getByTestId('ledger-audit-progress').textContent()) ?? '', /[\d,]+ of 120,000 entries checked/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'ledger-audit-progress-en.png') });
    await page.getByTestId('ledger-audit-cancel').click();
    const cancelled = page.getByTestId('ledger-audit-cancelled');
    await cancelled.waitFor();
    const stoppedText = (await cancelled.textContent()) ?? '';
    const stoppedAt = Number(/after ([\d,]+) of 120,000/.exec(stoppedText)?.[1].replaceAll(',', ''));
    assert.ok(stoppedAt >= later.done && stoppedAt < LARGE, stoppedText);
    assert.equal(await page.getByTestId('ledger-audit-progress').count(), 0);
    assert.equal(await page.getByTestId('ledger-audit-ok').count(), 0);
    const axe = await new AxeBuilder({ page }).include('[data-testid="ledger-audit"]').analyze();
    assert.deepEqual(
      axe.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.html + ' ' + n.failureSummary).join(' / ')}`),
      [],
    );

    // In Chinese, from the keyboard this time: a full run to the end passes.
    services.settings.setLanguage('zh-CN');
    await page.reload();
    await page.locator(`[data-testid="ledger-size"][data-value="${LARGE}"]`).waitFor();
    await page.getByTestId('ledger-verify-all').focus();
    await page.keyboard.press('Enter');
    await progressBeyond(page, 0);
    assert.match((await page.getByTestId('ledger-audit-progress').textContent()) ?? '', /已核验 [\d,]+ \/ 120,000 条条目/);
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'ledger-audit-progress-zh-CN.png') });
    const axeRunning = await new AxeBuilder({ page }).include('[data-testid="ledger-audit"]').analyze();
    assert.deepEqual(
      axeRunning.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id}: ${v.nodes.map((n) => n.html + ' ' + n.failureSummary).join(' / ')}`),
      [],
    );
    const ok = page.getByTestId('ledger-audit-ok');
    await ok.waitFor({ timeout: 60_000 });
    assert.match((await ok.textContent()) ?? '', /已重新计算 120,000 条条目/);
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
