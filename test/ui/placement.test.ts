/**
 * The document view's signing order, in the window over the bridge:
 * - two boxes for two signers are placed on the pdf.js preview with the
 *   pointer (drag, resize), the keyboard (move, resize, delete) and "snap to
 *   text" over 甲方（盖章）; the order is saved with certification;
 * - step 2 cannot be signed first (the UI says why; the main process refuses
 *   too); a seal whose authorisation was withdrawn is refused with its code
 *   and reason on screen; then step 1 and step 2 are signed, the preview
 *   shows the seal where its box was, pdfsig finds both signatures, and the
 *   history lists both;
 * - on a page turned by /Rotate 90 with a crop box off the origin, a box
 *   dragged to a spot on screen is saved at the PDF coordinates of that spot
 *   and the signature, rendered by poppler, appears there (after a wrong key
 *   passphrase is refused as BAD_SECRET);
 * - the view passes an axe scan in both languages; screenshots are saved.
 */
import { PDFDocument, degrees } from '@cantoo/pdf-lib';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { PageBox, SigningPlan } from '../../shared/contract/plans';
import type { Language } from '../../shared/contract/workspace';
import type { Router } from '../../main/ipc/router';
import { PARTY_AT, PARTY_TEXT, contractPdf, countPixels, isSealRed, renderPage } from '../support/appearance-fixtures';
import { launchChromium, openApp } from '../support/bridge';
import { pdfsig } from '../support/pdf-tools';
import { awaitSigned, selectLabels, importBehindWindow, openFromList, shown } from '../support/plan-ui';
import { chooseOption } from '../support/antd-select';
import { repoRoot } from '../support/repo';
import { assertAxeClean } from '../support/axe';

const PASSPHRASE = 'correct horse battery staple';
const PERSON_PIN = '406 872 sole';
const SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');
/** A 1×1 PNG standing in for the photograph of an identity document. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

let browser: Browser;
let dir: string;
before(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'affix-placement-'));
});
after(() => browser?.close());

async function call<T>(router: Router, method: string, input: unknown): Promise<T> {
  const r = await router.invoke(method, input, { kind: 'cli' });
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** An organisation with a contract seal authorised for 张三, and 李四 holding a personal certificate. */
async function signers(router: Router) {
  const org = await call<{ id: string }>(router, 'orgs.create', { legalName: '北京测试科技有限公司', uscc: '91110000600037341L', passphrase: PASSPHRASE });
  const photo = join(dir, 'photo.png');
  writeFileSync(photo, PHOTO);
  const person = async (name: string, number: string) =>
    (
      await call<{ id: string }>(router, 'identity.verify', {
        ...{ name, document: { kind: 'resident-id', number }, additionalEvidence: ['household-register'], photoPaths: [photo] },
        ...{
          securityFeaturesChecked: true,
          faceMatched: true,
          operator: 'Clerk Wang',
          consentStatement: 'I agree to identity verification.',
          passphrase: PASSPHRASE,
        },
      })
    ).id;
  const sealer = await person('张三', '11010519491231002X');
  const signer = await person('李四', '360426199101010071');
  await call(router, 'pki.issue', { orgId: org.id, personId: signer, passphrase: PASSPHRASE, pin: PERSON_PIN });
  const day = 86_400_000;
  const seal = await call<{ sealId: string }>(router, 'seals.create', {
    ...{ orgId: org.id, type: 'contract', name: '合同专用章', passphrase: PASSPHRASE },
    ...{ validFrom: new Date(Date.now() - day).toISOString(), validUntil: new Date(Date.now() + 365 * day).toISOString() },
  });
  await call(router, 'seals.authorize', { sealId: seal.sealId, personId: sealer });
  return { sealId: seal.sealId, sealer, signer };
}

const rectOf = async (box: Locator): Promise<number[]> => ((await box.getAttribute('data-rect')) ?? '').split(',').map(Number);
const near = (actual: readonly number[], expected: readonly number[], eps: number, what: string) =>
  assert.ok(
    actual.length === expected.length && actual.every((v, i) => Math.abs(v - expected[i]) <= eps),
    `${what}: got [${actual.join(', ')}], expected [${expected.join(', ')}]`,
  );

/** Drags from the centre of `from` by (dx, dy) CSS pixels with the mouse. */
async function drag(page: Page, from: Locator, dx: number, dy: number): Promise<void> {
  const b = (await from.boundingBox())!;
  const [x, y] = [b.x + b.width / 2, b.y + b.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx / 2, y + dy / 2, { steps: 4 });
  await page.mouse.move(x + dx, y + dy, { steps: 4 });
  await page.mouse.up();
}

const axeClean = (page: Page, what: string): Promise<void> => assertAxeClean(page, what, '[data-testid="document-view"]');

test('place two boxes, save the order, sign out of order (refused), then in order; the preview, pdfsig and the history agree', async () => {
  const app = await openApp({ browser, language: 'en', route: 'documents' });
  const { page, router, services } = app;
  try {
    const { sealId, sealer, signer } = await signers(router);
    const id = await importBehindWindow(app, dir, 'Lease 甲乙', await contractPdf());
    await openFromList(page, id);
    const scale = Number(await page.getByTestId('placement-stage').getAttribute('data-scale'));
    assert.ok(scale > 0.5 && scale <= 1, `page shown at ${scale} px/pt`);

    // Step 1: the contract seal, used by 张三; its appearance comes from the seal record.
    await page.getByTestId('plan-add-step').click();
    await page.getByTestId('plan-step-1-label').fill('甲方');
    await chooseOption(page.getByTestId('plan-step-1'), selectLabels.en.signer, /合同专用章/);
    await chooseOption(page.getByTestId('plan-step-1'), selectLabels.en.usedBy, shown.sealer);
    const box1 = page.getByTestId('placement-box-1');
    near(await rectOf(box1), [238, 361.5, 119, 119], 0.01, 'a new seal box is centred on the page at the seal’s own size');

    // Step 2: 李四 with their own certificate: a signature block.
    await page.getByTestId('plan-add-step').click();
    await page.getByTestId('plan-step-2-label').fill('乙方');
    await chooseOption(page.getByTestId('plan-step-2'), selectLabels.en.signer, shown.signer);
    const box2 = page.getByTestId('placement-box-2');
    near(await rectOf(box2), [197.5, 386, 200, 70], 0.01, 'a signature block box, centred');

    // Delete removes a focused box; "Place on this page" brings it back.
    await box2.focus();
    await page.keyboard.press('Delete');
    await box2.waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('plan-step-2-box').textContent(), 'No box on the page yet');
    await page.getByTestId('plan-step-2-place').click();
    await box2.waitFor();

    // Drag box 2 down and left with the mouse, then resize it from its corner.
    await drag(page, box2, -150, 150);
    const moved = [197.5 - 150 / scale, 386 - 150 / scale, 200, 70];
    near(await rectOf(box2), moved, 0.02, 'dragged by the pointer (screen down is PDF y down)');
    await drag(page, page.getByTestId('placement-resize-2'), 30, 20);
    const resized = [moved[0], moved[1] + 70 - (70 + 20 / scale), 200 + 30 / scale, 70 + 20 / scale];
    near(await rectOf(box2), resized, 0.03, 'resized from its corner: the top-left corner stays put');

    // Box 1 from the keyboard: two steps right, one up, then one wider.
    await box1.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Shift+ArrowRight');
    near(await rectOf(box1), [246, 365.5, 123, 119], 0.01, 'arrows move by 4 pt, Shift+arrow resizes');

    // Snap box 1 onto 甲方（盖章）: centred on the words, same size.
    await page.getByTestId('snap-text').fill(PARTY_TEXT);
    await page.getByTestId('snap-submit').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="placement-box-1"]')?.getAttribute('data-rect')?.startsWith('246,') === false);
    const snapped = await rectOf(box1);
    const text = { cx: PARTY_AT.x + (PARTY_TEXT.length * PARTY_AT.size) / 2, cy: PARTY_AT.y + PARTY_AT.size * 0.3 };
    near([snapped[0] + snapped[2] / 2, snapped[1] + snapped[3] / 2, snapped[2], snapped[3]], [text.cx, text.cy, 123, 119], 2, 'centred on the keyword');

    await chooseOption(page, selectLabels.en.certify, /form filling and signing/);
    await page.mouse.move(0, 0);
    await page.locator('.ant-drawer-body').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'document-view-en.png') });
    await axeClean(page, 'editing the order (en)');

    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-progress').waitFor();
    const plan = await call<SigningPlan>(router, 'plans.get', { documentId: id });
    assert.equal(plan.certify, 2);
    assert.deepEqual(
      plan.steps.map((s) => [s.label, s.signer, s.appearance.kind, s.box?.page]),
      [
        ['甲方', { kind: 'seal', sealId, asPersonId: sealer }, 'seal', 1],
        ['乙方', { kind: 'person', personId: signer }, 'person', 1],
      ],
    );
    near(plan.steps[0].box!.rect, snapped, 0, 'step 1 saved where the box was shown');
    near(plan.steps[1].box!.rect, resized, 0.03, 'step 2 saved where the box was shown');

    // Step 2 first: the UI does not offer it and says why; the main process refuses it as well.
    assert.equal(await page.getByTestId('plan-sign-2').isDisabled(), true);
    assert.equal(await page.getByTestId('plan-step-2-waits').textContent(), 'Waits for step 1 (甲方) to be signed first.');
    const early = await router.invoke('plans.signNext', { documentId: id, step: 2, secret: PASSPHRASE }, { kind: 'cli' });
    assert.ok(!early.ok && /cannot be signed yet: the steps are signed in order/.test(early.error.message));
    assert.equal(services.documents.get(id).versions, 1);

    // The seal's authorisation is withdrawn meanwhile: step 1 is refused with the reason, nothing is signed.
    await call(router, 'seals.authorize', { sealId, personId: sealer, revoke: true });
    await page.getByTestId('plan-sign-1').click();
    await page.getByTestId('sign-step-passphrase').fill(PASSPHRASE);
    await page.getByTestId('sign-step-submit').click();
    const alert = page.locator('.ant-modal').getByTestId('error-alert');
    await alert.waitFor();
    assert.equal(await alert.getByTestId('error-code').textContent(), 'REFUSED');
    assert.match((await alert.getByTestId('error-message').textContent()) ?? '', /not authorised/);
    assert.match((await alert.textContent()) ?? '', /Step 1 was not signed/);

    // Authorised again (a wrong passphrase is tried with a workspace key in the rotated-page test below).
    await call(router, 'seals.authorize', { sealId, personId: sealer });
    assert.equal(services.documents.get(id).versions, 1, 'refused attempts signed nothing');

    // Now step 1, then step 2.
    await page.getByTestId('sign-step-passphrase').fill(PASSPHRASE);
    await page.getByTestId('sign-step-submit').click();
    await awaitSigned(page, 1);
    await page.getByTestId('plan-sign-2').click();
    await page.getByTestId('sign-step-passphrase').fill(PASSPHRASE);
    // Step 2 is the person's own signature: their PIN as well (issue #18).
    await page.getByTestId('sign-step-person-pin').fill(PERSON_PIN);
    await page.getByTestId('sign-step-submit').click();
    await awaitSigned(page, 2);
    assert.equal(await page.getByTestId('plan-summary').textContent(), 'All 2 steps signed');
    const doc = services.documents.get(id);
    assert.equal(doc.versions, 3);

    // The preview now shows the newest version: the seal is drawn inside step 1's box.
    const newest = page.locator(`[data-testid="placement-stage"][data-version="${doc.currentSha256}"] [data-testid="pdf-canvas"][data-rendered="true"]`);
    await newest.waitFor();
    const sealRedOnCanvas = await newest.evaluate(
      (el: HTMLCanvasElement, r) => {
        const k = (r.scale * el.width) / el.getBoundingClientRect().width;
        const d = el.getContext('2d')!.getImageData(Math.round(r.x * k), Math.round(r.top * k), Math.round(r.w * k), Math.round(r.h * k)).data;
        let red = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] > 170 && d[i + 1] < 90 && d[i + 2] < 90) red++;
        return red;
      },
      { x: snapped[0], top: 842 - snapped[1] - snapped[3], w: snapped[2], h: snapped[3], scale },
    );
    assert.ok(sealRedOnCanvas > 500, `the seal shows in its box on the preview (${sealRedOnCanvas} red pixels)`);

    // Independent checks of the signed file: poppler finds two valid signatures, and draws the seal in its box.
    const signed = join(dir, 'signed.pdf');
    writeFileSync(signed, services.documents.bytesOf(doc.currentSha256));
    const sig = await pdfsig(signed);
    assert.deepEqual(
      sig.signatures.map((s) => [s.field, s.valid]),
      [
        ['Step1', true],
        ['Step2', true],
      ],
      sig.output,
    );
    const rendering = await renderPage(signed, dir, 'signed');
    assert.ok(countPixels(rendering, snapped, isSealRed) > 1000, 'poppler draws the seal inside step 1’s box');
    assert.equal(countPixels(rendering, [snapped[0], snapped[1] + snapped[3] + 5, snapped[2], 60], isSealRed), 0, 'and not above it');

    // The history names both signatures and their steps.
    await page.getByRole('tab', { name: 'History' }).click();
    const signatures = page.locator('[data-testid="document-timeline"] [data-type="signature.added"]');
    await signatures.nth(1).waitFor();
    assert.equal(await signatures.count(), 2);
    assert.match((await signatures.nth(0).textContent()) ?? '', /Signature added.*Step: 1 \(甲方\).*Signature field: Step1/);
    assert.match((await signatures.nth(1).textContent()) ?? '', /Signature added.*Step: 2 \(乙方\).*Signature field: Step2/);

    // Back in the list: two signatures, the order complete.
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    const state = page.getByTestId(`document-state-${id}`);
    await state.getByTestId('state-signatures').filter({ hasText: 'Signatures: 2' }).waitFor();
    assert.equal(await state.getByTestId('state-plan').textContent(), '2/2 · complete');
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

/** One page, 612×792, shown through a crop box at (30, 40) and turned a quarter clockwise. */
async function rotatedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([612, 792]);
  page.setCropBox(30, 40, 550, 720);
  page.setRotation(degrees(90));
  return doc.save({ useObjectStreams: false });
}

test('on a rotated, cropped page a box is saved at the PDF coordinates of where it was drawn, and the signature lands there', async () => {
  const app = await openApp({ browser, language: 'en', route: 'documents' });
  const { page, router, services } = app;
  try {
    await call(router, 'keys.create', { label: 'Registry clerk', passphrase: PASSPHRASE });
    const id = await importBehindWindow(app, dir, 'Rotated certificate', await rotatedPdf());
    await openFromList(page, id);
    const stage = page.getByTestId('placement-stage');
    assert.equal(await stage.getAttribute('data-rotate'), '90');
    const scale = Number(await stage.getAttribute('data-scale'));
    const shown = (await stage.boundingBox())!;
    near([shown.width / scale, shown.height / scale], [720, 550], 0.5, 'the page is shown turned: crop height across, crop width down');

    await page.getByTestId('plan-add-step').click();
    await page.getByTestId('plan-step-1-label').fill('Clerk');
    await chooseOption(page.getByTestId('plan-step-1'), selectLabels.en.signer, /Registry clerk/);
    await page.getByTestId('plan-step-1').getByText('Signature block', { exact: true }).click();
    const box = page.getByTestId('placement-box-1');
    await box.waitFor();
    // 200×70 pt in the page's own space shows as 70 wide and 200 tall when turned.
    const before = (await box.boundingBox())!;
    near([before.width / scale, before.height / scale], [70, 200], 0.5, 'the box is shown turned with the page');

    // Drag it so its top-left corner sits 50 px right of and 80 px below the page's top-left corner.
    await drag(page, box, shown.x + 50 - before.x, shown.y + 80 - before.y);
    const after = (await box.boundingBox())!;
    near([after.x - shown.x, after.y - shown.y], [50, 80], 1, 'the box is where it was dropped');

    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-progress').waitFor();
    const saved = (await call<SigningPlan>(router, 'plans.get', { documentId: id })).steps[0].box as PageBox;
    // Turned 90° clockwise, screen x runs along PDF y (from the crop box's bottom) and screen y along PDF x (from its left).
    const expected = [30 + (after.y - shown.y) / scale, 40 + (after.x - shown.x) / scale, after.height / scale, after.width / scale];
    assert.equal(saved.page, 1);
    near(saved.rect, expected, 0.05, 'saved in unrotated PDF user space');

    // A wrong passphrase for the key is refused as such; the right one signs.
    await page.getByTestId('plan-sign-1').click();
    await page.getByTestId('sign-step-passphrase').fill('not the passphrase');
    await page.getByTestId('sign-step-submit').click();
    const alert = page.locator('.ant-modal').getByTestId('error-alert');
    await alert.waitFor();
    assert.equal(await alert.getByTestId('error-code').textContent(), 'BAD_SECRET');
    assert.equal(services.documents.get(id).versions, 1);
    await page.getByTestId('sign-step-passphrase').fill(PASSPHRASE);
    await page.getByTestId('sign-step-submit').click();
    await awaitSigned(page, 1);

    // poppler renders the whole media box, turned as shown (792 wide, 612 tall): the crop box's top-left
    // corner (x 30, y 40) lands at (40, 30) there. The signature block's ink is inside the spot it was dropped on.
    const signed = join(dir, 'rotated-signed.pdf');
    writeFileSync(signed, services.documents.bytesOf(services.documents.get(id).currentSha256));
    const img = await renderPage(signed, dir, 'rotated');
    assert.deepEqual([img.width, img.height], [792, 612]);
    // renderPage addresses pixels from the bottom-left; these are from the image's top-left, in points.
    const ink = (l: number, t: number, w: number, h: number) => countPixels(img, [l, img.height - t - h, w, h], ([r, g, b]) => r + g + b < 600);
    const [l, t, w, h] = [40 + (after.x - shown.x) / scale, 30 + (after.y - shown.y) / scale, after.width / scale, after.height / scale];
    assert.ok(ink(l, t, w, h) > 100, `the signature is drawn where the box was dropped (${ink(l, t, w, h)} dark pixels)`);
    assert.equal(ink(l + w + 4, 0, img.width - l - w - 4, img.height), 0, 'nothing is drawn to its right');
    assert.equal(ink(0, t + h + 4, img.width, img.height - t - h - 4), 0, 'nothing is drawn below it');
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test('the document view in Chinese: the order in progress, translated and accessible', async () => {
  const language: Language = 'zh-CN';
  const app = await openApp({ browser, language, route: 'documents' });
  const { page, router } = app;
  try {
    const { sealId, sealer, signer } = await signers(router);
    const id = await importBehindWindow(app, dir, '房屋租赁合同', await contractPdf());
    await call(router, 'plans.set', {
      documentId: id,
      certify: 2,
      steps: [
        {
          signer: { kind: 'seal', sealId, asPersonId: sealer },
          appearance: { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '合同专用章' },
          box: { page: 1, rect: [302, 144, 119, 119] },
          label: '甲方',
        },
        { signer: { kind: 'person', personId: signer }, appearance: { kind: 'person' }, box: { page: 1, rect: [40, 160, 200, 70] }, label: '乙方' },
      ],
    });
    await call(router, 'plans.signNext', { documentId: id, step: 1, secret: PASSPHRASE });
    await openFromList(page, id);
    await awaitSigned(page, 1);
    assert.equal(await page.getByTestId('plan-summary').textContent(), '已签 1/2 · 下一位：乙方');
    assert.equal(await page.getByTestId('plan-edit').count(), 0, 'the order is read-only once signing has started');
    assert.equal(await page.getByTestId('page-indicator').textContent(), '第 1 页，共 1 页');
    assert.equal(await page.getByTestId('placement-box-1').getAttribute('role'), 'button');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'document-view-zh-CN.png') });
    await axeClean(page, 'order in progress (zh-CN)');
    await page.getByRole('tab', { name: '历史记录' }).click();
    await page.locator('[data-testid="document-timeline"] [data-type="signature.added"]').getByText('添加签名').waitFor();
    await axeClean(page, 'history (zh-CN)');
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
