/**
 * The Certificates page (issues #19, #21) over the real router, in both
 * languages, on an office workspace set up by the CLI. en: the template's
 * preview renders; a CSV with one bad row issues the good rows as a job and
 * lists the bad one with its line and failing check; the register revokes
 * one; the status list is published and saved; the saved certificate PDF
 * verifies as REVOKED against it. zh-CN: another certificate's QR text
 * verifies as valid. Axe clean; screenshots into docs/screenshots.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CertificatesService } from '../../main/services/usecases/certificates/certificates-service';
import { chooseOption } from '../support/antd-select';
import { launchChromium, openApp } from '../support/bridge';
import { repoRoot } from '../support/repo';
import { HEADER, Office, PASSPHRASE, rows } from '../unit/certificates/fixtures';
import { personShown } from '../support/person-shown';
import { assertAxeClean } from '../support/axe';

const axeClean = (page: Page, what: string): Promise<void> => assertAxeClean(page, what);

let browser: Browser;
const office = new Office();
/** The office's verified clerk (王五, test/unit/certificates/fixtures.ts), as the window names them. */
const OFFICER = personShown('王五', '11010519491231002X');
let statusList = '';

before(async () => {
  browser = await launchChromium();
  await office.setUp();
});
after(async () => {
  await browser?.close();
  office.cleanup();
});

test('en: preview, batch issue with a bad row, revoke, publish the status list, verify the saved PDF as revoked', async () => {
  const app = await openApp({ browser, home: office.home, language: 'en', route: 'certificates' });
  const { page } = app;
  try {
    const templates = page.getByTestId('cert-templates');
    await templates.getByText('licence').waitFor();
    await templates.getByTestId('cert-template-preview').click();
    await page.getByTestId('cert-template-preview-image').waitFor();
    await page.keyboard.press('Escape');

    const csv = office.file('ui-rows.csv');
    // Line 5: a USCC whose check character is wrong.
    writeFileSync(csv, [HEADER, ...rows(3), 'LIC-BAD-1,坏公司,911100006000373410,张三,11010519491231002X,2031-12-31'].join('\n') + '\n');
    // The issue card's selects are the only ones with these names on the page.
    await chooseOption(page, 'Template', /^licence$/);
    await chooseOption(page, 'Issuing seal', /北京测试科技有限公司/);
    await chooseOption(page, 'Seal user', OFFICER);
    await page.getByTestId('cert-issue-csv-input').setInputFiles(csv);
    await page.getByTestId('cert-issue-passphrase').fill(PASSPHRASE);
    await page.getByTestId('cert-issue-submit').click();
    const result = page.getByTestId('cert-issue-result');
    await result.waitFor({ timeout: 120_000 });
    assert.match((await result.textContent()) ?? '', /3 issued, 0 skipped \(issued before\), 1 refused, of 4 rows/);
    const refused = result.getByTestId('cert-issue-refused').locator('tbody tr');
    assert.equal(await refused.count(), 1);
    assert.match((await refused.textContent()) ?? '', /^5.*uscc.*USCC check/);

    const register = page.getByTestId('cert-register');
    await register.getByText('LIC-2026-00003').waitFor();
    assert.equal(await register.locator('tbody tr').count(), 3);
    await axeClean(page, 'certificates page (en)');
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'certificates-issued-en.png'), fullPage: true });

    const first = register.locator('tbody tr').filter({ hasText: 'LIC-2026-00001' });
    await first.getByTestId('cert-revoke').click();
    const revoke = page.getByRole('dialog', { name: /Revoke certificate LIC-2026-00001/ });
    await chooseOption(revoke, 'Reason', /Issued in error/);
    await axeClean(page, 'revoke dialog (en)');
    await revoke.getByTestId('cert-revoke-submit').click();
    await first.getByText('Revoked (Issued in error)').waitFor();

    await page.getByTestId('cert-publish').click();
    const publish = page.getByRole('dialog', { name: 'Publish the status list' });
    await chooseOption(publish, 'Seal user', OFFICER);
    await publish.getByTestId('cert-publish-passphrase').fill(PASSPHRASE);
    const [listDownload] = await Promise.all([page.waitForEvent('download'), publish.getByTestId('cert-publish-submit').click()]);
    statusList = office.file('status-list.cwt');
    await listDownload.saveAs(statusList);

    const [pdfDownload] = await Promise.all([
      page.waitForEvent('download'),
      first.getByRole('button', { name: 'Download certificate LIC-2026-00001' }).click(),
    ]);
    assert.equal(pdfDownload.suggestedFilename(), 'LIC-2026-00001.pdf');
    const pdf = office.file('saved-00001.pdf');
    await pdfDownload.saveAs(pdf);

    await page.getByTestId('cert-verify-image-input').setInputFiles(pdf);
    await page.getByTestId('cert-verify-list-input').setInputFiles(statusList);
    await page.getByTestId('cert-verify-submit').click();
    const verdict = page.getByTestId('cert-verify-result');
    await verdict.waitFor({ timeout: 60_000 });
    assert.equal(await verdict.getAttribute('data-verdict'), 'REVOKED');
    await verdict.getByText('The certificate is revoked').waitFor();
    await axeClean(page, 'verification (en)');
    await verdict.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'certificate-verify-en.png') });
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test("zh-CN: a certificate's QR text verifies as valid against the published list; the page is in Chinese", async () => {
  const app = await openApp({ browser, home: office.home, language: 'zh-CN', route: 'certificates' });
  const { page } = app;
  try {
    const qr = new CertificatesService(app.services).get('LIC-2026-00002').qr;
    await page.getByTestId('cert-register').getByText('LIC-2026-00002').waitFor();
    await page.getByText('二维码文本').first().click();
    await page.getByTestId('cert-verify-text').fill(qr);
    if (statusList) await page.getByTestId('cert-verify-list-input').setInputFiles(statusList);
    await page.getByTestId('cert-verify-submit').click();
    const verdict = page.getByTestId('cert-verify-result');
    await verdict.waitFor();
    assert.equal(await verdict.getAttribute('data-verdict'), 'VALID');
    await verdict.getByText('证照有效').waitFor();
    assert.match((await verdict.textContent()) ?? '', /签名通过/);
    await axeClean(page, 'certificates page (zh-CN)');
    await verdict.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'certificate-verify-zh-CN.png') });
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'certificates-issued-zh-CN.png'), fullPage: true });
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
