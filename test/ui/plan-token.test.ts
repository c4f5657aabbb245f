/**
 * A step of a signing order signed with a key on a PKCS#11 token, in the
 * window over the bridge, against a real SoftHSM2 token initialised by the
 * test (its own SOFTHSM2_CONF) in a module registered in the workspace:
 * - the plan editor offers the token's key (listed without a PIN) next to a
 *   workspace key; the order is saved with it; step 1 is signed with the
 *   passphrase, step 2 asks for the token PIN instead: a wrong PIN is shown
 *   as BAD_SECRET naming the token and signs nothing, the right one signs;
 *   pdfsig finds both signatures valid;
 * - "Sign now" offers the same token key: choosing it turns the passphrase
 *   field into the PIN prompt, a wrong PIN is shown as BAD_SECRET and signs
 *   nothing, the right one signs (pdfsig: valid);
 * - in Chinese the PIN prompt is translated, and a token removed since the
 *   order was set is shown with its code and message;
 * - the PIN prompt passes an axe scan and is screenshotted in both languages.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { SigningPlan } from '../../shared/contract/plans';
import type { Language } from '../../shared/contract/workspace';
import { contractPdf } from '../support/appearance-fixtures';
import { launchChromium, openApp } from '../support/bridge';
import { pdfsig } from '../support/pdf-tools';
import { awaitSigned, PASSPHRASE, checkDialog, selectLabels, importBehindWindow, invoke, openFromList, submitStep } from '../support/plan-ui';
import { chooseOption } from '../support/antd-select';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm';

let browser: Browser;
let token: SoftHsmToken;
let dir: string;
before(async () => {
  token = createSoftHsmToken({ tokenLabel: 'Plan UI Token' });
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'affix-plan-token-'));
});
after(async () => {
  await browser?.close();
  token?.cleanup();
});

/** The open PIN prompt: no serious or critical axe violation, and a screenshot for the docs. */
const checkPinPrompt = (page: Page, language: Language): Promise<void> => checkDialog(page, `sign-step-pin-${language}`);

/** The modal's error: its code and message as shown. */
async function shownError(page: Page): Promise<[string | null, string | null]> {
  const alert = page.locator('.ant-modal').getByTestId('error-alert');
  await alert.waitFor();
  return [await alert.getByTestId('error-code').textContent(), await alert.getByTestId('error-message').textContent()];
}

test('choose a token key in the plan editor; its step asks for the PIN: a wrong PIN signs nothing, the right one signs', async () => {
  const app = await openApp({ browser, language: 'en', route: 'documents' });
  const { page, router, services } = app;
  try {
    await invoke(router, 'pkcs11.add', { path: token.modulePath });
    await invoke(router, 'keys.create', { label: 'Registry clerk', passphrase: PASSPHRASE });
    const id = await importBehindWindow(app, dir, 'Token contract', await contractPdf());
    await openFromList(page, id);

    await page.getByTestId('plan-add-step').click();
    await page.getByTestId('plan-step-1-label').fill('Registry');
    await chooseOption(page.getByTestId('plan-step-1'), selectLabels.en.signer, /Registry clerk/);
    await page.getByTestId('plan-add-step').click();
    await page.getByTestId('plan-step-2-label').fill('乙方');
    await chooseOption(page.getByTestId('plan-step-2'), selectLabels.en.signer, /^Token Plan UI Token · signing-key$/);
    // A token key is usually a person's own: it suggests a signature block, placed on the page.
    await page.getByTestId('placement-box-2').waitFor();
    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-progress').waitFor();

    const plan = await invoke<SigningPlan>(router, 'plans.get', { documentId: id });
    assert.deepEqual(
      plan.steps.map((s) => [s.label, s.signer.kind, s.appearance.kind]),
      [
        ['Registry', 'key', 'person'],
        ['乙方', 'token', 'person'],
      ],
    );
    assert.deepEqual(plan.steps[1].signer, { kind: 'token', modulePath: token.modulePath, tokenLabel: 'Plan UI Token', keyLabel: token.keyLabel });
    assert.match((await page.getByTestId('plan-step-2').textContent()) ?? '', /Token Plan UI Token · signing-key/);

    await submitStep(page, 1, PASSPHRASE);
    await awaitSigned(page, 1);

    await page.getByTestId('plan-sign-2').click();
    const pin = page.getByTestId('sign-step-pin');
    await pin.waitFor();
    assert.equal(await page.getByTestId('sign-step-passphrase').count(), 0, 'a token step asks for the PIN, not the passphrase');
    assert.equal(await pin.getAttribute('autocomplete'), 'off');
    assert.equal(await page.getByLabel('Token PIN', { exact: true }).getAttribute('data-testid'), 'sign-step-pin', 'the field is labelled');
    assert.match((await page.locator('.ant-modal').textContent()) ?? '', /The user PIN of token “Plan UI Token”/);
    await checkPinPrompt(page, 'en');

    await pin.fill('000000');
    await page.getByTestId('sign-step-submit').click();
    const [code, message] = await shownError(page);
    assert.equal(code, 'BAD_SECRET');
    assert.match(message ?? '', /Wrong PIN for PKCS#11 token "Plan UI Token"/);
    assert.equal(services.documents.get(id).versions, 2, 'the wrong PIN signed nothing');

    await pin.fill(token.pin);
    await page.getByTestId('sign-step-submit').click();
    await awaitSigned(page, 2);
    assert.equal(await page.getByTestId('plan-summary').textContent(), 'All 2 steps signed');

    const signed = join(dir, 'token-signed.pdf');
    writeFileSync(signed, services.documents.bytesOf(services.documents.get(id).currentSha256));
    const sig = await pdfsig(signed);
    assert.deepEqual(
      sig.signatures.map((s) => [s.field, s.valid]),
      [
        ['Step1', true],
        ['Step2', true],
      ],
      sig.output,
    );
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test('"Sign now" with a token key: the dialog asks for the PIN, a wrong PIN signs nothing, the right one signs', async () => {
  const app = await openApp({ browser, language: 'en', route: 'documents' });
  const { page, router, services } = app;
  try {
    await invoke(router, 'pkcs11.add', { path: token.modulePath });
    await invoke(router, 'keys.create', { label: 'Registry clerk', passphrase: PASSPHRASE });
    const id = await importBehindWindow(app, dir, 'Token sign now', await contractPdf());
    await openFromList(page, id);

    await page.getByTestId('document-view-sign-now').click();
    await chooseOption(page.getByTestId('sign-form'), selectLabels.en.signer, /Registry clerk/);
    await page.getByTestId('sign-passphrase').waitFor();
    await chooseOption(page.getByTestId('sign-form'), selectLabels.en.signer, /^Token Plan UI Token · signing-key$/);
    const pin = page.getByTestId('sign-pin');
    await pin.waitFor();
    assert.equal(await page.getByTestId('sign-passphrase').count(), 0, 'a token key asks for the PIN, not the passphrase');
    assert.equal(await page.getByLabel('Token PIN', { exact: true }).getAttribute('data-testid'), 'sign-pin', 'the field is labelled');
    assert.match((await page.locator('.ant-modal').textContent()) ?? '', /The user PIN of token “Plan UI Token”/);

    await pin.fill('000000');
    await page.getByTestId('sign-submit').click();
    const [code, message] = await shownError(page);
    assert.equal(code, 'BAD_SECRET');
    assert.match(message ?? '', /Wrong PIN for PKCS#11 token "Plan UI Token"/);
    assert.equal(services.documents.get(id).versions, 1, 'the wrong PIN signed nothing');

    await pin.fill(token.pin);
    await page.getByTestId('sign-submit').click();
    await page.getByTestId('sign-form').waitFor({ state: 'detached', timeout: 60_000 });
    assert.equal(services.documents.get(id).versions, 2);
    const signed = join(dir, 'token-signed-now.pdf');
    writeFileSync(signed, services.documents.bytesOf(services.documents.get(id).currentSha256));
    const sig = await pdfsig(signed);
    assert.deepEqual(
      sig.signatures.map((s) => s.valid),
      [true],
      sig.output,
    );
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test('in Chinese: the PIN prompt is translated, and a token removed since the order was set shows its code and message', async () => {
  const app = await openApp({ browser, language: 'zh-CN', route: 'documents' });
  const { page, router, services } = app;
  try {
    await invoke(router, 'pkcs11.add', { path: token.modulePath });
    const id = await importBehindWindow(app, dir, '令牌合同', await contractPdf());
    const signer = { kind: 'token', modulePath: token.modulePath, tokenLabel: token.tokenLabel, keyLabel: token.keyLabel };
    await invoke(router, 'plans.set', {
      documentId: id,
      steps: [{ signer, appearance: { kind: 'person' }, box: { page: 1, rect: [72, 120, 200, 70] }, label: '乙方' }],
    });
    await openFromList(page, id);
    assert.match((await page.getByTestId('plan-step-1').textContent()) ?? '', /令牌 Plan UI Token · signing-key/);

    await page.getByTestId('plan-sign-1').click();
    await page.getByTestId('sign-step-pin').waitFor();
    assert.equal(await page.getByLabel('令牌 PIN 码', { exact: true }).getAttribute('data-testid'), 'sign-step-pin');
    assert.match((await page.locator('.ant-modal').textContent()) ?? '', /令牌“Plan UI Token”的用户 PIN 码/);
    await checkPinPrompt(page, 'zh-CN');

    execFileSync('softhsm2-util', ['--delete-token', '--token', token.tokenLabel], { env: process.env, stdio: 'pipe' });
    await page.getByTestId('sign-step-pin').fill(token.pin);
    await page.getByTestId('sign-step-submit').click();
    const [code, message] = await shownError(page);
    assert.equal(code, 'NOT_FOUND');
    assert.match(message ?? '', /^Step 1 \(.*\): No token labelled "Plan UI Token" is present in .*insert it and try again/);
    assert.equal(services.documents.get(id).versions, 1, 'nothing was signed');
    assert.equal(await page.locator('[data-testid="plan-step-1"][data-state="signed"]').count(), 0);
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
