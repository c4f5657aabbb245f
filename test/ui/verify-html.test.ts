/**
 * verify.html, exactly as shipped inside a package, opened from disk in
 * headless Chromium with every non-file request aborted: it must reach the
 * CLI's verdicts (and messages) on a good package and on each tampered one,
 * without attempting a single network request. Saves docs/samples/verify-html.png.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { PACKAGE_FILES } from '../../shared/proof/container';
import { readPackageBounded } from '../../shared/proof/package-budget';
import { readerTimes } from '../../shared/proof/reader-time';
import { launchChromium } from '../support/bridge';
import { repoRoot } from '../support/repo';
import { ensureVerifierBuilt, ProofBench, readBytes, TAMPERS, verifyOffline, writeBytes, type ProofReportJson } from '../unit/proof/fixtures';

const bench = new ProofBench();
let browser: Browser;
let page: Page;
let pkg: Uint8Array;
const blocked: string[] = [];

before(async () => {
  await ensureVerifierBuilt();
  const signed = await bench.signedDocument(2);
  const path = bench.file('case.affixproof');
  await bench.ok(['proof', 'export', signed, '-o', path]);
  pkg = readBytes(path);
  const html = bench.file('verify.html');
  writeFileSync(html, readPackageBounded(pkg).files.get(PACKAGE_FILES.verifier)!);
  browser = await launchChromium();
  const context = await browser.newContext();
  await context.route('**', (r) => {
    if (r.request().url().startsWith('file:')) return r.continue();
    blocked.push(r.request().url());
    return r.abort();
  });
  page = await context.newPage();
  await page.goto(`${pathToFileURL(html).href}?lang=zh-CN`);
});
after(async () => {
  await browser?.close();
  bench.cleanup();
});

/** Loads a package into the page and reads every check's verdict and messages off the screen. */
async function verdictsInPage(path: string): Promise<ProofReportJson> {
  await page.evaluate(() => {
    delete document.getElementById('status')!.dataset.state;
  });
  await page.setInputFiles('#file', path);
  await page.waitForSelector('#status[data-state]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('#status', 'data-state'), 'done', (await page.textContent('#status')) ?? '');
  const checks = await page.$$eval('section.check', (els) =>
    els.map((e) => ({
      id: (e as HTMLElement).dataset.check!,
      verdict: (e as HTMLElement).dataset.verdict!,
      messages: [...e.querySelectorAll('li')].map((li) => li.textContent ?? ''),
    })),
  );
  return { verdict: (await page.getAttribute('#overall', 'data-verdict')) ?? '', checks };
}

/** Messages that name "now" (checked at / 核验时间) may differ by the second between the two runs; everything else must match. */
const stable = (r: ProofReportJson) => ({
  verdict: r.verdict,
  checks: r.checks.map((c) => ({ id: c.id, verdict: c.verdict, messages: c.messages.map((m) => m.replace(/(checked at|核验时间) .*?(?=。|\.$|$)/g, '$1 T')) })),
});

/** What the page shows in Chinese for the CLI's JSON report: each finding from the same catalogue, in Beijing time. */
const asShown = (r: ProofReportJson): ProofReportJson => ({
  ...r,
  checks: r.checks.map((c) => ({ ...c, messages: c.messages.map((m, i) => readerTimes(c.messagesZh?.[i] ?? m, 'zh')) })),
});

test('a good package without pinned trust: the same verdicts and messages as the CLI, indeterminate only for trust', async () => {
  const path = bench.file('case.affixproof');
  const cli = await verifyOffline(path);
  assert.equal(cli.status, 3);
  const html = await verdictsInPage(path);
  assert.equal(html.verdict, 'indeterminate');
  assert.deepEqual(
    html.checks.filter((c) => c.verdict !== 'passed').map((c) => c.id),
    ['trust'],
  );
  assert.match(html.checks.find((c) => c.id === 'trust')!.messages[0], /信任未建立：使用的是证据包自带的策略/);
  assert.deepEqual(stable(html), stable(asShown(cli.report)));
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.screenshot({ path: join(repoRoot, 'docs', 'samples', 'verify-html.png') });
});

for (const t of TAMPERS) {
  test(`${t.name}: the same verdicts and messages as the CLI`, async () => {
    const path = bench.file(`tampered-${t.check}.affixproof`);
    writeBytes(path, t.apply(pkg));
    const cli = await verifyOffline(path);
    assert.equal(cli.status, 1);
    const html = await verdictsInPage(path);
    assert.equal(html.verdict, 'failed');
    assert.deepEqual(stable(html), stable(asShown(cli.report)));
    const c = html.checks.find((x) => x.id === t.check)!;
    assert.equal(c.verdict, 'failed');
    // The page speaks Chinese; the same finding in English is the CLI's, from the same catalogue key.
    const en = cli.report.checks.find((x) => x.id === t.check)!.messages;
    assert.ok(
      en.some((m) => t.message.test(m)),
      en.join(' | '),
    );
  });
}

test('the page never tried the network', () => {
  assert.deepEqual(blocked, []);
});
