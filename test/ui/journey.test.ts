/**
 * The whole journey in the window, every step through the UI (over the
 * bridge, so each click runs the real router and services):
 * an organisation is created; two people are verified (live check digits);
 * one is issued their own signing certificate; a contract seal is created
 * and authorised for the other; a contract PDF is imported by choosing the
 * file; on its preview two boxes are placed for two signers (one snapped to
 * 甲方（盖章）, one to 乙方（签字）); the order is saved; the second step
 * cannot go first; both sign in order; the history shows both signatures;
 * a proof package is exported and verifies on the Verify page — while the
 * same package with one byte of its PDF changed fails there. poppler checks
 * the signed file on the side.
 *
 * In zh-CN only the signing is done in the window (the workspace and the order
 * are set up through the router, as the CLI would), to reach the same signed
 * view, in Chinese, without a second long journey.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { PACKAGE_FILES } from '../../shared/proof/container';
import { contractPdf } from '../support/appearance-fixtures';
import type { Services } from '../../main/services/composition/container';
import { chooseOption } from '../support/antd-select';
import {
  awaitSigned,
  importBehindWindow,
  invoke,
  openFromList,
  ORG_NAME as ORG,
  PASSPHRASE,
  PERSON_PIN,
  sealScene,
  selectLabels,
  submitStep,
  twoParties,
} from '../support/plan-ui';
import { assertSpeaks } from '../support/dialog-language';
import type { Language, Message } from '../../shared/i18n';
import { launchChromium, openApp, scriptedDialogs } from '../support/bridge';
import { dropFile } from '../support/drop-file';
import { pdfsig } from '../support/pdf-tools';
import { repoRoot } from '../support/repo';
import { ensureVerifierBuilt, withFile } from '../unit/proof/fixtures';
import { personShown } from '../support/person-shown';

const USCC = '91110000600037341L';

/** What the document view must say once both steps are signed, in the window's language. */
const SIGNED_VIEW: Message[] = [
  { key: 'documents.plan.complete', params: { total: 2 } },
  { key: 'documents.plan.stateSigned' },
  { key: 'documents.view.order' },
  { key: 'documents.view.history' },
  { key: 'documents.ltv.open' },
  { key: 'documents.export.open' },
];

/**
 * The signed document's view, once its preview shows the newest version, speaks
 * `lang`; photographed as docs/screenshots/journey-signed-`lang`.png.
 */
async function photographSigned(page: Page, services: Services, documentId: string, lang: Language): Promise<void> {
  const sha = services.documents.get(documentId).currentSha256;
  await page.locator(`[data-testid="placement-stage"][data-version="${sha}"] [data-testid="pdf-canvas"][data-rendered="true"]`).waitFor({ timeout: 60_000 });
  await page.mouse.move(0, 0);
  await assertSpeaks(page, page.getByTestId('document-view'), lang, SIGNED_VIEW);
  await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', `journey-signed-${lang}.png`) });
}

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  await ensureVerifierBuilt();
});
after(() => browser?.close());

/** Verifies a person through the form; returns the id of the person it added. */
async function verifyPerson(services: Services, page: Page, name: string, number: string): Promise<string> {
  const before = new Set(services.identity.list().map((p) => p.id));
  await page.getByTestId('person-id-number').fill(number);
  await page.locator('[data-testid="person-document-check"][data-ok="true"]').waitFor();
  await page.getByTestId('person-name').fill(name);
  await page.getByTestId('person-operator').fill('Clerk Wang');
  const consent = page.getByTestId('person-consent');
  if (!(await consent.isChecked())) await consent.check();
  await page.getByTestId('person-passphrase').fill(PASSPHRASE);
  await page.getByTestId('person-verify-submit').click();
  await page.getByTestId('persons-table').locator('tbody tr.ant-table-row').nth(before.size).waitFor();
  const added = services.identity.list().filter((p) => !before.has(p.id));
  assert.equal(added.length, 1, `verifying ${name} added one person`);
  return added[0].id;
}

const rectOf = async (box: Locator): Promise<number[]> => ((await box.getAttribute('data-rect')) ?? '').split(',').map(Number);

test('verify people, create a seal, import, place two boxes, sign in order, export and verify — a tampered package fails', async () => {
  const dialogs = scriptedDialogs();
  const app = await openApp({ browser, language: 'en', route: 'identities', dialogs });
  const { page, services } = app;
  const dir = mkdtempSync(join(tmpdir(), 'affix-journey-'));
  try {
    // The organisation (its CAs issue the seal's and the person's certificates).
    await page.getByRole('tab', { name: 'Organisations' }).click();
    await page.getByTestId('org-uscc').fill(USCC);
    await page.locator('[data-testid="org-uscc-check"][data-ok="true"]').waitFor();
    await page.getByTestId('org-legal-name').fill(ORG);
    await page.getByTestId('org-passphrase').fill(PASSPHRASE);
    await page.getByTestId('org-create-submit').click();
    await page.getByTestId('orgs-table').getByText(ORG).waitFor();

    // Two people: 张三 will use the company seal, 李四 signs as themselves.
    await page.getByRole('tab', { name: 'People' }).click();
    const zhangsan = await verifyPerson(app.services, page, '张三', '11010519491231002X');
    const lisi = await verifyPerson(app.services, page, '李四', '360426199101010071');
    assert.notEqual(lisi, zhangsan);

    // 李四 gets their own signing certificate from the organisation.
    await page.getByTestId(`person-issue-${lisi}`).click();
    await chooseOption(page.getByTestId('issue-form'), 'Issuing organisation', new RegExp(USCC));
    await page.getByTestId('issue-passphrase').fill(PASSPHRASE);
    // 李四 chooses the PIN of their own key (issue #18).
    await page.getByTestId('issue-pin').fill(PERSON_PIN);
    await page.getByTestId('issue-submit').click();
    await page.getByText(/Certificate issued \(serial [0-9a-f]+\)/i).waitFor();
    assert.equal(services.pki.certificatesOf(lisi).filter((c) => c.purpose === 'person').length, 1);

    // The contract seal, valid now, authorised for 张三.
    await page.getByRole('tab', { name: 'Seals' }).click();
    await page.getByTestId('seal-org').click();
    await page.getByTitle(`${ORG} (${USCC})`).click();
    await page.getByTestId('seal-name').fill('合同专用章');
    const day = 86_400_000;
    const ymd = (t: number): string => new Date(t).toISOString().slice(0, 10);
    await page.getByPlaceholder('Start date').click();
    await page.getByPlaceholder('Start date').fill(ymd(Date.now() - day));
    await page.getByPlaceholder('Start date').press('Enter');
    await page.getByPlaceholder('End date').fill(ymd(Date.now() + 365 * day));
    await page.getByPlaceholder('End date').press('Enter');
    await page.getByTestId('seal-passphrase').fill(PASSPHRASE);
    await page.getByTestId('seal-create-submit').click();
    const sealRow = page.getByTestId('seals-table').locator('tbody tr.ant-table-row', { hasText: '合同专用章' });
    await sealRow.waitFor();
    await page.getByTestId('seal-authorize-seal').click();
    await page.getByTitle(new RegExp(`合同专用章 · ${ORG}`)).click();
    await page.getByTestId('seal-authorize-person').click();
    await page.getByTitle(personShown('张三', '11010519491231002X')).click();
    await page.getByTestId('seal-authorize-submit').click();
    await sealRow.getByText(personShown('张三', '11010519491231002X')).waitFor();

    // Import the contract by choosing the file.
    const contract = join(dir, '租赁合同.pdf');
    writeFileSync(contract, await contractPdf());
    await page.getByTestId('nav-documents').click();
    await page.getByTestId('documents-import-drop-input').setInputFiles(contract);
    await page.getByTestId('documents-table').locator('tbody tr.ant-table-row', { hasText: '租赁合同' }).waitFor();
    const [doc] = services.documents.list();

    // The signing order: step 1 the seal over 甲方（盖章）, step 2 李四 over 乙方（签字）.
    await page.getByTestId(`document-open-${doc.id}`).click();
    await page.locator('[data-testid="pdf-canvas"][data-rendered="true"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('plan-add-step').click();
    await page.getByTestId('plan-step-1-label').fill('甲方');
    await chooseOption(page.getByTestId('plan-step-1'), selectLabels.en.signer, /合同专用章/);
    await chooseOption(page.getByTestId('plan-step-1'), selectLabels.en.usedBy, personShown('张三', '11010519491231002X'));
    const box1 = page.getByTestId('placement-box-1');
    await box1.click();
    await page.getByTestId('snap-text').fill('甲方（盖章）');
    await page.getByTestId('snap-submit').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="placement-box-1"]')?.getAttribute('data-rect')?.startsWith('238,'));

    await page.getByTestId('plan-add-step').click();
    await page.getByTestId('plan-step-2-label').fill('乙方');
    await chooseOption(page.getByTestId('plan-step-2'), selectLabels.en.signer, personShown('李四', '360426199101010071'));
    const box2 = page.getByTestId('placement-box-2');
    await box2.click();
    await page.getByTestId('snap-text').fill('乙方（签字）');
    await page.getByTestId('snap-submit').click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="placement-box-2"]')?.getAttribute('data-rect')?.startsWith('197.5,'));
    const [r1, r2] = [await rectOf(box1), await rectOf(box2)];
    assert.ok(r2[0] + r2[2] / 2 < r1[0] + r1[2] / 2, `乙方's box (${r2}) sits left of 甲方's (${r1}), as the words do`);

    await page.getByTestId('plan-save').click();
    await page.getByTestId('plan-progress').waitFor();
    const plan = services.plans.get(doc.id);
    assert.deepEqual(
      plan?.steps.map((s) => [s.label, s.signer.kind, s.box?.rect]),
      [
        ['甲方', 'seal', r1],
        ['乙方', 'person', r2],
      ],
    );

    // Step 2 cannot go first; then 甲方 seals and 乙方 signs, in order.
    assert.equal(await page.getByTestId('plan-sign-2').isDisabled(), true);
    for (const step of [1, 2]) {
      await page.getByTestId(`plan-sign-${step}`).click();
      await page.getByTestId('sign-step-passphrase').fill(PASSPHRASE);
      if (step === 2) await page.getByTestId('sign-step-person-pin').fill(PERSON_PIN);
      await page.getByTestId('sign-step-submit').click();
      await page.locator(`[data-testid="plan-step-${step}"][data-state="signed"]`).waitFor();
    }
    const signedDoc = services.documents.get(doc.id);
    assert.equal(signedDoc.versions, 3);
    const signedPdf = join(dir, 'signed.pdf');
    writeFileSync(signedPdf, services.documents.bytesOf(signedDoc.currentSha256));
    const sig = await pdfsig(signedPdf);
    assert.deepEqual(
      sig.signatures.map((s) => [s.field, s.valid]),
      [
        ['Step1', true],
        ['Step2', true],
      ],
      sig.output,
    );

    await photographSigned(page, services, doc.id, 'en');

    // The history shows both signatures, anchored.
    await page.getByRole('tab', { name: 'History' }).click();
    const signatures = page.locator('[data-testid="document-timeline"] [data-type="signature.added"]');
    await signatures.nth(1).waitFor();
    assert.equal(await signatures.count(), 2);
    await page.getByRole('button', { name: 'Close', exact: true }).click();

    // Export the proof package.
    const pkg = join(dir, 'case.affixproof');
    await page.getByTestId(`document-export-${doc.id}`).click();
    // The target is chosen in the save dialog (a handle); no path is typed.
    dialogs.nextSave(pkg);
    await page.getByTestId('export-choose').click();
    await page.getByTestId('export-target').waitFor();
    await page.getByTestId('export-submit').click();
    await page.getByText(/Exported .*case\.affixproof/).waitFor();
    assert.ok(existsSync(pkg));

    // Verify it on the Verify page; then the same package with one PDF byte changed.
    const tampered = join(dir, 'tampered.affixproof');
    writeFileSync(
      tampered,
      withFile(readFileSync(pkg), PACKAGE_FILES.pdf, (b) => {
        const c = Uint8Array.from(b);
        c[300] ^= 0x01;
        return c;
      }),
    );
    await page.getByTestId('nav-verify').click();
    for (const [path, verdict] of [
      [pkg, 'passed'],
      [tampered, 'failed'],
    ] as const) {
      await dropFile(page, 'verify-drop', basename(path), readFileSync(path));
      await page.locator(`[data-testid="verify-proof-verdict"][data-verdict="${verdict}"]`).waitFor();
      if (verdict === 'passed') {
        assert.equal(await page.getByTestId('verify-proof-check-pdf-signatures').getAttribute('data-verdict'), 'passed');
      } else {
        assert.equal(await page.getByTestId('verify-proof-check-document-hash').getAttribute('data-verdict'), 'failed');
      }
    }

    // Every step left its mark on the ledger, which still verifies.
    const types = new Set(services.ledger.entries(0, 10_000).map((e) => e.entry.type));
    for (const type of [
      'org.created',
      'identity.verified',
      'certificate.issued',
      'seal.created',
      'seal.authorized',
      'document.anchored',
      'seal.used',
      'signature.added',
      'access.exported',
    ]) {
      assert.ok(types.has(type as never), `${type} is on the ledger`);
    }
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});

test('zh-CN: the same order, set up behind the window, is signed in order in the window; the signed view is in Chinese', async () => {
  // The en journey above builds everything through the UI; here only the signing is, to reach the same view in zh-CN cheaply.
  const app = await openApp({ browser, language: 'zh-CN', route: 'documents' });
  const { page, router, services } = app;
  const dir = mkdtempSync(join(tmpdir(), 'affix-journey-zh-'));
  try {
    const scene = await sealScene(router, dir);
    const id = await importBehindWindow(app, dir, '租赁合同.pdf', await contractPdf());
    const { seal, person } = twoParties(scene);
    await invoke(router, 'plans.set', { documentId: id, steps: [seal, person] });
    await openFromList(page, id);
    assert.equal(await page.getByTestId('plan-sign-2').isDisabled(), true, 'step 2 cannot go first');
    await submitStep(page, 1, PASSPHRASE);
    await awaitSigned(page, 1);
    await submitStep(page, 2, PASSPHRASE, PERSON_PIN);
    await awaitSigned(page, 2);
    assert.equal(services.documents.get(id).versions, 3);
    await photographSigned(page, services, id, 'zh-CN');
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
