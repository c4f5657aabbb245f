/**
 * The signing journey in the window, over the bridge: an organisation, two
 * verified people and a contract seal exist (set up through the same router
 * the UI uses); in the UI a PDF is imported, sealed by the authorised person,
 * signed by the second person with their own certificate, exported as a
 * proof package — and the package verifies on the Verify page, while a copy
 * with one byte of the PDF changed fails.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Router } from '../../main/ipc/router';
import { PACKAGE_FILES } from '../../shared/proof/container';
import { launchChromium, openApp } from '../support/bridge';
import { corpusDir, repoRoot } from '../support/repo';
import { ensureVerifierBuilt, withFile } from '../unit/proof/fixtures';

const PASSPHRASE = 'correct horse battery staple';
const PDF = join(corpusDir, 'pdfjs', 'issue13447.pdf');

let browser: Browser;
before(async () => {
  browser = await launchChromium();
  await ensureVerifierBuilt();
});
after(() => browser?.close());

async function call<T>(router: Router, method: string, input: unknown): Promise<T> {
  const r = await router.invoke(method, input, { kind: 'cli' });
  assert.ok(r.ok, `${method}: ${r.ok ? '' : r.error.message}`);
  return r.value as T;
}

/** A 1×1 PNG standing in for the photograph of an identity document. */
const PHOTO_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

async function verifyPerson(router: Router, name: string, number: string, photo: string): Promise<string> {
  const p = await call<{ id: string }>(router, 'identity.verify', {
    name,
    document: { kind: 'resident-id', number },
    additionalEvidence: ['household-register'],
    securityFeaturesChecked: true,
    faceMatched: true,
    photoPaths: [photo],
    operator: 'Clerk Wang',
    consentStatement: 'I agree to identity verification.',
    passphrase: PASSPHRASE,
  });
  return p.id;
}

async function pick(page: Page, testId: string, option: RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  // The newest dropdown is this select's: an earlier one may still be closing and list the same people.
  await page.locator('.ant-select-dropdown').last().locator('.ant-select-item-option').filter({ hasText: option }).click();
}

test('import, seal for an authorised person, sign as a second person, export, verify — and a tampered package fails', async () => {
  const app = await openApp({ browser, language: 'en', route: 'documents' });
  const { page, router, services } = app;
  const dir = mkdtempSync(join(tmpdir(), 'affix-journey-'));
  try {
    const org = await call<{ id: string }>(router, 'orgs.create', { legalName: '北京测试科技有限公司', uscc: '91110000600037341L', passphrase: PASSPHRASE });
    const photo = join(dir, 'id-card.png');
    writeFileSync(photo, PHOTO_PNG);
    const sealer = await verifyPerson(router, '张三', '11010519491231002X', photo);
    const signer = await verifyPerson(router, '李四', '360426199101010071', photo);
    await call(router, 'pki.issue', { orgId: org.id, personId: signer, passphrase: PASSPHRASE });
    const now = Date.now();
    const seal = await call<{ sealId: string }>(router, 'seals.create', {
      orgId: org.id,
      type: 'contract',
      name: '合同专用章',
      validFrom: new Date(now - 86_400_000).toISOString(),
      validUntil: new Date(now + 365 * 86_400_000).toISOString(),
      passphrase: PASSPHRASE,
    });
    await call(router, 'seals.authorize', { sealId: seal.sealId, personId: sealer });

    // Import.
    await page.getByTestId('documents-import-path').fill(PDF);
    await page.getByTestId('documents-import-submit').click();
    const row = page.getByTestId('documents-table').locator('tbody tr.ant-table-row').first();
    await row.waitFor();
    const [doc] = services.documents.list();

    // The authorised person seals it; the seal's appearance comes from the seal record.
    await page.getByTestId(`document-sign-${doc.id}`).click();
    await pick(page, 'sign-key', /合同专用章/);
    await pick(page, 'sign-as', new RegExp(sealer.slice(0, 15)));
    assert.equal(await page.getByTestId('sign-org-name').inputValue(), '北京测试科技有限公司');
    await page.getByTestId('sign-passphrase').fill(PASSPHRASE);
    await page.locator('.ant-select-dropdown').last().waitFor({ state: 'hidden' });
    await page.screenshot({ path: join(repoRoot, 'docs', 'screenshots', 'sign-dialog-en.png') });
    await page.getByTestId('sign-submit').click();
    await page.getByText(/Signed: revision 2, anchored as ledger entry \d+/).waitFor();
    assert.equal(services.documents.get(doc.id).versions, 2);

    // The second person signs with their own certificate, elsewhere on the page.
    await page.getByTestId(`document-sign-${doc.id}`).click();
    await pick(page, 'sign-key', new RegExp(signer.slice(0, 15)));
    await page.getByRole('dialog').getByLabel('x (pt)').fill('60');
    await page.getByTestId('sign-passphrase').fill(PASSPHRASE);
    await page.getByTestId('sign-submit').click();
    await page.getByText(/Signed: revision 3/).waitFor();
    assert.equal(services.documents.get(doc.id).versions, 3);

    // Export the proof package.
    const pkg = join(dir, 'case.affixproof');
    await page.getByTestId(`document-export-${doc.id}`).click();
    await page.getByTestId('export-output').fill(pkg);
    await page.getByTestId('export-submit').click();
    await page.getByText(/Exported .*case\.affixproof/).waitFor();
    assert.ok(existsSync(pkg));

    // Verify it on the Verify page; then a copy with one PDF byte changed.
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
      await page.getByTestId('verify-path').fill(path);
      await page.getByTestId('verify-submit').click();
      await page.locator(`[data-testid="verify-proof-verdict"][data-verdict="${verdict}"]`).waitFor();
      if (verdict === 'passed') {
        assert.equal(await page.getByTestId('verify-proof-check-pdf-signatures').getAttribute('data-verdict'), 'passed');
      } else {
        assert.equal(await page.getByTestId('verify-proof-check-document-hash').getAttribute('data-verdict'), 'failed');
      }
    }
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
