/**
 * Identities & Seals over the bridge: the ID number and credit code are
 * checked live as they are typed (a one-character slip is named), a person is
 * verified with consent and operator, an organisation and a contract seal are
 * created, and the person is authorised to use the seal — each step landing in
 * the real services and in the ledger.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openApp } from '../support/bridge';

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
    await page.getByTitle(new RegExp(persons[0].id.slice(0, 15))).click();
    await page.getByTestId('seal-authorize-submit').click();
    await sealRow.getByText(`${persons[0].id.slice(0, 15)}…`).waitFor();

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
