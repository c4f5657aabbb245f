/**
 * Identities → Approvals & PINs (issues #18, #21) over the real router, in
 * both languages. en: a seal is made to need one approver; a use is
 * requested and approved with the approver's own PIN; a custodian is set and
 * approves a reveal, which shows the person's data and lands in the access
 * log; a person changes their PIN. zh-CN: a wrong old PIN is refused and
 * the PIN still works; the tab is in Chinese. Axe clean; screenshots.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { contractPdf } from '../support/appearance-fixtures';
import { launchChromium, openApp } from '../support/bridge';
import { repoRoot } from '../support/repo';
import { PASSPHRASE, PERSON_PIN, Workbench } from '../unit/identity/fixtures';
import { writeFileSync } from 'node:fs';
import { personShown } from '../support/person-shown';
import { chooseOption, chooseOptions } from '../support/antd-select';
import { openedDialog } from '../support/antd-dialog';
import { assertAxeClean } from '../support/axe';

const axeClean = (page: Page, what: string): Promise<void> => assertAxeClean(page, what);

/** How the window names each of the three people (masked name and document tail). */
const USER = ['张三', '11010519491231002X'] as const;
const APPROVER = ['李四', '360426199101010071'] as const;
const CUSTODIAN = ['监管员', '110105194912310038'] as const;
const shownAs = { user: personShown(...USER), approver: personShown(...APPROVER), custodian: personShown(...CUSTODIAN) };

let browser: Browser;
const wb = new Workbench();
let approver = '';
let custodian = '';
let user = '';

before(async () => {
  browser = await launchChromium();
  await wb.init();
  const org = await wb.createOrg();
  user = (await wb.verifyPerson(...USER)).id;
  approver = (await wb.verifyPerson(...APPROVER)).id;
  custodian = (await wb.verifyPerson(...CUSTODIAN)).id;
  for (const p of [approver, custodian]) await wb.json(['pki', 'issue', '--org', org.id, '--person', p, '--pin-env', 'AFFIX_TEST_PIN']);
  await wb.officialSeal(org.id, [user]);
  writeFileSync(wb.file('contract.pdf'), await contractPdf());
  await wb.json(['doc', 'import', wb.file('contract.pdf')], false);
});
after(async () => {
  await browser?.close();
  wb.cleanup();
});

test("en: approve a seal use with the approver's PIN, set a custodian, reveal with their approval, change a PIN", async () => {
  const app = await openApp({ browser, home: wb.home, language: 'en', route: 'identities' });
  const { page } = app;
  try {
    await page.getByRole('tab', { name: 'Approvals & PINs' }).click();
    const card = page.getByTestId('seal-approvals-card');
    await chooseOption(card, 'Seal', /北京测试科技有限公司/);
    await card.getByText('No approval needed').waitFor();
    await card.getByTestId('approval-request').isDisabled();

    await card.getByTestId('approval-set-rule').click();
    const rule = await openedDialog(page, 'Set the approval rule');
    await chooseOptions(rule, 'Approvers', [shownAs.approver]);
    await rule.getByTestId('approval-rule-passphrase').fill(PASSPHRASE);
    await rule.getByTestId('approval-rule-submit').click();
    await card.getByText(/1 of 1 must approve/).waitFor();

    await card.getByTestId('approval-request').click();
    const request = await openedDialog(page, 'Request a use');
    await chooseOption(request, 'Document', 'contract.pdf');
    await chooseOption(request, 'Seal user', shownAs.user);
    await request.getByTestId('approval-request-submit').click();
    const row = card.getByTestId('approval-requests').locator('tbody tr').first();
    await row.getByText('Waiting (0 of 1)').waitFor();
    assert.match((await row.textContent()) ?? '', /contract\.pdf/);

    await row.getByTestId('approval-approve').click();
    const approve = await openedDialog(page, 'Approve the use');
    await chooseOption(approve, 'Approver', shownAs.approver);
    await approve.getByTestId('approval-passphrase').fill(PASSPHRASE);
    await approve.getByTestId('approval-pin').fill(PERSON_PIN);
    await approve.getByTestId('approval-approve-submit').click();
    await row.getByText('Approved', { exact: true }).waitFor();
    assert.match((await row.textContent()) ?? '', shownAs.approver, 'the approver is named');

    const custodians = page.getByTestId('custodians-card');
    await custodians.getByText(/None set/).waitFor();
    await chooseOptions(custodians, 'Custodians', [shownAs.custodian]);
    await page.getByTestId('custodians-passphrase').fill(PASSPHRASE);
    await page.getByTestId('custodians-submit').click();
    await custodians.getByText(/1 of 1 must approve/).waitFor();

    const reveal = page.getByTestId('reveal-card');
    await chooseOption(reveal, 'Person', shownAs.user);
    await page.getByTestId('reveal-reason').fill('court order 17');
    await chooseOption(reveal, 'Approver 1', shownAs.custodian);
    await page.getByTestId('reveal-approval-pin-0').fill(PERSON_PIN);
    await page.getByTestId('reveal-passphrase').fill(PASSPHRASE);
    await page.getByTestId('reveal-submit').click();
    await reveal.getByTestId('reveal-result').getByText('张三').waitFor();
    const log = app.services.access.log(user);
    assert.ok(
      log.some((e) => e.outcome === 'granted' && e.reason === 'court order 17' && e.approvers.some((a) => a.personId === custodian)),
      'the reveal is in the access log with its approver',
    );

    await chooseOption(page.getByTestId('pin-change-card'), 'Person', shownAs.approver);
    await page.getByTestId('pin-old').fill(PERSON_PIN);
    await page.getByTestId('pin-new').fill('731 905 mine');
    await page.getByTestId('pin-repeat').fill('731 905 mine');
    await page.getByTestId('pin-passphrase').fill(PASSPHRASE);
    await axeClean(page, 'approvals tab (en)');
    await page.getByTestId('pin-submit').click();
    await page.getByText(/PIN changed; \d key\(s\) re-sealed/).waitFor();
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'approvals-en.png'), fullPage: true });
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test('zh-CN: a wrong old PIN is refused and nothing changes', async () => {
  const app = await openApp({ browser, home: wb.home, language: 'zh-CN', route: 'identities' });
  const { page } = app;
  try {
    await page.getByRole('tab', { name: '审批与口令' }).click();
    await page.getByTestId('pin-change-card').getByText('修改个人 PIN 码').first().waitFor();
    await chooseOption(page.getByTestId('pin-change-card'), '人员', shownAs.custodian);
    await page.getByTestId('pin-old').fill('wrong pin 000');
    await page.getByTestId('pin-new').fill('555 104 ours');
    await page.getByTestId('pin-repeat').fill('555 104 ours');
    await page.getByTestId('pin-passphrase').fill(PASSPHRASE);
    await page.getByTestId('pin-submit').click();
    await page.getByTestId('pin-change-card').getByTestId('error-alert').waitFor();
    // The old PIN still opens the custodian's key: changing it with the old PIN works.
    const changed = await app.router.invoke(
      'persons.changePin',
      { personId: custodian, oldPin: PERSON_PIN, newPin: '555 104 ours', passphrase: PASSPHRASE },
      { kind: 'cli' },
    );
    assert.equal(changed.ok, true, JSON.stringify(changed));
    await axeClean(page, 'approvals tab (zh-CN)');
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'approvals-zh-CN.png'), fullPage: true });
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
