/**
 * The signing dialog with a seal whose every use needs approval (issue #18,
 * "the same in … the signing dialog"), over the real router, in both
 * languages: choosing the seal and its user says approval is needed and how;
 * the dialog files the use request; once the approver approves it with their
 * own PIN, the dialog says the use is approved. Axe clean on the dialog.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { contractPdf } from '../support/appearance-fixtures';
import { launchChromium, openApp } from '../support/bridge';
import { openFromList, selectLabels } from '../support/plan-ui';
import { chooseOption } from '../support/antd-select';
import { Workbench } from '../unit/identity/fixtures';
import { assertAxeClean } from '../support/axe';

let browser: Browser;
const wb = new Workbench();
let approver = '';
let sealId = '';
let docId = '';

before(async () => {
  browser = await launchChromium();
  await wb.init();
  const org = await wb.createOrg();
  const user = (await wb.verifyPerson('张三', '11010519491231002X')).id;
  approver = (await wb.verifyPerson('李四', '360426199101010071')).id;
  await wb.json(['pki', 'issue', '--org', org.id, '--person', approver, '--pin-env', 'AFFIX_TEST_PIN']);
  sealId = await wb.officialSeal(org.id, [user]);
  await wb.json(['seal', 'require-approval', sealId, '--approvers', approver, '--k', '1']);
  writeFileSync(wb.file('contract.pdf'), await contractPdf());
  docId = (await wb.json<{ id: string }>(['doc', 'import', wb.file('contract.pdf')], false)).id;
});
after(async () => {
  await browser?.close();
  wb.cleanup();
});

async function openSignDialog(page: Page, language: keyof typeof selectLabels): Promise<void> {
  await page.getByTestId('document-view-sign-now').click();
  const form = page.getByTestId('sign-form');
  await chooseOption(form, selectLabels[language].signer, /北京测试科技有限公司/);
  await chooseOption(form, selectLabels[language].usedBy, /张/);
}

const axeClean = (page: Page, what: string): Promise<void> => assertAxeClean(page, what, '.ant-modal');

test('en: the dialog says approval is needed, files the request, then shows it approved', async () => {
  const app = await openApp({ browser, home: wb.home, language: 'en', route: 'documents' });
  const { page } = app;
  try {
    await openFromList(page, docId);
    await openSignDialog(page, 'en');
    const needed = page.getByTestId('sign-approval-needed');
    await needed.waitFor();
    assert.match(await needed.innerText(), /Every use of this seal needs the approval of 1 approvers/);
    await axeClean(page, 'sign dialog, approval needed');
    await page.getByTestId('sign-approval-request').click();
    await needed.getByText(/0 of 1 approvals so far/).waitFor();

    const requests = await wb.json<{ id: string; documentSha256: string }[]>(['seal', 'requests', sealId], false);
    assert.equal(requests.length, 1, 'the dialog filed one use request');
    await wb.json(['seal', 'approve', requests[0]!.id, '--as', approver, '--pin-env', 'AFFIX_TEST_PIN']);

    await page.keyboard.press('Escape');
    await page.getByTestId('sign-form').waitFor({ state: 'hidden' });
    await openSignDialog(page, 'en');
    await page.getByTestId('sign-approval-approved').waitFor();
    assert.match(await page.getByTestId('sign-approval-approved').innerText(), /approved by 1 approvers/);
  } finally {
    await app.close();
  }
});

test('zh-CN: the approval notice is in Chinese', async () => {
  const app = await openApp({ browser, home: wb.home, language: 'zh-CN', route: 'documents' });
  const { page } = app;
  try {
    await openFromList(page, docId);
    await openSignDialog(page, 'zh-CN');
    // The request approved in the en test names this document version: the notice says so in Chinese.
    const approved = page.getByTestId('sign-approval-approved');
    await approved.waitFor();
    assert.match(await approved.innerText(), /本次用印已获 1 位审批人批准/);
  } finally {
    await app.close();
  }
});
