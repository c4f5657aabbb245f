/**
 * Long-term validation from the document view, in English and Chinese
 * (issues 21 and 23): with a TSA this test serves on 127.0.0.1 set in
 * Settings, "Long-term validation" on a sealed document adds a new version
 * whose DSS holds the chain and the organisation's CRL and whose last
 * signature is a document time-stamp — read back with the one verifier, which
 * must call the whole file TOTAL-PASSED — and the history names the version.
 * Without a TSA the dialog says so in the reader's language, points to
 * Settings and sends nothing. Axe finds no serious or critical violation in
 * the dialog. Screenshots: docs/screenshots/document-ltv-{en,zh-CN}.png.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { signPdf } from '../../main/services/engines/pdf-signing/sign-pdf';
import { startTsaServer, type TsaServer } from '../../main/services/usecases/tsa/tsa-http';
import { tsaServiceOf } from '../../main/services/usecases/tsa/tsa-of';
import { setTsaUrlSetting } from '../../main/services/usecases/tsa/tsa-settings';
import type { Language } from '../../shared/contract/workspace';
import { PdfReader } from '../../shared/pdf/reader';
import { verifyPdf } from '../../shared/verify';
import { readDss } from '../../shared/verify/dss';
import { launchChromium, openApp } from '../support/bridge';
import { handmadePdf } from '../support/handmade-pdf';
import { latinSentences } from '../support/latin-sentences';
import { repoRoot } from '../support/repo';
import { outputOf } from '../support/signing-fixtures';
import { contractSealKey } from '../support/seal-fixtures';
import { assertAxeClean } from '../support/axe';

const SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');
const PASSPHRASE = 'correct horse battery staple';
const USCC = '91110000600037341L';
let browser: Browser;

before(async () => {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(() => browser?.close());

const axe = (page: Page, where: string): Promise<void> => assertAxeClean(page, where, '.ant-modal');

const WORDS = {
  en: {
    open: 'Long-term validation',
    done: /version 3 of the document/,
    noTsa: /No TSA is set/,
    versioned: 'New version recorded',
    reason: /long-term validation/,
  },
  'zh-CN': { open: '长期验证（LTV）', done: /第 3 版/, noTsa: /尚未设置时间戳服务/, versioned: '记录新版本', reason: /长期验证/ },
} as const;

for (const language of ['en', 'zh-CN'] as const satisfies Language[]) {
  test(`document view (${language}): long-term validation with a loopback TSA, and a clear refusal without one`, async () => {
    const app = await openApp({ browser, language, route: 'documents' });
    const { page, services } = app;
    const words = WORDS[language];
    let server: TsaServer | undefined;
    try {
      const org = await services.pki.createOrg({ legalName: '北京某某科技有限公司', uscc: USCC, representatives: [], passphrase: PASSPHRASE });
      const seal = await contractSealKey(services, org.id, PASSPHRASE);
      const key = seal.key;
      const signed = outputOf(await signPdf(handmadePdf({ style: 'table' }), {}, key));
      await services.pki.issueCrl(org.id, PASSPHRASE);
      const doc = services.documents.importBytes(signed, language === 'en' ? 'supply-contract.pdf' : '供货合同.pdf');
      const tsa = await tsaServiceOf(services).init({ name: 'Loopback TSA', passphrase: PASSPHRASE });
      server = await startTsaServer(tsaServiceOf(services).open(tsa.id, PASSPHRASE), { host: '127.0.0.1', port: 0 });
      await page.getByTestId('documents-table').waitFor();
      await page.waitForLoadState('networkidle');
      await page.reload();

      // No TSA yet: the dialog says so, points to Settings, and offers nothing to press.
      await page.getByTestId(`document-open-${doc.id}`).click();
      await page.getByTestId('document-view').waitFor();
      await page.getByTestId('document-view-ltv').click();
      await page.getByTestId('ltv-no-tsa').filter({ hasText: words.noTsa }).waitFor();
      assert.equal(await page.getByTestId('ltv-submit').isDisabled(), true);
      if (language === 'zh-CN') assert.deepEqual(latinSentences(await page.getByTestId('ltv-dialog').innerText()), []);
      await axe(page, 'no TSA');
      await page.keyboard.press('Escape');
      await page.getByTestId('ltv-dialog').waitFor({ state: 'detached' });
      assert.equal(services.documents.get(doc.id).versions, 1, 'nothing was recorded without a TSA');

      // With the loopback TSA set: one click adds B-LT and B-LTA as version 2.
      setTsaUrlSetting(services.workspace, server.url);
      await page.getByTestId('document-view-ltv').click();
      await page.getByTestId('ltv-tsa').filter({ hasText: server.url }).waitFor();
      await page.getByTestId('ltv-submit').click();
      await page.getByTestId('ltv-done').waitFor();
      const after = services.documents.get(doc.id);
      assert.equal(after.versions, 2);
      assert.match((await page.getByTestId('ltv-done').innerText()).replace(/\s+/g, ' '), language === 'en' ? /version 2 of the document/ : /第 2 版/);
      assert.equal(await page.getByTestId('ltv-timestamps').innerText(), '1');
      if (language === 'zh-CN') assert.deepEqual(latinSentences(await page.getByTestId('ltv-dialog').innerText()), []);
      await axe(page, 'done');
      await page.screenshot({ path: join(SCREENSHOTS, `document-ltv-${language}.png`) });

      const bytes = services.documents.bytesOf(after.currentSha256);
      const dss = readDss(PdfReader.open(bytes));
      assert.ok(dss.certs.length >= 3, `the DSS holds the chain (${dss.certs.length} certificates)`);
      assert.equal(dss.crls.length, 1, "the DSS holds the organisation's CRL");
      const report = await verifyPdf(bytes, { trustAnchors: [Buffer.from(services.pki.chain(seal.certSerial).at(-1)!)] });
      assert.deepEqual(
        report.signatures.map((s) => s.kind),
        ['approval', 'document-timestamp'],
      );
      assert.equal(report.document.indication, 'TOTAL-PASSED', JSON.stringify(report.signatures.map((s) => s.status)));
      assert.equal(report.signatures[0]!.time?.checkedAtSource, 'document-timestamp', 'the seal is judged at the time-stamp’s proven time');

      // Again: a renewal, a third version with a second document time-stamp.
      await page.getByTestId('ltv-close').click();
      await page.getByTestId('document-view-ltv').click();
      await page.getByTestId('ltv-submit').click();
      await page.getByTestId('ltv-done').filter({ hasText: words.done }).waitFor();
      assert.equal(await page.getByTestId('ltv-timestamps').innerText(), '2');
      await page.getByTestId('ltv-close').click();
      assert.equal(services.documents.get(doc.id).versions, 3);

      // The history names both versions in words.
      await page.getByRole('tab', { name: language === 'en' ? 'History' : '历史记录' }).click();
      const versioned = page.getByTestId('document-timeline').locator('[data-type="document.versioned"]');
      await versioned.nth(1).waitFor();
      assert.equal(await versioned.count(), 2);
      assert.match(await versioned.first().innerText(), new RegExp(words.versioned));
      assert.match(await versioned.first().innerText(), words.reason, 'the reason is said in words, not as a code');
    } finally {
      await server?.close();
      await app.close();
    }
  });
}
