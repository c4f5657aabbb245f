/**
 * Issue 21 item 9 on the Ledger page, in English and Chinese: entries in
 * words (seal.used → "Seal used" / 使用印章), documents and seals by their
 * names instead of bare hashes, references as labelled values (never
 * "documentId=…"), and "sign a checkpoint now" that says what it did — a new
 * checkpoint with its tree size, that the latest already covers everything,
 * or why it failed. axe: no serious or critical violation; screenshots.
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { AffixError } from '../../shared/errors/affix-error';
import type { Language } from '../../shared/contract/workspace';
import { launchChromium, openApp } from '../support/bridge';
import { handmadePdf } from '../support/handmade-pdf';
import { invoke, PASSPHRASE, sealScene } from '../support/plan-ui';
import { repoRoot } from '../support/repo';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

const WORDS = {
  en: {
    sealUsed: 'Seal used',
    imported: 'Document imported',
    created: /A new checkpoint was signed, covering (\d+) entries/,
    current: /already covers all (\d+) entries/,
    error: /could not be signed/,
  },
  'zh-CN': {
    sealUsed: '使用印章',
    imported: '导入文档',
    created: /已签发新的检查点，覆盖 (\d+) 条条目/,
    current: /已覆盖全部 (\d+) 条/,
    error: /未能签发检查点/,
  },
} as const;

async function seriousAxe(page: Page): Promise<string[]> {
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).include('[data-testid="page-ledger"]').analyze();
  return axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** A one-page PDF made distinct by `label` (an unreferenced string object), so each import is a new document. */
const onePagePdf = (label: string): Buffer => handmadePdf({ style: 'table', objects: { 6: `(${label})` } });

test('ledger entries in words with document names, and checkpoint feedback, in both languages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'affix-ui-ledger-words-'));
  const app = await openApp({ browser, language: 'en', route: 'ledger' });
  const { page, router, services } = app;
  try {
    const scene = await sealScene(router, dir);
    const input = join(dir, 'supply-agreement.pdf');
    writeFileSync(input, onePagePdf('Supply agreement'));
    await invoke(router, 'seals.sign', {
      sealId: scene.sealId,
      personId: scene.sealer,
      inputPath: input,
      outputPath: join(dir, 'supply-agreement-sealed.pdf'),
      passphrase: PASSPHRASE,
    });
    const [doc] = services.documents.list().filter((d) => d.name.includes('supply-agreement'));
    assert.ok(doc, 'the sealed document is in the workspace');
    const all = services.ledger.entries(0, 10_000);
    const used = all.find((e) => e.entry.type === 'seal.used');
    const anchored = all.find((e) => e.entry.type === 'document.anchored' && e.entry.refs?.documentId === doc.id);
    assert.ok(used && anchored, 'seal.used and document.anchored are in the ledger');

    for (const language of ['en', 'zh-CN'] as Language[]) {
      const words = WORDS[language as keyof typeof WORDS];
      services.settings.setLanguage(language);
      await page.reload();
      await page.getByTestId('ledger-summary').waitFor();
      const table = page.getByTestId('ledger-entries');
      await table.locator('tbody tr.ant-table-row').first().waitFor();

      // Types in words; the codes stay only as data attributes.
      assert.equal(await page.getByTestId(`ledger-entry-type-${used.index}`).textContent(), words.sealUsed);
      assert.equal(await page.getByTestId(`ledger-entry-type-${anchored.index}`).textContent(), words.imported);
      const tableText = (await table.textContent()) ?? '';
      assert.doesNotMatch(tableText, /seal\.used|document\.anchored|signature\.added/, `${language}: no type codes`);
      // The document by its name, not its digest.
      assert.match((await page.getByTestId(`ledger-entry-subjects-${anchored.index}`).textContent()) ?? '', /supply-agreement/);
      assert.match((await page.getByTestId(`ledger-entry-subjects-${used.index}`).textContent()) ?? '', /合同专用章/, 'the seal by its name');

      // Expanded: references as labelled values, named where the workspace knows them.
      const row = table.locator('tbody tr.ant-table-row').filter({ has: page.getByTestId(`ledger-entry-type-${anchored.index}`) });
      await row.locator('.ant-table-row-expand-icon').click();
      const detail = page.getByTestId(`ledger-entry-${anchored.index}`);
      await detail.waitFor();
      assert.match((await page.getByTestId(`ledger-entry-${anchored.index}-ref-documentId`).textContent()) ?? '', /supply-agreement/);
      assert.doesNotMatch((await detail.textContent()) ?? '', /documentId|=/, `${language}: no "documentId=…"`);
      assert.deepEqual(await seriousAxe(page), [], `${language}: entries`);
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', `ledger-words-${language}.png`), fullPage: true });

      // "Sign a checkpoint now" over a new entry: a new checkpoint with its tree size (or, when the automatic
      // checkpoint got there first, that the latest covers every entry); a second press says it is current.
      services.documents.importBytes(onePagePdf(`Annex ${language}`), `annex-${language}.pdf`);
      const size = services.ledger.size();
      await page.getByTestId('ledger-checkpoint-now').click();
      const result = page.getByTestId('ledger-checkpoint-result');
      await result.waitFor();
      const created = (await result.getAttribute('data-created')) === 'true';
      assert.equal(Number((created ? words.created : words.current).exec((await result.textContent()) ?? '')?.[1]), size, (await result.textContent()) ?? '');
      assert.equal(Number(await result.getAttribute('data-size')), size);
      await page.locator(`[data-testid="ledger-checkpoint-size"][data-value="${size}"]`).waitFor();
      await result.getByRole('button').click(); // dismissed, so the next answer is a fresh one
      await result.waitFor({ state: 'detached' });
      await page.getByTestId('ledger-checkpoint-now').click();
      const current = page.locator('[data-testid="ledger-checkpoint-result"][data-created="false"]');
      await current.waitFor();
      assert.equal(Number(words.current.exec((await current.textContent()) ?? '')?.[1]), size);
      assert.deepEqual(await seriousAxe(page), [], `${language}: checkpoint result`);

      // A failure is said, with the reason.
      const real = services.ledger.checkpoint.bind(services.ledger);
      services.ledger.checkpoint = () => {
        throw new AffixError('CONFLICT', 'the node key is unavailable');
      };
      try {
        await page.getByTestId('ledger-checkpoint-now').click();
        const failed = page.getByTestId('ledger-summary').getByTestId('error-alert');
        await failed.waitFor();
        assert.match((await failed.textContent()) ?? '', words.error);
        assert.equal(await page.getByTestId('ledger-checkpoint-result').count(), 0);
      } finally {
        services.ledger.checkpoint = real;
      }
    }
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
