/**
 * cert-verifier.html as `affix cert verifier` writes it (office key pinned),
 * opened from disk in headless Chromium with every non-file request
 * aborted: a 150 dpi render of an issued certificate, chosen as an image
 * file, is read with jsQR and gets the CLI's verdict — VALID, then REVOKED
 * once the status list is loaded after a revocation — in Chinese and in
 * English, without a single network request.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/bridge';
import { repoRoot } from '../support/repo';
import { tool } from '../support/pdf-tools';
import { affix } from '../support/cli';
import { HEADER, Office, rows } from '../unit/certificates/fixtures';

const office = new Office();
let browser: Browser;
let page: Page;
const blocked: string[] = [];
let png = '';
let statusList = '';
let number = '';

before(async () => {
  const { buildCertVerifier } = (await import(pathToFileURL(join(repoRoot, 'build', 'scripts', 'build.mjs')).href)) as { buildCertVerifier(): Promise<void> };
  await buildCertVerifier();
  await office.setUp();
  writeFileSync(office.file('rows.csv'), [HEADER, ...rows(2)].join('\n') + '\n');
  const r = await office.run([...office.issueArgs(office.file('rows.csv'), office.file('out')), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const first = JSON.parse(r.stdout.split('\n')[0]) as { number: string; outputPath: string };
  number = first.number;
  const prefix = office.file('render');
  assert.equal((await tool('pdftoppm', ['-r', '150', '-png', '-singlefile', first.outputPath, prefix])).code, 0);
  png = `${prefix}.png`;
  const html = office.file('cert-verifier.html');
  const w = await office.plain(['cert', 'verifier', '-o', html]);
  assert.equal(w.status, 0, w.stderr);
  browser = await launchChromium();
  const context = await browser.newContext({ locale: 'zh-CN' });
  await context.route('**', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  page = await context.newPage();
  await page.goto(pathToFileURL(html).href);
});
after(async () => {
  await browser?.close();
  office.cleanup();
});

test('reads the QR code from a scan and says VALID (有效) with the pinned office key', { timeout: 120_000 }, async () => {
  assert.match((await page.textContent('#pinned')) ?? '', /已预置 1 个机关公钥/);
  await page.setInputFiles('#image', png);
  await page.waitForFunction(() => document.getElementById('verdict')!.dataset.v !== '', undefined, { timeout: 60_000 });
  assert.equal(await page.getAttribute('#verdict', 'data-v'), 'VALID');
  assert.equal(await page.textContent('#verdict'), '有效');
  assert.ok(((await page.textContent('#claims')) ?? '').includes(number));
});

test('after a revocation and a new status list, the page says REVOKED with the list date, in English too', { timeout: 120_000 }, async () => {
  assert.equal((await office.plain(['cert', 'revoke', number, '--reason', 'withdrawn'])).status, 0);
  statusList = office.file('status.cwt');
  const p = await office.run(['cert', 'status-list', '-o', statusList, '--as', office.personId, '--json']);
  assert.equal(p.status, 0, p.stderr);
  const issuedAt = (JSON.parse(p.stdout) as { issuedAt: string }).issuedAt;
  await page.setInputFiles('#listFile', statusList);
  await page.waitForFunction(() => document.getElementById('verdict')!.dataset.v === 'REVOKED', undefined, { timeout: 60_000 });
  assert.equal(await page.textContent('#verdict'), '已撤销');
  assert.ok(((await page.textContent('#claims')) ?? '').includes(issuedAt));
  await page.click('#lang');
  assert.equal(await page.textContent('#verdict'), 'REVOKED');
  assert.match((await page.textContent('h1')) ?? '', /Offline certificate verifier/);
  // The CLI agrees on the same scan.
  const keys = office.file('office.json');
  assert.equal((await office.plain(['cert', 'office-keys', '-o', keys])).status, 0);
  const cli = await affix(['cert', 'verify', '--image', png, '--trust-policy', keys, '--status-list', statusList]);
  assert.equal(cli.status, 1, cli.stdout + cli.stderr);
  assert.match(cli.stdout, /^REVOKED/);
  assert.deepEqual(blocked, []);
});
