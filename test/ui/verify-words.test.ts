/**
 * Issue 21 items 1 and 6 on the Verify page, in English and Chinese:
 * - a tampered proof package: each check's tag says only its own verdict
 *   (Passed / Failed / Indeterminate, 通过 / 未通过 / 无法确定) with an icon,
 *   never "every check passed" under the FAILED banner;
 * - signature cards: a seal signature made in this workspace names the seal,
 *   its organisation and its user in words and shows the seal's image; no
 *   raw DN, field name or indication code is shown; a tampered copy's card
 *   parts agree with the FAILED verdict (no green "no unpermitted change",
 *   trusted stays green since the workspace's CA issued it); an unsigned PDF
 *   gets no certificate advice.
 * axe finds no serious or critical violation on the results or the "as
 * signed" dialog; screenshots go to docs/screenshots/.
 */
import AxeBuilder from '@axe-core/playwright';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Language } from '../../shared/contract/workspace';
import { launchChromium, openApp, type OpenApp } from '../support/bridge';
import { dropFile } from '../support/drop-file';
import { invoke, ORG_NAME, PASSPHRASE, sealScene } from '../support/plan-ui';
import { repoRoot } from '../support/repo';
import { ensureVerifierBuilt, ProofBench, TAMPERS } from '../unit/proof/fixtures';
import { waitForVerdict } from '../support/verify-verdict';

const SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');
const WORDS: Record<Language, Record<'passed' | 'failed' | 'indeterminate', string>> = {
  en: { passed: 'Passed', failed: 'Failed', indeterminate: 'Indeterminate' },
  'zh-CN': { passed: '通过', failed: '未通过', indeterminate: '无法确定' },
};

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

async function seriousAxe(page: Page, selector?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  const axe = await (selector ? builder.include(selector) : builder).analyze();
  return axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function inLanguage(app: OpenApp, language: Language): Promise<void> {
  app.services.settings.setLanguage(language);
  await app.page.reload();
  await app.page.getByTestId('verify-drop').waitFor();
}

/** The window names no path: the file is dropped on the page, as a user would. */
async function verifyPath(page: Page, path: string): Promise<void> {
  await dropFile(page, 'verify-drop', basename(path), readFileSync(path));
}

async function shot(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(SCREENSHOTS, name), fullPage: true });
}

test('a tampered proof package: each check is tagged with its own verdict, in words and with an icon', async () => {
  await ensureVerifierBuilt();
  const bench = new ProofBench();
  const app = await openApp({ browser, language: 'en', route: 'verify' });
  const { page } = app;
  try {
    const signed = await bench.signedDocument(1);
    const good = bench.file('case.affixproof');
    await bench.ok(['proof', 'export', signed, '-o', good]);
    const tamper = TAMPERS[0];
    const bad = bench.file('tampered.affixproof');
    writeFileSync(bad, tamper.apply(readFileSync(good)));
    for (const language of ['en', 'zh-CN'] as const) {
      await inLanguage(app, language);
      await verifyPath(page, bad);
      await page.locator('[data-testid="verify-proof-verdict"][data-verdict="failed"]').waitFor();
      const checks = page.getByTestId('verify-proof-checks').locator('[data-testid^="verify-proof-check-"][data-verdict]');
      const n = await checks.count();
      assert.ok(n >= 5, `${n} checks listed`);
      const seen = new Set<string>();
      for (let i = 0; i < n; i++) {
        const check = checks.nth(i);
        const id = ((await check.getAttribute('data-testid')) ?? '').replace('verify-proof-check-', '');
        const verdict = (await check.getAttribute('data-verdict')) as keyof (typeof WORDS)['en'];
        const tag = page.getByTestId(`verify-proof-check-${id}-tag`);
        assert.equal(await tag.getAttribute('data-state'), verdict, `${language} ${id}: the tag agrees with the check`);
        assert.equal((await tag.textContent())?.trim(), WORDS[language][verdict], `${language} ${id}: the tag is the verdict word alone`);
        assert.equal(await tag.locator('[role="img"]').count(), 1, `${language} ${id}: the tag has an icon`);
        seen.add(verdict);
      }
      assert.ok(seen.has('failed') && seen.has('passed'), `both verdicts appear: ${[...seen].join(', ')}`);
      assert.equal(await page.getByTestId(`verify-proof-check-${tamper.check}`).getAttribute('data-verdict'), 'failed');
      const listed = (await page.getByTestId('verify-proof-checks').textContent()) ?? '';
      assert.doesNotMatch(listed, /every check passed|全部检查项通过/, `${language}: no "all passed" inside a failed package's checks`);
      assert.deepEqual(await seriousAxe(page, '[data-testid="page-verify"]'), [], language);
      await shot(page, `verify-proof-failed-${language}.png`);
    }
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
    bench.cleanup();
  }
});

/** A one-page PDF with a line of text, as a contract to be sealed. */
async function plainPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  page.drawText('Purchase contract no. 2026-117', { x: 72, y: 760, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  // Without object streams, so the document information (the tampered byte) is plain text.
  return doc.save({ useObjectStreams: false });
}

test('signature cards: a workspace seal named in words with its image; a tampered copy’s parts agree with FAILED; an unsigned PDF gets no certificate advice', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'affix-ui-verify-words-'));
  const app = await openApp({ browser, language: 'en', route: 'verify' });
  const { page, router } = app;
  try {
    const scene = await sealScene(router, dir);
    const unsigned = join(dir, 'contract.pdf');
    writeFileSync(unsigned, await plainPdf());
    const sealed = join(dir, 'contract-sealed.pdf');
    const { field } = await invoke<{ field: string }>(router, 'seals.sign', {
      sealId: scene.sealId,
      personId: scene.sealer,
      inputPath: unsigned,
      outputPath: sealed,
      passphrase: PASSPHRASE,
    });
    // One byte inside the signed range changed: the year of the creation date, 2 → 1.
    const bytes = Buffer.from(readFileSync(sealed));
    const at = bytes.indexOf('/CreationDate (D:2');
    assert.ok(at > 0, 'the creation date is found');
    bytes[at + '/CreationDate (D:'.length] = '1'.charCodeAt(0);
    const tampered = join(dir, 'contract-tampered.pdf');
    writeFileSync(tampered, bytes);

    for (const language of ['en', 'zh-CN'] as const) {
      const words = WORDS[language];
      await inLanguage(app, language);
      await verifyPath(page, sealed);
      await waitForVerdict(page, 'TOTAL-PASSED');
      const card = page.getByTestId('verify-signature-0');
      assert.equal((await page.getByTestId('verify-signature-0-status').textContent())?.trim(), words.passed);
      assert.match((await page.getByTestId('verify-signature-0-seal').textContent()) ?? '', /合同专用章/);
      assert.equal(await page.getByTestId('verify-signature-0-organisation').textContent(), ORG_NAME);
      assert.match((await page.getByTestId('verify-signature-0-seal-user').textContent()) ?? '', /张\*/);
      assert.doesNotMatch((await page.getByTestId('verify-signature-0-seal-user').textContent()) ?? '', /张三|person-/);
      const image = page.getByTestId('verify-signature-0-seal-image').locator('img');
      await image.waitFor();
      assert.ok(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), 'the seal image is drawn');
      assert.match((await image.getAttribute('alt')) ?? '', /合同专用章/);
      const text = (await page.getByTestId('page-verify').textContent()) ?? '';
      assert.doesNotMatch(text, /TOTAL-PASSED|TOTAL-FAILED|INDETERMINATE|CN=|O=/, `${language}: no codes or raw DN on the page`);
      assert.ok(!text.includes(field), `${language}: the field name ${field} is not shown`);
      for (const part of ['intact', 'valid', 'trusted', 'unchanged']) {
        assert.equal(await page.getByTestId(`verify-signature-0-${part}`).getAttribute('data-state'), 'passed', `${language} ${part}`);
      }
      assert.deepEqual(await seriousAxe(page, '[data-testid="page-verify"]'), [], `${language}: report`);
      await shot(page, `verify-signature-${language}.png`);

      // The "as signed" dialog is accessible too.
      await card.getByTestId('verify-signature-0-as-signed').click();
      await page.locator('[data-testid="pdf-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
      assert.deepEqual(await seriousAxe(page, '.ant-modal'), [], `${language}: as-signed dialog`);
      await page.keyboard.press('Escape');
      await page.getByTestId('signed-version').waitFor({ state: 'detached' });

      // The tampered copy: every part of the card agrees with FAILED.
      await page.reload();
      await verifyPath(page, tampered);
      await waitForVerdict(page, 'TOTAL-FAILED');
      assert.equal((await page.getByTestId('verify-signature-0-status').textContent())?.trim(), words.failed);
      assert.equal(await page.getByTestId('verify-signature-0-intact').getAttribute('data-state'), 'failed');
      assert.equal(
        await page.getByTestId('verify-signature-0-unchanged').getAttribute('data-state'),
        'failed',
        'no green "no unpermitted change" on altered bytes',
      );
      assert.notEqual(await page.getByTestId('verify-signature-0-valid').getAttribute('data-state'), 'passed');
      assert.equal(await page.getByTestId('verify-signature-0-trusted').getAttribute('data-state'), 'passed', 'the workspace CA issued the certificate');
      const green = await page.getByTestId('verify-signature-0').locator('[data-state="passed"]').allTextContents();
      assert.deepEqual(
        green.map((g) => g.split(' · ')[0]),
        [language === 'en' ? 'Trusted' : '可信'],
        'only "trusted" is green on the failed card',
      );
      assert.match(
        (await page.getByTestId('verify-signature-0-why').textContent()) ?? '',
        language === 'en' ? /changed after signing/ : /签署后的内容已被改动/,
      );
      assert.deepEqual(await seriousAxe(page, '[data-testid="page-verify"]'), [], `${language}: failed report`);
      await shot(page, `verify-signature-tampered-${language}.png`);

      // An unsigned PDF: no signature cards, no certificate advice.
      await page.reload();
      await verifyPath(page, unsigned);
      const line = page.locator('[data-testid="verify-bottom-line"][data-indication="INDETERMINATE"]');
      await line.waitFor();
      const said = (await line.textContent()) ?? '';
      assert.doesNotMatch(said, /certificate|证书|CA\b/i, `${language}: ${said}`);
      assert.match(said, language === 'en' ? /no electronic signature/ : /不含电子签名/);
      assert.equal(await page.locator('[data-testid^="verify-signature-"]').count(), 0);
    }
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
