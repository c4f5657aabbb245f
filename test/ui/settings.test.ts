/**
 * The Settings page in Chromium over the bridge, against the real services:
 * switch the language; keep a workspace folder for the next start; register
 * SoftHSM2 and see its token, certificate and (with the PIN) private keys;
 * refuse a library that is not PKCS#11; import a CA as a trust anchor and
 * refuse a leaf certificate; change the workspace passphrase — after which
 * signing through the router works with the new one and not the old one.
 * Axe finds no serious or critical violation with every section open, and
 * every control is reachable with Tab. Screenshots:
 * docs/screenshots/settings-features-{en,zh-CN}.png (pages.test.ts keeps
 * writing the plain settings-{en,zh-CN}.png of the empty page).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chooseAppHome, LOCATION_FILE } from '../../main/services/domain/settings/workspace-location';
import { contractPdf } from '../support/appearance-fixtures';
import { launchChromium, openApp, scriptedDialogs } from '../support/bridge';
import { tool } from '../support/pdf-tools';
import { corpusDir, hasCorpus } from '../support/corpus';
import { repoRoot } from '../support/repo';
import { tempDir } from '../support/signing-fixtures';
import { createSoftHsmToken, type SoftHsmToken } from '../support/softhsm';
import { assertAxeClean } from '../support/axe';

const SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');
let SAMPLE_ROOT = join(corpusDir, 'signed-by-others', 'sample-root-ca.pem');
const OLD = 'correct horse battery staple';
const NEW = 'a new passphrase for 2026';
const USCC = '91110000600037341L';

let browser: Browser;
let token: SoftHsmToken;
const tmp = tempDir('affix-ui-settings-');
before(async () => {
  browser = await launchChromium();
  token = createSoftHsmToken({ tokenLabel: 'Settings UI Token' });
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  token?.cleanup();
  tmp.cleanup();
});

const axe = (page: Page, where: string): Promise<void> => assertAxeClean(page, where);

/** The data-testids Tab visits from the top of the page, in order (at most `limit` presses). */
async function tabStops(page: Page, limit: number): Promise<string[]> {
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.getAttribute('data-testid') ?? el?.closest('[data-testid]')?.getAttribute('data-testid') ?? null;
    });
    if (id) seen.push(id);
  }
  return seen;
}

test('Settings end to end: language, workspace folder, PKCS#11 token, trust anchor, passphrase change', async () => {
  const configDir = join(tmp.dir, 'config');
  const nextHome = join(tmp.dir, 'next-workspace');
  mkdirSync(nextHome);
  const home = join(tmp.dir, 'workspace');
  // Files and folders come from the main process's dialogs (issue 16): the window names no path.
  const dialogs = scriptedDialogs();
  const app = await openApp({ browser, home, language: 'en', route: 'settings', appStart: chooseAppHome({ configDir, defaultHome: home }), dialogs });
  const { page, services, router } = app;
  try {
    // A workspace with a passphrase: an organisation (vault + root CA) and a workspace key made with it.
    await services.pki.createOrg({ legalName: '北京某某科技有限公司', uscc: USCC, representatives: [], passphrase: OLD });
    const key = await services.keys.create('Company key', OLD);
    const pdf = join(tmp.dir, 'contract.pdf');
    writeFileSync(pdf, await contractPdf());
    const doc = services.documents.importFile(pdf);
    await page.reload();
    await page.getByRole('heading', { level: 3, name: 'Settings', exact: true }).waitFor();

    // Language: switched from the page, saved in the workspace, and back.
    await page.getByTestId('settings-language').getByText('中文（简体）').click();
    await page.getByRole('heading', { level: 3, name: '设置', exact: true }).waitFor();
    assert.equal(services.settings.language(), 'zh-CN');
    await page.getByTestId('settings-language').getByText('English').click();
    await page.getByRole('heading', { level: 3, name: 'Settings', exact: true }).waitFor();
    assert.equal(services.settings.language(), 'en');

    // Workspace folder: the open one, how it was chosen, and a folder kept for the next start.
    assert.equal(await page.getByTestId('settings-workspace-current').textContent(), home);
    assert.equal(await page.getByTestId('settings-workspace-chosen-by').getAttribute('data-value'), 'default');
    dialogs.nextOpen([join(tmp.dir, 'contract.pdf')]);
    await page.getByTestId('settings-workspace-choose').click();
    await page
      .getByTestId('settings-workspace')
      .getByTestId('error-message')
      .getByText(/is a file, not a folder/)
      .waitFor();
    dialogs.nextOpen([nextHome]);
    await page.getByTestId('settings-workspace-choose').click();
    await page.getByTestId('settings-workspace-next').getByText(nextHome).waitFor();
    assert.equal(JSON.parse(readFileSync(join(configDir, LOCATION_FILE), 'utf8')).home, nextHome);
    assert.equal(chooseAppHome({ configDir, defaultHome: home }).home, nextHome, 'the next start opens it');

    // PKCS#11: chosen in the open dialog, loaded only once the confirmation naming it is accepted.
    // A library that is not PKCS#11 is refused by name; one cancelled is not loaded; SoftHSM2 registers and shows its token.
    dialogs.nextOpen(['/usr/lib/x86_64-linux-gnu/libz.so.1']);
    await page.getByTestId('settings-pkcs11-add').click();
    await page
      .getByTestId('settings-pkcs11-pending')
      .getByText(/libz\.so\.1 \(.+\) will be loaded into Affix/)
      .waitFor();
    await page.getByTestId('settings-pkcs11-confirm').click();
    await page
      .getByTestId('settings-pkcs11')
      .getByTestId('error-message')
      .getByText(/not a PKCS#11 module \(it has no C_GetFunctionList\)/)
      .waitFor();
    dialogs.nextOpen([token.modulePath]);
    await page.getByTestId('settings-pkcs11-add').click();
    await page
      .getByTestId('settings-pkcs11-pending')
      .getByText(/libsofthsm2\.so/)
      .waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('settings-pkcs11-pending').waitFor({ state: 'detached' });
    assert.deepEqual(services.pkcs11.paths(), [], 'a module whose loading was not confirmed is not registered');
    dialogs.nextOpen([token.modulePath]);
    await page.getByTestId('settings-pkcs11-add').click();
    await page.getByTestId('settings-pkcs11-confirm').click();
    const row = page.getByTestId('settings-pkcs11-tokens').locator('tr', { hasText: 'Settings UI Token' });
    await row.waitFor();
    assert.deepEqual(dialogs.asked, [...Array(2).fill('open:workspace-folder'), ...Array(3).fill('open:pkcs11-module')]);
    const [listed] = services.pkcs11.list();
    const shown = listed.tokens.find((x) => x.label === 'Settings UI Token')!;
    assert.match((await row.textContent()) ?? '', new RegExp(`SoftHSM project.*SoftHSM v2.*${shown.serial}.*Initialised.*PIN required`));
    await row.getByTestId('settings-pkcs11-show').click();
    const contents = page.getByTestId('settings-token-contents');
    await contents.getByTestId('settings-token-certificates').getByText('CN=Affix SoftHSM signer, O=Affix Tests').first().waitFor();
    await contents.getByTestId('settings-token-keys-need-pin').waitFor();
    await contents.getByTestId('settings-token-pin').fill(token.pin);
    await contents.getByTestId('settings-token-list').click();
    await contents.getByTestId('settings-token-keys').getByText(token.mismatchedKeyLabel).waitFor();
    assert.equal(await contents.getByTestId('settings-token-keys').locator('tbody tr.ant-table-row').count(), 2);
    assert.equal(await contents.getByTestId('settings-token-pin').inputValue(), '', 'the PIN does not stay in the form');

    // Trust anchors: the organisation root is listed; a CA imports, a leaf is refused.
    const leafDir = join(tmp.dir, 'leaf');
    mkdirSync(leafDir);
    const leaf = await tool('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(leafDir, 'leaf.key'),
      '-out',
      join(leafDir, 'leaf.pem'),
      '-days',
      '30',
      '-subj',
      '/CN=Just a leaf',
      '-addext',
      'basicConstraints=critical,CA:FALSE',
    ]);
    assert.equal(leaf.code, 0, leaf.stderr);
    const table = page.getByTestId('settings-trust-table');
    await table.locator('tr[data-source="organisation"]').getByText('Organisation root · 北京某某科技有限公司').waitFor();
    await page.getByTestId('settings-trust-drop-input').setInputFiles(join(leafDir, 'leaf.pem'));
    await page
      .getByTestId('settings-trust')
      .getByTestId('error-message')
      .getByText(/leaf\.pem is not a CA certificate/)
      .waitFor();
    if (!hasCorpus) {
      // A lone clone has no corpus: a CA of the same name made here stands in for its sample root.
      SAMPLE_ROOT = join(leafDir, 'sample-root-ca.pem');
      const ca = await tool('openssl', [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        join(leafDir, 'ca.key'),
        '-out',
        SAMPLE_ROOT,
        '-days',
        '365',
        '-subj',
        '/CN=Sample Root CA',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ]);
      assert.equal(ca.code, 0, ca.stderr);
    }
    await page.getByTestId('settings-trust-drop-input').setInputFiles(SAMPLE_ROOT);
    await page.getByTestId('settings-trust-imported').waitFor();
    const imported = services.trust.list().find((a) => a.source === 'imported')!;
    assert.match(imported.subject, /CN=Sample Root CA/);
    const importedRow = table.locator(`tr[data-sha256="${imported.sha256}"]`);
    await importedRow.waitFor();
    assert.equal(await importedRow.getByTestId('fingerprint').getAttribute('data-value'), imported.sha256);
    assert.equal(await importedRow.getByTestId('settings-trust-validity').getAttribute('data-value'), 'valid');

    await axe(page, 'settings/en');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-features-en.png'), fullPage: true });
    const stops = await tabStops(page, 80);
    for (const id of [
      'settings-language',
      'settings-workspace-choose',
      'settings-pkcs11-add',
      'settings-pkcs11-remove',
      'settings-pkcs11-show',
      'settings-token-pin',
      'settings-token-list',
      'settings-trust-drop',
      'settings-trust-remove',
      'settings-tsa-url',
      'settings-tsa-save',
      'settings-tsa-test',
      'settings-passphrase-old',
      'settings-passphrase-new',
      'settings-passphrase-confirm',
      'settings-passphrase-submit',
    ]) {
      assert.ok(stops.includes(id), `${id} is reachable with Tab (visited: ${[...new Set(stops)].join(', ')})`);
    }

    // Passphrase: a mismatch is caught in the form; a wrong current one changes nothing; then the change.
    await page.getByTestId('settings-passphrase-old').fill(OLD);
    await page.getByTestId('settings-passphrase-new').fill(NEW);
    await page.getByTestId('settings-passphrase-confirm').fill(`${NEW}!`);
    await page.getByTestId('settings-passphrase-submit').click();
    await page.getByText('The two new passphrases differ.').waitFor();
    await page.getByTestId('settings-passphrase-old').fill('not the passphrase');
    await page.getByTestId('settings-passphrase-confirm').fill(NEW);
    await page.getByTestId('settings-passphrase-submit').click();
    await page
      .getByTestId('settings-passphrase')
      .getByTestId('error-message')
      .getByText(/current passphrase is wrong; nothing was changed/)
      .waitFor();
    await page.getByTestId('settings-passphrase-old').fill(OLD);
    await page.getByTestId('settings-passphrase-new').fill(NEW);
    await page.getByTestId('settings-passphrase-confirm').fill(NEW);
    await page.getByTestId('settings-passphrase-submit').click();
    await page.getByTestId('settings-passphrase-done').getByText('Vault master key: re-sealed; root CA keys: 1; workspace keys: 1.').waitFor();

    const sign = (passphrase: string) => router.invoke('signing.sign', { documentId: doc.id, keyId: key.id, passphrase }, { kind: 'cli' });
    const withOld = await sign(OLD);
    assert.equal(withOld.ok ? null : withOld.error.code, 'BAD_SECRET');
    const withNew = await sign(NEW);
    assert.ok(withNew.ok, withNew.ok ? '' : withNew.error.message);

    // The same page in Chinese.
    await page.getByTestId('settings-language').getByText('中文（简体）').click();
    await page.getByRole('heading', { level: 3, name: '设置', exact: true }).waitFor();
    await page.getByTestId('settings-passphrase-done').getByText('口令已修改').waitFor();
    await axe(page, 'settings/zh-CN');
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(SCREENSHOTS, 'settings-features-zh-CN.png'), fullPage: true });
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
