/**
 * A signing-order step whose seal has expired, in the window over the bridge.
 * No test waits for a window to end: the services read a clock the test sets
 * (test/support/settable-clock.ts). The first seal is made while that clock
 * reads two hours ago, valid until an hour ago, so it has expired for the
 * services and for the window alike. Signing the step is refused on screen with the
 * code, the expiry date and what to do; nothing is recorded (no new version,
 * no signature, no seal use; the refusal itself is anchored as seal.refused).
 * Then the advice is followed in the window: the step is given a new seal,
 * valid now, and signs. The same once signing has started (the order is
 * locked then): step 2's seal expires after step 1 is signed, and "Change
 * signer" moves step 2 to a new seal, which signs. In zh-CN the same dialog
 * moves a pending step to a new seal once step 1 is signed (no expiry needed);
 * in both languages it shows the catalogue's words and is photographed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SigningPlan } from '../../shared/contract/plans';
import { contractPdf } from '../support/appearance-fixtures';
import { launchChromium, openApp } from '../support/bridge';
import { SettableClock } from '../support/settable-clock';
import {
  awaitSigned,
  ORG_NAME,
  PASSPHRASE,
  authorisedSeal,
  checkDialog,
  selectLabels,
  entriesSince,
  importBehindWindow,
  invoke,
  openFromList,
  PERSON_PIN,
  sealScene,
  submitStep,
  shown,
  SEAL_BOX,
  twoParties,
  type SealScene,
} from '../support/plan-ui';
import { chooseOption, openOptions } from '../support/antd-select';
import { openedDialog } from '../support/antd-dialog';
import { assertSpeaks, said } from '../support/dialog-language';
import type { Language } from '../../shared/i18n';

const HOUR = 3_600_000;

/** A contract whose order is 李四 (乙方, their own key) then 张三 with the organisation's seal (甲方). */
function personThenSeal(documentId: string, scene: SealScene) {
  const { seal, person } = twoParties(scene);
  return { documentId, steps: [person, seal] };
}

/**
 * In the open document: "Change signer" on step 2 (甲方), the new seal
 * 合同专用章（新） used by 张三, submitted. The dialog speaks `lang` (its
 * title and labels from the catalogue) and is photographed as
 * docs/screenshots/change-signer-`lang`.png.
 */
async function changeStep2Signer(page: Page, lang: Language): Promise<void> {
  const step = { step: 2, label: '甲方' };
  await page.getByRole('button', { name: said(lang, 'documents.plan.changeSignerLabel', step) }).click();
  const form = page.getByTestId('change-signer-form');
  await form.waitFor();
  await chooseOption(form, selectLabels[lang].newSigner, /合同专用章（新）/);
  await chooseOption(form, selectLabels[lang].usedBy, shown.sealer);
  const dialog = await openedDialog(page, said(lang, 'documents.plan.changeSignerTitle', step));
  await assertSpeaks(page, dialog, lang, [
    { key: 'documents.plan.currentSigner' },
    { key: 'documents.plan.newSigner' },
    { key: 'documents.sign.usedBy' },
    { key: 'documents.plan.changeSignerSubmit' },
  ]);
  await checkDialog(page, `change-signer-${lang}`);
  await page.getByTestId('change-signer-submit').click();
  await form.waitFor({ state: 'detached' });
}
let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

test('signing a step whose seal has expired is refused on screen with the date and what to do; nothing is recorded; a new seal then signs', async () => {
  const clock = new SettableClock();
  const app = await openApp({ browser, language: 'en', route: 'documents', clock: clock.read });
  const { page, router, services } = app;
  const dir = mkdtempSync(join(tmpdir(), 'affix-seal-expired-'));
  try {
    // Two hours ago: a seal valid until an hour ago, authorised for 张三, on step 1 of a contract's order.
    clock.set(new Date(Date.now() - 2 * HOUR));
    const scene = await sealScene(router, dir, new Date(Date.now() - HOUR));
    const id = await importBehindWindow(app, dir, '租赁合同', await contractPdf());
    const box = { page: 1, rect: [302, 144, 119, 119] as [number, number, number, number] };
    await invoke(router, 'plans.set', {
      documentId: id,
      certify: 2,
      steps: [
        {
          signer: { kind: 'seal', sealId: scene.sealId, asPersonId: scene.sealer },
          appearance: { kind: 'seal', orgName: ORG_NAME, sealText: '合同专用章' },
          box,
          label: '甲方',
        },
      ],
    });
    clock.reset();
    assert.ok(Date.now() > Date.parse(scene.sealValidUntil), 'the seal has expired before the step is signed');

    await openFromList(page, id);
    const ledgerBefore = services.ledger.size();
    await submitStep(page, 1, PASSPHRASE);
    const alert = page.locator('.ant-modal').getByTestId('error-alert');
    await alert.waitFor();
    assert.equal(await alert.getByTestId('error-code').textContent(), 'REFUSED');
    const message = (await alert.getByTestId('error-message').textContent()) ?? '';
    assert.ok(
      message.startsWith(`Use of seal “合同专用章” refused: seal ${scene.sealId} expired on ${scene.sealValidUntil}.`),
      `the message names the seal, the expiry and its date: ${message}`,
    );
    assert.match(message, /An expired seal cannot be used again: create a new seal that is valid now \(Identities → Seals, or `affix seal create`\)/);
    assert.match((await alert.textContent()) ?? '', /Step 1 was not signed/);

    // Nothing was signed or recorded; the refusal itself is on the ledger, naming the seal, the person and the reason.
    assert.equal(services.documents.get(id).versions, 1, 'the document gained no version');
    const plan = await invoke<SigningPlan>(router, 'plans.get', { documentId: id });
    assert.equal(plan.steps[0].status.state, 'pending');
    const added = entriesSince(app, ledgerBefore);
    assert.deepEqual(
      added.map((e) => e.type),
      ['seal.refused'],
    );
    assert.equal(added[0].refs?.sealId, scene.sealId);
    assert.equal(added[0].refs?.personId, scene.sealer);
    assert.match(added[0].refs?.reason ?? '', /expired on/);
    await page.locator('.ant-modal').getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });
    assert.equal(await page.locator('[data-testid="plan-step-1"][data-state="pending"]').count(), 1);

    // What the message says to do: a new seal, valid now, for the same person; the step is changed to use it and signs.
    const renewed = await authorisedSeal(router, scene, '合同专用章（新）', new Date(Date.now() + 365 * 86_400_000), scene.sealer);
    // The view reads the seals when it opens: close and open it again to be offered the new one.
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await openFromList(page, id);
    await page.getByTestId('plan-edit').click();
    // The expired seal is still named, with its end date, but can no longer be chosen.
    const signers = await openOptions(page.getByTestId('plan-step-1'), selectLabels.en.signer);
    const expired = signers.options.filter({ hasText: /^合同专用章 · .* — expired \d{4}-\d{2}-\d{2}$/ });
    assert.equal(await expired.getAttribute('aria-disabled'), 'true');
    await signers.close();
    await chooseOption(page.getByTestId('plan-step-1'), selectLabels.en.signer, /合同专用章（新）/);
    await chooseOption(page.getByTestId('plan-step-1'), selectLabels.en.usedBy, shown.sealer);
    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-progress').waitFor();
    const changed = await invoke<SigningPlan>(router, 'plans.get', { documentId: id });
    assert.deepEqual(changed.steps[0].signer, { kind: 'seal', sealId: renewed.sealId, asPersonId: scene.sealer });
    assert.deepEqual(changed.steps[0].box, box, 'the box stays where it was');

    const beforeSigning = services.ledger.size();
    await submitStep(page, 1, PASSPHRASE);
    await awaitSigned(page, 1);
    assert.equal(services.documents.get(id).versions, 2);
    const signed = entriesSince(app, beforeSigning);
    assert.deepEqual(
      signed.filter((e) => e.type === 'seal.used').map((e) => e.refs?.sealId),
      [renewed.sealId],
    );
    assert.equal(signed.filter((e) => e.type === 'signature.added').length, 1);
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test('after step 1 is signed, step 2\'s seal expires: "Change signer" gives step 2 a new seal, which signs', async () => {
  const clock = new SettableClock();
  const app = await openApp({ browser, language: 'en', route: 'documents', clock: clock.read });
  const { page, router, services } = app;
  const dir = mkdtempSync(join(tmpdir(), 'affix-seal-expired-started-'));
  try {
    const scene = await sealScene(router, dir, new Date(Date.now() + HOUR));
    const id = await importBehindWindow(app, dir, '采购合同', await contractPdf());
    await invoke(router, 'plans.set', personThenSeal(id, scene));
    await openFromList(page, id);
    await submitStep(page, 1, PASSPHRASE, PERSON_PIN);
    await awaitSigned(page, 1);
    // Once signing has started the order is locked: no "Edit order", but a pending step's signer can change.
    assert.equal(await page.getByTestId('plan-edit').count(), 0);
    assert.equal(await page.getByTestId('plan-change-signer-1').count(), 0, 'a signed step offers no change');
    // Time moves past the end of step 2's seal (for the services; the window shows no state that depends on it here).
    clock.set(new Date(Date.parse(scene.sealValidUntil) + 60_000));

    await submitStep(page, 2, PASSPHRASE);
    const alert = page.locator('.ant-modal').getByTestId('error-alert');
    await alert.waitFor();
    assert.match((await alert.getByTestId('error-message').textContent()) ?? '', /expired on .*create a new seal that is valid now/);
    await page.locator('.ant-modal').getByRole('button', { name: 'Cancel' }).click();
    await page.locator('.ant-modal').waitFor({ state: 'hidden' });

    const renewed = await authorisedSeal(router, scene, '合同专用章（新）', new Date(Date.now() + 365 * 86_400_000), scene.sealer);
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await openFromList(page, id);
    await changeStep2Signer(page, 'en');

    const changed = await invoke<SigningPlan>(router, 'plans.get', { documentId: id });
    assert.deepEqual(changed.steps[1].signer, { kind: 'seal', sealId: renewed.sealId, asPersonId: scene.sealer });
    assert.deepEqual(
      changed.steps[1].appearance,
      { kind: 'seal', orgName: ORG_NAME, sealText: '合同专用章（新）', code: '91110000600037341L', shape: 'circle' },
      "the new seal's look, completed from its record",
    );
    assert.deepEqual(changed.steps[1].box, SEAL_BOX, 'the box stays where it was');
    // The order is read again after the dialog closes: wait for the step to name the new seal.
    await page.getByTestId('plan-step-2').filter({ hasText: '合同专用章（新）' }).waitFor();

    const beforeSigning = services.ledger.size();
    await submitStep(page, 2, PASSPHRASE);
    await awaitSigned(page, 2);
    assert.equal(services.documents.get(id).versions, 3);
    assert.deepEqual(
      entriesSince(app, beforeSigning)
        .filter((e) => e.type === 'seal.used')
        .map((e) => e.refs?.sealId),
      [renewed.sealId],
    );
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test('zh-CN: once step 1 is signed, 更换签署方 moves step 2 to a new seal; the dialog is in Chinese', async () => {
  // The same change as above, without the expiry (a signer replaced): step 1 is signed behind the window.
  const app = await openApp({ browser, language: 'zh-CN', route: 'documents' });
  const { page, router } = app;
  const dir = mkdtempSync(join(tmpdir(), 'affix-change-signer-zh-'));
  try {
    const scene = await sealScene(router, dir);
    const id = await importBehindWindow(app, dir, '采购合同', await contractPdf());
    await invoke(router, 'plans.set', personThenSeal(id, scene));
    await invoke(router, 'plans.signNext', { documentId: id, step: 1, secret: PASSPHRASE, pin: PERSON_PIN });
    const renewed = await authorisedSeal(router, scene, '合同专用章（新）', new Date(Date.now() + 365 * 86_400_000), scene.sealer);
    await openFromList(page, id);
    await awaitSigned(page, 1);

    await changeStep2Signer(page, 'zh-CN');

    const changed = await invoke<SigningPlan>(router, 'plans.get', { documentId: id });
    assert.deepEqual(changed.steps[1].signer, { kind: 'seal', sealId: renewed.sealId, asPersonId: scene.sealer });
    assert.equal(changed.steps[1].status.state, 'pending');
    await page.getByTestId('plan-step-2').filter({ hasText: '合同专用章（新）' }).waitFor();
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
