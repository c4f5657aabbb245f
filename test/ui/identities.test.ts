/**
 * Identities & Seals over the bridge: the ID number and credit code are
 * checked live as they are typed (a one-character slip is named), a person is
 * verified with consent and operator, an organisation and a contract seal are
 * created, and the person is authorised to use the seal — each step landing in
 * the real services and in the ledger. While a seal is being made, its
 * preview (drawn by the main process's seal appearance code) follows the
 * fields as they are typed.
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openApp } from '../support/bridge';
import { repoRoot } from '../support/repo';
import { personShown } from '../support/person-shown';

const ID_NUMBER = '11010519491231002X';
const USCC = '91110000600037341L';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

test('verify a person, create an organisation and a seal, authorise the person — with live check-digit feedback', async () => {
  const app = await openApp({ browser, language: 'en', route: 'identities' });
  const { page, services } = app;
  try {
    const ledgerBefore = services.ledger.size();

    // Live feedback: one wrong character names the check that failed; the right number passes.
    await page.getByTestId('person-id-number').fill('110105194912310021');
    const check = page.getByTestId('person-document-check');
    await page.locator('[data-testid="person-document-check"][data-ok="false"]').waitFor();
    assert.equal(await check.getAttribute('data-check'), 'check-digit');
    assert.match((await check.textContent()) ?? '', /check character \(the 18th\) does not match/);
    await page.getByTestId('person-id-number').fill(ID_NUMBER);
    await page.locator('[data-testid="person-document-check"][data-ok="true"]').waitFor();

    // Submitting without consent is stopped by the form; nothing reaches the workspace.
    await page.getByTestId('person-name').fill('张三');
    await page.getByTestId('person-operator').fill('Clerk Li');
    await page.getByTestId('person-passphrase').fill('correct horse battery staple');
    await page.getByTestId('person-verify-submit').click();
    await page.getByText("The person's consent is required.").waitFor();
    assert.equal(services.identity.list().length, 0);

    await page.getByTestId('person-consent').check();
    await page.getByTestId('person-verify-submit').click();
    const personRow = page.getByTestId('persons-table').locator('tbody tr.ant-table-row');
    await personRow.first().waitFor();
    const persons = services.identity.list();
    assert.equal(persons.length, 1);
    assert.ok(persons[0].verification, 'the verification record exists');
    assert.match((await personRow.first().textContent()) ?? '', new RegExp(persons[0].verification!.ial));

    // The organisation: a slip in the credit code is named; the real code passes and creates the CAs.
    await page.getByRole('tab', { name: 'Organisations' }).click();
    await page.getByTestId('org-uscc').fill('91110000600037341M');
    await page.locator('[data-testid="org-uscc-check"][data-ok="false"]').waitFor();
    await page.getByTestId('org-uscc').fill(USCC);
    await page.locator('[data-testid="org-uscc-check"][data-ok="true"]').waitFor();
    await page.getByTestId('org-legal-name').fill('北京某某科技有限公司');
    await page.getByTestId('org-passphrase').fill('correct horse battery staple');
    await page.getByTestId('org-create-submit').click();
    await page.getByTestId('orgs-table').getByText('北京某某科技有限公司').waitFor();

    // A contract seal, valid from 2026 to 2030.
    await page.getByRole('tab', { name: 'Seals' }).click();
    await page.getByTestId('seal-org').click();
    await page.getByTitle(`北京某某科技有限公司 (${USCC})`).click();
    await page.getByTestId('seal-name').fill('合同专用章');
    await page.getByPlaceholder('Start date').click();
    await page.getByPlaceholder('Start date').fill('2026-01-01');
    await page.getByPlaceholder('Start date').press('Enter');
    await page.getByPlaceholder('End date').fill('2030-12-31');
    await page.getByPlaceholder('End date').press('Enter');
    await page.getByTestId('seal-passphrase').fill('correct horse battery staple');
    await page.getByTestId('seal-create-submit').click();
    const sealRow = page.getByTestId('seals-table').locator('tbody tr.ant-table-row', { hasText: '合同专用章' });
    await sealRow.waitFor();
    assert.match((await sealRow.textContent()) ?? '', /Nobody yet/);

    // Authorise the verified person to use it.
    await page.getByTestId('seal-authorize-seal').click();
    await page.getByTitle(/合同专用章 · 北京某某科技有限公司/).click();
    await page.getByTestId('seal-authorize-person').click();
    await page.getByTitle(personShown('张三', ID_NUMBER)).click();
    await page.getByTestId('seal-authorize-submit').click();
    await sealRow.getByText(personShown('张三', ID_NUMBER)).waitFor();

    const seals = services.seals.list();
    assert.equal(seals.length, 1);
    assert.deepEqual(
      seals[0].authorized.map((a) => a.personId),
      [persons[0].id],
    );
    const types = services.ledger.entries(ledgerBefore, 100).map((e) => e.entry.type);
    for (const type of ['identity.verified', 'org.created', 'seal.created', 'seal.authorized']) {
      assert.ok(types.includes(type), `${type} is anchored (got ${types.join(', ')})`);
    }
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test('the seal preview follows the organisation, the type and the name as they are typed', async () => {
  const app = await openApp({ browser, language: 'en', route: 'identities' });
  const { page, services, router } = app;
  try {
    const org = await services.pki.createOrg({
      legalName: '北京某某科技有限公司',
      uscc: USCC,
      representatives: [],
      passphrase: 'correct horse battery staple',
    });
    await page.getByRole('tab', { name: 'Seals' }).click();
    await page.getByTestId('seal-preview-empty').waitFor();

    // Count the preview calls the page makes, to see that typing is debounced.
    const calls: unknown[] = [];
    const invoke = router.invoke.bind(router);
    router.invoke = (method, input, sender) => {
      if (method === 'seals.preview') calls.push(input);
      return invoke(method, input, sender);
    };

    await page.getByTestId('seal-org').click();
    await page.getByTitle(`北京某某科技有限公司 (${USCC})`).click();
    const preview = page.getByTestId('seal-preview');
    await page.locator('[data-testid="seal-preview"][data-name=""]').waitFor({ timeout: 30_000 });
    const first = await preview.getAttribute('src');
    assert.match(first ?? '', /^data:image\/png;base64,/);

    calls.length = 0;
    await page.getByTestId('seal-name').pressSequentially('人事专用章', { delay: 40 });
    await page.locator('[data-testid="seal-preview"][data-name="人事专用章"]').waitFor({ timeout: 30_000 });
    const typed = await preview.getAttribute('src');
    assert.notEqual(typed, first, 'the picture changed with the name');
    assert.ok(calls.length >= 1 && calls.length < 5, `${calls.length} preview calls for 5 keystrokes`);
    assert.equal(await preview.getAttribute('alt'), 'Seal preview: 人事专用章');
    // What the page shows is exactly what the main process draws for these fields.
    const direct = await router.invoke('seals.preview', { orgId: org.id, type: 'contract', name: '人事专用章', widthPx: 320 }, { kind: 'cli' });
    assert.ok(direct.ok);
    assert.equal(typed, `data:image/png;base64,${(direct.value as { pngBase64: string }).pngBase64}`);

    // A finance seal is drawn as an ellipse.
    await page.getByTestId('seal-type').click();
    await page.getByTitle('Finance seal').click();
    await page.locator('[data-testid="seal-preview"][data-shape="ellipse"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('seal-type').click();
    await page.getByTitle('Contract seal').click();
    await page.locator('[data-testid="seal-preview"][data-shape="circle"]:not([aria-busy])').waitFor({ timeout: 30_000 });

    const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    assert.deepEqual(
      axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`),
      [],
    );
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'seal-preview-en.png') });
    await page.getByTestId('language-switch').getByText('中文', { exact: true }).click();
    await page.getByText('与文档盖章使用同一套绘制代码。').waitFor();
    assert.equal(await preview.getAttribute('alt'), '印章预览：人事专用章');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'seal-preview-zh-CN.png') });
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
