/**
 * Issue 21 items 2, 3, 4, 7, 8 and 10 (and issue 16's "no typed paths") in
 * the window over the bridge, in both languages:
 * - an empty workspace's status page says the next step (身份与印章), and
 *   the empty document list says how to import;
 * - people appear by masked name and document tail in the seal table and
 *   the pickers; someone not authorised for a seal is disabled, with why;
 * - signing outside a signing order is refused by the main process unless
 *   confirmed, and the dialog states the consequence and asks to confirm;
 * - the ad-hoc sign dialog is visible by default, shows the seal from its
 *   record inside the box on the page preview, moves by dragging, and fits
 *   800 px; the stamped appearance equals the one the preview draws;
 * - export chooses its target in the save dialog (a handle), and asks for
 *   the workspace passphrase only when the main process says it needs it;
 * - ID photos are dropped (a handle), never typed;
 * axe finds nothing serious in the dialogs; screenshots go to docs/screenshots.
 */
import AxeBuilder from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Language } from '../../shared/contract/workspace';
import { recordedSealFace } from '../../main/services/domain/seals/seal-face-rule';
import { sealAppearanceFor } from '../../main/services/domain/seals/seal-appearance';
import { contractPdf } from '../support/appearance-fixtures';
import { launchChromium, openApp, scriptedDialogs } from '../support/bridge';
import { dropFile } from '../support/drop-file';
import { PASSPHRASE, PERSON_PIN, selectLabels, importBehindWindow, invoke, sealScene } from '../support/plan-ui';
import { chooseOption, openOptions } from '../support/antd-select';
import { repoRoot } from '../support/repo';

const SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');
const LANGUAGES: Language[] = ['zh-CN', 'en'];
const TAIL: Record<Language, string> = { 'zh-CN': '证件尾号', en: 'ID ending' };

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser.close();
});

async function seriousAxe(page: Page, include: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include(include).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('the stamped seal is drawn from the record exactly as the preview draws it, whatever the window sends', () => {
  const seal = { legalName: '北京测试科技有限公司', name: '北京测试科技有限公司合同专用章', uscc: '91110000600037341L', type: 'contract' as const };
  const retyped = recordedSealFace({ kind: 'seal', orgName: '别的单位', sealText: '北京测试科技有限公司合同专用章' }, seal);
  // seal-preview.ts draws sealAppearanceFor(record): the same parameters, so the same drawing.
  assert.deepEqual(retyped, sealAppearanceFor(seal));
  assert.equal(retyped?.kind === 'seal' && retyped.code, '91110000600037341L', 'the USCC arc is kept');
  assert.equal(retyped?.kind === 'seal' && retyped.sealText, '合同专用章', 'the under-star text is the short one, not the full seal name');
  assert.deepEqual(recordedSealFace({ kind: 'person' }, seal), { kind: 'person' }, 'a signature block stays a signature block');
});

for (const language of LANGUAGES) {
  test(`empty workspace: the status page and the document list point to the next step (${language})`, async () => {
    const app = await openApp({ browser, language, route: 'status', viewport: { width: 1280, height: 800 } });
    try {
      const { page } = app;
      const next = page.getByTestId('status-next-step');
      await next.waitFor();
      assert.equal(await next.getAttribute('data-step'), 'people');
      assert.equal(await page.getByTestId('status-next-step-go').getAttribute('href'), '#/identities');
      await page.screenshot({ path: join(SCREENSHOTS, `status-next-step-${language}.png`) });
      await page.goto(`${app.url.split('#')[0]}#/documents`);
      await page.getByTestId('documents-empty').waitFor();
      assert.equal(await page.getByTestId('documents-import-path').count(), 0, 'no path is typed to import');
      assert.deepEqual(app.problems(), []);
    } finally {
      await app.close();
    }
  });

  test(`people by masked name, order bypass confirmed, seal in its box, export asks for the passphrase (${language})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'affix-docs-people-'));
    const dialogs = scriptedDialogs();
    const app = await openApp({ browser, language, route: 'documents', dialogs, viewport: { width: 1280, height: 800 } });
    try {
      const { page, router } = app;
      const scene = await sealScene(router, dir);
      const pdf = await contractPdf();
      // Other bytes: the same bytes would be the same document.
      const signed = await importBehindWindow(app, dir, 'signed-by-person', Buffer.concat([pdf, Buffer.from('\n% another copy\n')]));
      const ordered = await importBehindWindow(app, dir, 'with-order', pdf);

      // Item 3: the seal table names 张三 as 张* and the tail of their ID; no ids.
      await page.goto(`${app.url.split('#')[0]}#/identities`);
      await page.getByRole('tab', { name: language === 'en' ? 'Seals' : '印章', exact: true }).click();
      const tag = page.getByTestId('seal-authorised-person').first();
      await tag.waitFor().catch(async (e: unknown) => {
        await page.screenshot({ path: join(dir, 'fail.png') });
        throw new Error(`no authorised person tag (screenshot ${dir}/fail.png): ${app.problems().join('; ')}`, { cause: e });
      });
      assert.equal((await tag.innerText()).trim(), `张* · ${TAIL[language]} 002X`);
      assert.doesNotMatch(await page.getByTestId('seals-table').innerText(), /person-/);

      // Item 4: the main process refuses signing outside an order unless confirmed.
      await invoke(router, 'plans.set', {
        documentId: ordered,
        steps: [{ label: '乙方', signer: { kind: 'person', personId: scene.signer }, appearance: { kind: 'none' } }],
      });
      const refused = await router.invoke(
        'signing.sign',
        { documentId: ordered, keyId: scene.sealId, asPersonId: scene.sealer, passphrase: PASSPHRASE },
        { kind: 'cli' },
      );
      assert.ok(!refused.ok && refused.error.code === 'REFUSED' && /signing order/.test(refused.error.message), JSON.stringify(refused));

      await page.goto(`${app.url.split('#')[0]}#/documents`);
      await page.getByTestId(`document-sign-${ordered}`).click();
      const dialog = page.getByRole('dialog').last();
      await page.getByTestId('sign-outside-order').waitFor();
      // Visible by default, placed on the page preview, the dialog within 800 px.
      await page.locator('[data-testid="sign-preview"] [data-testid="pdf-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
      await chooseOption(page.getByTestId('sign-form'), selectLabels[language].signer, /合同专用章/);
      // Item 3: 李四 is not authorised for the seal: listed, disabled, with the reason.
      const users = await openOptions(page.getByTestId('sign-form'), selectLabels[language].usedBy);
      const disabled = users.options.and(page.locator('.ant-select-item-option-disabled'));
      await disabled.first().waitFor();
      assert.match(await disabled.first().innerText(), new RegExp(`李\\* · ${TAIL[language]} 0071`));
      await users.close();
      await chooseOption(page.getByTestId('sign-form'), selectLabels[language].usedBy, /张\*/);
      // Item 7 and 8: the seal from its record, drawn inside the box; nothing to retype.
      await page.getByTestId('sign-seal-face-image').waitFor({ timeout: 90_000 });
      assert.equal(await page.getByTestId('sign-org-name').count(), 0);
      assert.equal(await page.getByTestId('sign-seal-text').count(), 0);
      const face = page.getByTestId('placement-face-1');
      await face.waitFor({ timeout: 90_000 });
      assert.equal(await face.evaluate((e) => e.tagName), 'IMG');
      const boxEl = page.getByTestId('placement-box-1');
      const before = await boxEl.getAttribute('data-rect');
      const bb = (await boxEl.boundingBox())!;
      await page.mouse.move(bb.x + bb.width / 2, bb.y + bb.height / 2);
      await page.mouse.down();
      await page.mouse.move(bb.x + bb.width / 2 - 60, bb.y + bb.height / 2 + 80, { steps: 5 });
      await page.mouse.up();
      assert.notEqual(await boxEl.getAttribute('data-rect'), before, 'dragging moves the box');
      const modalBox = (await dialog.boundingBox())!;
      assert.ok(modalBox.height <= 800 && modalBox.y >= 0, `the dialog fits 800 px: ${JSON.stringify(modalBox)}`);
      await page.getByTestId('sign-passphrase').fill(PASSPHRASE);
      // Without the confirmation the form says what is missing and nothing is signed.
      await page.getByTestId('sign-submit').click();
      await dialog
        .locator('.ant-form-item-explain-error')
        .filter({ hasText: language === 'en' ? /Confirm/ : /确认/ })
        .waitFor();
      assert.deepEqual(await seriousAxe(page, '[role="dialog"]'), []);
      await page.screenshot({ path: join(SCREENSHOTS, `sign-dialog-${language}.png`) });
      await page.getByTestId('sign-outside-order-confirm').check();
      await page.getByTestId('sign-submit').click();
      await dialog.waitFor({ state: 'hidden', timeout: 60_000 });
      assert.equal(app.services.documents.get(ordered).versions, 2, 'confirmed, the signing outside the order went through');

      // Item 2: a document signed with a person's certificate, exported in a new session (vault locked).
      await invoke(router, 'signing.sign', { documentId: signed, keyId: scene.signer, passphrase: PASSPHRASE, pin: PERSON_PIN });
      app.services.vault.lock();
      await page.reload();
      await page.getByTestId(`document-export-${signed}`).click();
      const target = join(dir, 'case.affixproof');
      dialogs.nextSave(target);
      await page.getByTestId('export-choose').click();
      await page.getByTestId('export-target').waitFor();
      assert.ok(
        dialogs.asked.some((a) => a.startsWith('save:proof-package:')),
        dialogs.asked.join(),
      );
      await page.getByTestId('export-submit').click();
      const secret = page.getByTestId('export-passphrase');
      await secret.waitFor();
      assert.equal(existsSync(target), false, 'nothing is written before the passphrase is given');
      assert.deepEqual(await seriousAxe(page, '[role="dialog"]'), []);
      await page.screenshot({ path: join(SCREENSHOTS, `export-passphrase-${language}.png`) });
      await secret.fill('not the passphrase');
      await page.getByTestId('export-submit').click();
      await page.locator('[data-testid="export-passphrase-why"].ant-alert-error').waitFor();
      await page.getByTestId('export-passphrase').fill(PASSPHRASE);
      await page.getByTestId('export-submit').click();
      await page.getByRole('dialog').last().waitFor({ state: 'hidden', timeout: 60_000 });
      assert.ok(existsSync(target), 'the package is written where the save dialog said');

      // Item 10: an ID photo is dropped, becoming a handle; no path is typed.
      await page.goto(`${app.url.split('#')[0]}#/identities`);
      await page.getByTestId('person-photos').waitFor();
      await dropFile(page, 'person-photos', 'id-front.png', PHOTO, 'image/png');
      await page.getByTestId('person-photos-file').waitFor();
      assert.match(await page.getByTestId('person-photos-file').innerText(), /id-front\.png/);
      const labels = await page.getByTestId('person-label').allInnerTexts();
      assert.ok(labels.includes(`李* · ${TAIL[language]} 0071`), labels.join(' | '));
      await page.screenshot({ path: join(SCREENSHOTS, `identities-persons-${language}.png`) });
      assert.deepEqual(app.problems(), []);
    } finally {
      await app.close();
    }
  });
}
