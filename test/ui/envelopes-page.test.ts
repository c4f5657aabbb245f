/**
 * The Envelopes page (issues #15, #21) over the real router, in both
 * languages. Receiving: organisation B drops A's envelope and sees A's root
 * fingerprint as a safety number, with no import until it is confirmed — in
 * zh-CN the dialog is then cancelled and nothing is kept; in en it is
 * confirmed, B follows the parties and steps and declines with a reason, and
 * the saved envelope says "declined". Starting: organisation A fills the
 * start dialog for another document, naming B as the outside party with B's
 * root certificate file, and the window saves the envelope — in en for one
 * document, in zh-CN for another, which B's CLI then imports. Each dialog
 * shows the catalogue's words in its language (no English sentence in
 * zh-CN), is axe clean and is photographed into docs/screenshots.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Language } from '../../shared/i18n';
import { openServices } from '../../main/services/composition/container';
import { readAsic } from '../../shared/envelope/asic-container';
import { ENVELOPE_MEMBERS } from '../../shared/envelope/order';
import { contractPdf } from '../support/appearance-fixtures';
import { launchChromium, openApp } from '../support/bridge';
import { repoRoot } from '../support/repo';
import { PASSPHRASE, Workbench } from '../unit/identity/fixtures';
import { openedDialog } from '../support/antd-dialog';
import { chooseOption } from '../support/antd-select';
import { assertAxeClean } from '../support/axe';
import { assertSpeaks, said } from '../support/dialog-language';

interface Org {
  wb: Workbench;
  uscc: string;
  name: string;
  rootPem: string;
  rootSha256: string;
  sealId: string;
  personId: string;
}

async function makeOrg(name: string, uscc: string, person: [string, string]): Promise<Org> {
  const wb = new Workbench();
  await wb.init();
  const org = await wb.json<{ id: string; rootSerial: string }>(['org', 'create', '--name', name, '--uscc', uscc]);
  const personId = (await wb.verifyPerson(...person)).id;
  const sealId = (
    await wb.json<{ sealId: string }>([
      'seal',
      'create',
      '--org',
      org.id,
      '--type',
      'contract',
      '--name',
      `${name}合同专用章`,
      '--valid-until',
      new Date(Date.now() + 365 * 86_400_000).toISOString(),
    ])
  ).sealId;
  await wb.json(['seal', 'authorize', sealId, '--person', personId], false);
  const s = openServices(wb.home);
  let der: Buffer;
  try {
    der = s.pki.certificateDer(org.rootSerial);
  } finally {
    s.close();
  }
  const rootPem = wb.file('root.pem');
  writeFileSync(rootPem, `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`);
  return { wb, uscc, name, rootPem, rootSha256: createHash('sha256').update(der).digest('hex'), sealId, personId };
}

/** A document of A with a two-step order: A's seal, then a placeholder key standing in for the outside party. */
async function documentWithOrder(A: Org, file: string): Promise<string> {
  // A comment after %%EOF keeps the PDF valid and makes it a document of its own (the workspace keys documents by content).
  writeFileSync(A.wb.file(file), Buffer.concat([Buffer.from(await contractPdf()), Buffer.from(`\n% ${file}\n`)]));
  const id = (await A.wb.json<{ id: string }>(['doc', 'import', A.wb.file(file)], false)).id;
  const placeholder = (await A.wb.json<{ id: string }>(['key', 'create', '--label', `placeholder-${file}`])).id;
  await A.wb.json(
    [
      'plan',
      'set',
      id,
      '--step',
      `label=甲方,seal=${A.sealId},as=${A.personId},page=1,rect=320,160,120,120`,
      '--step',
      `label=乙方,key=${placeholder},appearance=person,page=1,rect=72,170,200,70`,
    ],
    false,
  );
  return id;
}

const axeClean = (page: Page, what: string): Promise<void> => assertAxeClean(page, what);
const shoot = (page: Page, name: string) => page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', `${name}.png`) });

/**
 * B drops A's envelope: the dialog, in `lang`, shows A's root as a safety
 * number and offers no import before it is confirmed; it is checked and
 * photographed as envelope-confirm-`lang`. Returns the open dialog.
 */
async function receiveToConfirm(page: Page, lang: Language): Promise<Locator> {
  await page.getByTestId('envelope-drop-input').setInputFiles(envelopeFromA);
  const dialog = page.getByRole('dialog', { name: said(lang, 'envelopes.receive.confirmTitle', { name: 'contract.pdf' }) });
  await dialog.waitFor();
  const groups = A.rootSha256.match(/.{4}/g)!.join(' ');
  assert.ok(((await dialog.getByTestId('envelope-parties').textContent()) ?? '').includes(groups), "A's root is shown as a safety number");
  assert.equal(await dialog.getByTestId('envelope-import-submit').isDisabled(), true, 'nothing can be imported before the fingerprint is confirmed');
  await assertSpeaks(page, dialog, lang, [
    { key: 'envelopes.receive.from' },
    { key: 'envelopes.receive.confirmHelp' },
    { key: 'envelopes.receive.confirmBox' },
    { key: 'envelopes.receive.import' },
    { key: 'envelopes.stepLine', params: { step: 2, label: '乙方', party: B.name } },
  ]);
  await axeClean(page, `confirm dialog (${lang})`);
  await shoot(page, `envelope-confirm-${lang}`);
  return dialog;
}

/**
 * A fills the start dialog, in `lang`, for `docName`: step 2 goes to B, named
 * with B's root certificate file (no submit before it is given); checked and
 * photographed as envelope-start-`lang`. Returns the open dialog.
 */
async function fillStart(page: Page, lang: Language, docName: string): Promise<Locator> {
  await page.getByTestId('envelope-start').click();
  const dialog = page.getByRole('dialog', { name: said(lang, 'envelopes.start.title') });
  await chooseOption(dialog, said(lang, 'envelopes.start.document'), docName);
  const step2 = dialog.getByTestId('envelope-start-step-2');
  await step2.getByText(said(lang, 'envelopes.start.outside')).click();
  await step2.getByTestId('envelope-party-name-2').fill(B.name);
  await step2.getByTestId('envelope-party-uscc-2').fill(B.uscc);
  assert.equal(await dialog.getByTestId('envelope-start-submit').isDisabled(), true, 'the root certificate is still missing');
  await step2.getByTestId('envelope-party-root-2-input').setInputFiles(B.rootPem);
  await step2.getByText(said(lang, 'envelopes.start.rootChosen', { name: 'root.pem' })).waitFor();
  await dialog.getByTestId('envelope-start-passphrase').fill(PASSPHRASE);
  await assertSpeaks(page, dialog, lang, [
    { key: 'envelopes.start.step', params: { step: 1, label: '甲方' } },
    { key: 'envelopes.start.step', params: { step: 2, label: '乙方' } },
    { key: 'envelopes.start.ours' },
    { key: 'envelopes.start.outside' },
    { key: 'envelopes.passphrase' },
    { key: 'envelopes.start.submit' },
  ]);
  await axeClean(page, `start dialog (${lang})`);
  await shoot(page, `envelope-start-${lang}`);
  return dialog;
}

let browser: Browser;
let A: Org;
let B: Org;
let envelopeFromA: string;

before(async () => {
  browser = await launchChromium();
  A = await makeOrg('北京甲方科技有限公司', '91110000600037341L', ['张三', '11010519491231002X']);
  B = await makeOrg('上海乙方贸易有限公司', '91310000630004567B', ['李四', '360426199101010071']);
  const doc = await documentWithOrder(A, 'contract.pdf');
  const signed = await A.wb.run(['plan', 'sign', doc, '--step', '1']);
  assert.equal(signed.status, 0, signed.stderr);
  envelopeFromA = A.wb.file('deal-1.affixenv');
  const exported = await A.wb.run(['envelope', 'export', doc, '-o', envelopeFromA, '--party', `step=2,name=${B.name},uscc=${B.uscc},root=${B.rootPem}`]);
  assert.equal(exported.status, 0, exported.stderr);
});
after(async () => {
  await browser?.close();
  A?.wb.cleanup();
  B?.wb.cleanup();
});

test("zh-CN: B drops A's envelope and is asked, in Chinese, to confirm A's fingerprint; cancelled, nothing is imported", async () => {
  const app = await openApp({ browser, home: B.wb.home, language: 'zh-CN', route: 'envelopes' });
  const { page } = app;
  try {
    await page.getByText(said('zh-CN', 'envelopes.list.empty')).waitFor();
    const dialog = await receiveToConfirm(page, 'zh-CN');
    // antd spaces out a two-character Chinese label (“取 消”), so the dialog is left as a keyboard user would.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(app.services.documents.list(), [], 'a cancelled import keeps nothing');
    await page.getByText(said('zh-CN', 'envelopes.list.empty')).waitFor();
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test("en: B receives the envelope by drop, confirms A's fingerprint, follows the steps and declines", async () => {
  const app = await openApp({ browser, home: B.wb.home, language: 'en', route: 'envelopes' });
  const { page } = app;
  try {
    await page.getByText('No envelopes yet').waitFor();
    const dialog = await receiveToConfirm(page, 'en');
    const submit = dialog.getByTestId('envelope-import-submit');
    await dialog.getByTestId(`envelope-confirm-${A.uscc}`).check();
    await submit.click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.getByTestId('envelope-list').locator('tbody tr').first();
    await row.getByText('Our turn: step 2').waitFor();
    assert.match((await row.textContent()) ?? '', /contract\.pdf.*北京甲方科技有限公司.*1 of 2 signed/);
    await row.getByTestId('envelope-open').click();
    const detail = page.getByTestId('envelope-detail');
    await detail.getByTestId('envelope-steps').waitFor();
    assert.match(
      (await detail.getByTestId('envelope-steps').textContent()) ?? '',
      /Step 1 · 甲方 · 北京甲方科技有限公司.*Signed.*Step 2 · 乙方 · 上海乙方贸易有限公司.*Ours.*Pending/,
    );
    assert.match((await detail.getByTestId('envelope-next').textContent()) ?? '', /Step 2 is ours/);
    assert.equal(await detail.getByTestId('envelope-void').count(), 0, 'only the initiator may void');
    await axeClean(page, 'envelope detail (en)');
    await shoot(page, 'envelope-detail-en');

    await detail.getByTestId('envelope-decline').click();
    const decline = await openedDialog(page, /^Decline/);
    await decline.getByTestId('envelope-action-submit').click();
    await decline.getByText('State the reason').waitFor();
    await decline.getByTestId('envelope-action-reason').fill('price not agreed');
    await decline.getByTestId('envelope-action-passphrase').fill(PASSPHRASE);
    await axeClean(page, 'decline dialog (en)');
    const [download] = await Promise.all([page.waitForEvent('download'), decline.getByTestId('envelope-action-submit').click()]);
    assert.match(download.suggestedFilename(), /^contract-2\.affixenv$/);
    const saved = join(B.wb.home, 'declined.affixenv');
    await download.saveAs(saved);
    const state = JSON.parse(Buffer.from(readAsic(readFileSync(saved), 'declined').get(ENVELOPE_MEMBERS.state)!).toString('utf8')) as {
      status: string;
      reason: string;
      from: string;
    };
    assert.deepEqual([state.status, state.reason, state.from], ['declined', 'price not agreed', B.uscc]);
    await page.getByTestId('envelope-status').filter({ hasText: 'Declined' }).first().waitFor();

    // The document's history shows A's evidence, checked and recorded when the envelope arrived.
    const [received] = app.services.documents.list();
    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'hidden' });
    await page.getByTestId('nav-documents').click();
    await page.getByTestId(`document-open-${received.id}`).click();
    await page.getByRole('tab', { name: 'History' }).click();
    const foreign = page.locator('[data-testid="document-timeline"] [data-type="foreign.checkpoint"]');
    await foreign.first().waitFor();
    assert.match(
      (await foreign.first().textContent()) ?? '',
      new RegExp(`Another party's evidence recorded.*Party ${A.uscc}: its ledger .+, proven up to \\d+ entries`),
    );
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test("en: A starts an envelope naming B with its root file; the window saves it and shows A's turn", async () => {
  await documentWithOrder(A, 'offer.pdf');
  const app = await openApp({ browser, home: A.wb.home, language: 'en', route: 'envelopes' });
  const { page } = app;
  try {
    await page.getByTestId('envelope-list').getByText('contract.pdf').waitFor();
    const dialog = await fillStart(page, 'en', 'offer.pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('envelope-start-submit').click()]);
    assert.match(download.suggestedFilename(), /^offer-1\.affixenv$/);
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('envelope-list').locator('tbody tr').filter({ hasText: 'offer.pdf' });
    await row.getByText('Our turn: step 1').waitFor();
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test("zh-CN: A starts an envelope naming B with its root file; B's CLI imports what the window saved", async () => {
  await documentWithOrder(A, 'lease.pdf');
  const app = await openApp({ browser, home: A.wb.home, language: 'zh-CN', route: 'envelopes' });
  const { page } = app;
  let saved: string | undefined;
  try {
    await page.getByTestId('envelope-list').getByText('contract.pdf').waitFor();
    const dialog = await fillStart(page, 'zh-CN', 'lease.pdf');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByTestId('envelope-start-submit').click()]);
    saved = join(B.wb.home, 'lease-1.affixenv');
    await download.saveAs(saved);
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByTestId('envelope-list').locator('tbody tr').filter({ hasText: 'lease.pdf' });
    await row.getByText('轮到本单位：第 1 步').waitFor();
    await row.getByTestId('envelope-open').click();
    const detail = page.getByTestId('envelope-detail');
    await detail.getByTestId('envelope-void').waitFor();
    assert.match((await detail.textContent()) ?? '', /第 2 步 · 乙方 · 上海乙方贸易有限公司/);
    await axeClean(page, 'envelope page (zh-CN)');
    await shoot(page, 'envelope-detail-zh-CN');
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
  // What the window saved is a real envelope: B checks it and imports it.
  const imported = await B.wb.plain(['envelope', 'import', saved!, '--accept-root', A.rootSha256, '--json']);
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal((JSON.parse(imported.stdout) as { initiator: { uscc: string } }).initiator.uscc, A.uscc);
});
