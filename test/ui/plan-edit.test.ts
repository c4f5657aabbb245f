/**
 * Changing a saved signing order in the window, over the bridge: before any
 * step is signed the order opens in the editor, where a box is moved, a
 * label changed, a step removed, two added and one moved up, and the
 * certification changed (a level that would shut out the later steps is
 * refused with the reason); after saving and reloading the page the changed
 * order is shown and plans.get returns it. Once step 1 is signed the order
 * can no longer be edited: the UI offers no editor and says why, and
 * plans.set is refused. An editor left open while step 1 is signed elsewhere
 * (e.g. by the CLI) cannot save either: it says so and shows the order as
 * signed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SigningPlan } from '../../shared/contract/plans';
import type { Router } from '../../main/ipc/router';
import { contractPdf } from '../support/appearance-fixtures';
import { launchChromium, openApp, type OpenApp } from '../support/bridge';
import {
  awaitSigned,
  twoParties,
  PASSPHRASE,
  selectLabels,
  importBehindWindow,
  invoke,
  openFromList,
  sealScene,
  submitStep,
  type SealScene,
  shown,
} from '../support/plan-ui';
import { chooseOption } from '../support/antd-select';

const LOCKED = 'Signing has started: the steps and boxes can no longer be changed, only the signer of a step not yet signed.';
const REFUSED =
  'Signing has started; the order can no longer be changed. The signer of a step not yet signed still can ("Change signer" in the window, "affix plan change-signer").';

let browser: Browser;
let dir: string;
before(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'affix-plan-edit-'));
});
after(() => browser?.close());

/** A contract with a saved two-step order (the seal over 甲方, 李四 over 乙方), certifying with form filling allowed. */
async function contractWithOrder(app: OpenApp, scene: SealScene, name: string): Promise<string> {
  const id = await importBehindWindow(app, dir, name, await contractPdf());
  const { seal, person } = twoParties(scene, [40, 160, 200, 70]);
  await invoke(app.router, 'plans.set', { documentId: id, certify: 2, steps: [seal, person] });
  return id;
}

/** What a plan says, without its statuses. */
const shape = (plan: SigningPlan) => ({ certify: plan.certify, steps: plan.steps.map((s) => [s.step, s.label, s.signer, s.appearance.kind, s.box ?? null]) });

/** The titles of the saved order's step cards ("1. 甲方"), in order. */
const stepTitles = (page: Page) => page.locator('[data-testid="plan-progress"] [data-testid^="plan-step-"][data-state] strong').allTextContents();

/** Reloads the page once the preview shows the document's newest version (a reload cutting off pdf.js's loading counts as a failed request). */
async function reloadWhenShown(app: OpenApp, documentId: string): Promise<void> {
  const sha = app.services.documents.get(documentId).currentSha256;
  await app.page
    .locator(`[data-testid="placement-stage"][data-version="${sha}"] [data-testid="pdf-canvas"][data-rendered="true"]`)
    .waitFor({ timeout: 60_000 });
  await app.page.reload();
  await openFromList(app.page, documentId);
}

async function refusedToSet(router: Router, documentId: string, plan: SigningPlan): Promise<string> {
  const steps = plan.steps.map(({ signer, appearance, box, label }) => ({ signer, appearance, ...(box ? { box } : {}), label: `${label}（改）` }));
  const answer = await router.invoke('plans.set', { documentId, steps }, { kind: 'cli' });
  assert.ok(!answer.ok, 'plans.set is refused once signing has started');
  return `${answer.error.code} ${answer.error.message}`;
}

test('a saved, unsigned order is changed in the editor, saved and shown again after a reload; once step 1 is signed it is locked, in the UI and in the main process', async () => {
  const app = await openApp({ browser, language: 'en', route: 'documents' });
  const { page, router } = app;
  try {
    const scene = await sealScene(router, dir);
    const key = await invoke<{ id: string }>(router, 'keys.create', { label: 'Registry clerk', passphrase: PASSPHRASE });
    const id = await contractWithOrder(app, scene, '租赁合同');
    await openFromList(page, id);
    await page.getByTestId('plan-edit').click();
    await page.getByTestId('plan-editor').waitFor();
    assert.equal(await page.getByTestId('plan-step-1-label').inputValue(), '甲方', 'the editor starts from the saved order');

    // Step 1: moved two steps right and one up with the keyboard (4 pt each), and relabelled.
    const box1 = page.getByTestId('placement-box-1');
    assert.equal(await box1.getAttribute('data-rect'), '302,144,119,119');
    await box1.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    assert.equal(await box1.getAttribute('data-rect'), '310,148,119,119');
    await page.getByTestId('plan-step-1-label').fill('甲方（出租人）');

    // Step 2 (李四) removed; a workspace key signing invisibly added, then 李四 again with a box, moved up before the key.
    await page.getByTestId('plan-step-2-remove').click();
    await page.getByTestId('plan-step-2').waitFor({ state: 'detached' });
    await page.getByTestId('plan-add-step').click();
    await page.getByTestId('plan-step-2-label').fill('Registry clerk');
    await chooseOption(page.getByTestId('plan-step-2'), selectLabels.en.signer, /Registry clerk/);
    // Visible by default, with a box to place; the clerk makes it invisible and the box goes.
    await page.getByTestId('placement-box-2').waitFor();
    await page.getByTestId('plan-step-2').locator('label.ant-radio-button-wrapper', { hasText: 'Invisible' }).click();
    assert.equal(await page.getByTestId('plan-step-2-box').textContent(), 'Invisible signature (no box)');
    await page.getByTestId('placement-box-2').waitFor({ state: 'detached' });
    await page.getByTestId('plan-add-step').click();
    await page.getByTestId('plan-step-3-label').fill('乙方（承租人）');
    await chooseOption(page.getByTestId('plan-step-3'), selectLabels.en.signer, shown.signer);
    await page.getByTestId('placement-box-3').waitFor();
    await page.getByTestId('plan-step-3-up').click();
    assert.equal(await page.getByTestId('plan-step-2-label').inputValue(), '乙方（承租人）');

    // Certification: "no changes allowed" would shut out steps 2 and 3, and the main process says so; "also annotations" is saved.
    await chooseOption(page, selectLabels.en.certify, /no changes allowed/);
    await page.getByTestId('plan-save').click();
    const refusal = page.getByTestId('plan-editor').getByTestId('error-alert');
    await refusal.waitFor();
    assert.match(
      (await refusal.getByTestId('error-message').textContent()) ?? '',
      /^Certification level 1 allows no later changes, so steps 2–3 could not sign/,
    );
    await chooseOption(page, selectLabels.en.certify, /also annotations/);
    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-progress').waitFor();

    const expected = {
      certify: 3,
      steps: [
        [1, '甲方（出租人）', { kind: 'seal', sealId: scene.sealId, asPersonId: scene.sealer }, 'seal', { page: 1, rect: [310, 148, 119, 119] }],
        [2, '乙方（承租人）', { kind: 'person', personId: scene.signer }, 'person', { page: 1, rect: [197.5, 386, 200, 70] }],
        [3, 'Registry clerk', { kind: 'key', keyId: key.id }, 'none', null],
      ],
    };
    assert.deepEqual(shape(await invoke<SigningPlan>(router, 'plans.get', { documentId: id })), expected);

    // After a reload the changed order is what the document shows.
    await reloadWhenShown(app, id);
    await page.getByTestId('plan-progress').waitFor();
    assert.deepEqual(await stepTitles(page), ['1. 甲方（出租人）', '2. 乙方（承租人）', '3. Registry clerk']);
    await page.getByText('Step 1 signs as: Certify: also annotations (P=3)').waitFor();
    assert.equal(await page.getByTestId('placement-box-1').getAttribute('data-rect'), '310,148,119,119');
    assert.equal(await page.getByTestId('placement-box-2').getAttribute('data-rect'), '197.5,386,200,70');
    assert.equal(await page.getByTestId('placement-box-3').count(), 0, 'the invisible step has no box');
    assert.equal(await page.getByTestId('plan-edit').count(), 1, 'still editable: nothing is signed');
    assert.equal(await page.getByText(LOCKED).count(), 0);

    // Step 1 is signed in the window: from then on the order cannot be edited, and the UI says why.
    await submitStep(page, 1, PASSPHRASE);
    await awaitSigned(page, 1);
    await page.getByText(LOCKED).waitFor();
    assert.equal(await page.getByTestId('plan-edit').count(), 0, 'no way into the editor');
    assert.equal(await page.getByTestId('plan-editor').count(), 0);
    const signedPlan = await invoke<SigningPlan>(router, 'plans.get', { documentId: id });
    assert.equal(await refusedToSet(router, id, signedPlan), `BAD_INPUT ${REFUSED}`);
    assert.deepEqual(shape(await invoke<SigningPlan>(router, 'plans.get', { documentId: id })), expected, 'the refused change left the order as it was');

    // Still locked after a reload.
    await reloadWhenShown(app, id);
    await page.getByText(LOCKED).waitFor();
    assert.equal(await page.getByTestId('plan-edit').count(), 0);
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test('an editor left open while step 1 is signed elsewhere cannot save: it says why and shows the order as signed', async () => {
  const app = await openApp({ browser, language: 'en', route: 'documents' });
  const { page, router, services } = app;
  try {
    const scene = await sealScene(router, dir);
    const id = await contractWithOrder(app, scene, '买卖合同');
    const saved = shape(await invoke<SigningPlan>(router, 'plans.get', { documentId: id }));
    await openFromList(page, id);
    await page.getByTestId('plan-edit').click();
    await page.getByTestId('plan-step-2-label').fill('乙方（买方）');

    // Meanwhile step 1 is signed outside the window (as `affix plan sign` would).
    await invoke(router, 'plans.signNext', { documentId: id, step: 1, secret: PASSPHRASE });
    await page.getByTestId('plan-save').click();
    const alert = page.getByTestId('error-alert');
    await alert.waitFor();
    assert.equal(await alert.getByTestId('error-code').textContent(), 'BAD_INPUT');
    assert.equal(await alert.getByTestId('error-message').textContent(), REFUSED);
    assert.match((await alert.textContent()) ?? '', /The signing order was not saved/);
    // The view reads the order again: step 1 signed, no editor, and the reason the order is locked.
    await awaitSigned(page, 1);
    await page.getByText(LOCKED).waitFor();
    assert.equal(await page.getByTestId('plan-editor').count(), 0);
    assert.equal(await page.getByTestId('plan-edit').count(), 0);
    assert.deepEqual(shape(await invoke<SigningPlan>(router, 'plans.get', { documentId: id })), saved, 'the order is unchanged');
    assert.equal(services.documents.get(id).versions, 2);
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
