/**
 * Time-stamps in the clerk's reports (issue 23): a package whose checkpoints a
 * TSA time-stamped, verified by verify.html with and without the TSA root in
 * its "TSA root certificates" field, reaches exactly the verdicts and findings
 * of `affix proof verify` without and with `--trust` (one verifier); and its
 * report.pdf names the checkpoint time-stamps and each entry's proven time,
 * in Chinese with Beijing time. The page carries the font for its Chinese.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { startTsaServer, type TsaServer } from '../../main/services/usecases/tsa/tsa-http';
import { PACKAGE_FILES } from '../../shared/proof/container';
import { readPackageBounded } from '../../shared/proof/package-budget';
import { readerTimes } from '../../shared/proof/reader-time';
import zhCN from '../../shared/i18n/zh-CN.json';
import { affix } from '../support/cli';
import { launchChromium } from '../support/bridge';
import { PASSPHRASE, tsaBench, type TsaBench } from '../unit/tsa/fixtures';
import { ENV, ensureVerifierBuilt, readBytes, SOURCE_PDF, verifyOffline, type ProofReportJson } from '../unit/proof/fixtures';

/** Findings that name "now" may differ by the second between two runs; everything else must match. */
const stable = (r: ProofReportJson) => ({
  verdict: r.verdict,
  checks: r.checks.map((c) => ({ id: c.id, verdict: c.verdict, messages: c.messages.map((m) => m.replace(/(checked at|核验时间) .*?(?=。|\.$|$)/g, '$1 T')) })),
});
/** The CLI's report as the zh-CN page shows it: each finding from the same catalogue, in Beijing time. */
const asShown = (r: ProofReportJson): ProofReportJson => ({
  ...r,
  checks: r.checks.map((c) => ({ ...c, messages: c.messages.map((m, i) => readerTimes(c.messagesZh?.[i] ?? m, 'zh')) })),
});

/** The code points a TrueType font maps (its Windows Unicode BMP cmap, format 4). */
function cmapOf(ttf: Buffer): Set<number> {
  const tables = ttf.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) if (ttf.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'cmap') cmap = ttf.readUInt32BE(12 + 16 * i + 8);
  assert.ok(cmap > 0, 'a cmap table');
  let sub = -1;
  for (let i = 0; i < ttf.readUInt16BE(cmap + 2); i++) {
    const r = cmap + 4 + 8 * i;
    if (ttf.readUInt16BE(r) === 3 && ttf.readUInt16BE(r + 2) === 1) sub = cmap + ttf.readUInt32BE(r + 4);
  }
  assert.equal(ttf.readUInt16BE(sub), 4, 'a format 4 subtable');
  const segs = ttf.readUInt16BE(sub + 6) / 2;
  const out = new Set<number>();
  for (let i = 0; i < segs; i++) {
    const end = ttf.readUInt16BE(sub + 14 + 2 * i);
    const start = ttf.readUInt16BE(sub + 16 + 2 * segs + 2 * i);
    for (let c = start; c <= end && c !== 0xffff; c++) out.add(c);
  }
  return out;
}

describe('time-stamps in verify.html and report.pdf', () => {
  let b: TsaBench;
  let server: TsaServer;
  let browser: Browser;
  let page: Page;
  let pkgPath: string;
  const cli = (args: string[]) => affix([...args, '--home', b.home], { AFFIX_PASSPHRASE: PASSPHRASE, ...ENV });
  const ok = async <T>(args: string[]): Promise<T> => {
    const r = await cli([...args, '--json']);
    assert.equal(r.status, 0, `affix ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };

  before(async () => {
    await ensureVerifierBuilt();
    b = await tsaBench();
    server = await startTsaServer(b.engine, { host: '127.0.0.1', port: 0 });
    const key = await ok<{ id: string }>(['key', 'create', '--label', 'Signer', '--passphrase-env', 'KEY_PASS']);
    const signed = b.file('signed.pdf');
    await ok(['sign', SOURCE_PDF, '-o', signed, '--key', key.id, '--passphrase-env', 'KEY_PASS']);
    await ok(['ledger', 'timestamp', '--tsa', server.url]);
    await ok(['tsa', 'url', server.url]);
    pkgPath = b.file('timed.affixproof');
    await ok(['proof', 'export', signed, '-o', pkgPath]);
    const html = b.file('verify.html');
    writeFileSync(html, readPackageBounded(readBytes(pkgPath)).files.get(PACKAGE_FILES.verifier)!);
    browser = await launchChromium();
    const context = await browser.newContext();
    await context.route('**', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
    page = await context.newPage();
    await page.goto(`${pathToFileURL(html).href}?lang=zh-CN`);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    b?.close();
  });

  async function verdictsInPage(): Promise<ProofReportJson> {
    await page.evaluate(() => delete document.getElementById('status')!.dataset.state);
    await page.setInputFiles('#file', pkgPath);
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

  it('without the TSA root: the same verdicts and findings as the CLI without --trust (times are claims)', async () => {
    const cliReport = (await verifyOffline(pkgPath)).report;
    const html = await verdictsInPage();
    assert.deepEqual(stable(html), stable(asShown(cliReport)));
    const times = html.checks.find((c) => c.id === 'checkpoint-time')!.messages.join('\n');
    assert.match(times, /时间戳完好，但其时间戳机构不在您的信任范围内/);
    assert.doesNotMatch(times, /不晚于/);
    assert.doesNotMatch(times, /[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}/, 'no English detail in the Chinese findings');
  });

  it('with the TSA root in its field: the same verdicts and findings as the CLI with --trust (times proven)', async () => {
    await page.setInputFiles('#tsa-roots', b.rootPem);
    await page.waitForFunction(() => /时间戳机构根证书/.test(document.getElementById('status')?.textContent ?? ''));
    const cliReport = (await verifyOffline(pkgPath, ['--trust', b.rootPem])).report;
    const html = await verdictsInPage();
    assert.deepEqual(stable(html), stable(asShown(cliReport)));
    const times = html.checks.find((c) => c.id === 'checkpoint-time')!.messages.join('\n');
    assert.match(times, /不晚于 .*北京时间（UTC\+08:00）.* 已存在/);
    // Signature time is reported too: here only the signer's claim.
    assert.match(html.checks.find((c) => c.id === 'pdf-signatures')!.messages.join('\n'), /仅为签署人声称，没有时间戳证明/);
  });

  it('a file that is not a certificate is refused in the TSA root field, naming it', async () => {
    await page.setInputFiles('#tsa-roots', b.file('signed.pdf'));
    await page.waitForFunction(() => /signed\.pdf/.test(document.getElementById('status')?.textContent ?? ''));
    assert.match((await page.textContent('#status')) ?? '', /无法使用 signed\.pdf：它不是 X\.509 证书/);
  });

  it('embeds a font the browser accepts, covering every non-ASCII character the zh-CN page shows', async () => {
    await page.setInputFiles('#tsa-roots', b.rootPem);
    await verdictsInPage();
    // The sanitiser rejects a malformed font: "error" instead of "loaded".
    const status = await page.evaluate(async () => {
      const faces = await document.fonts.load('16px "Affix CJK"', '核验');
      return faces.map((f) => f.status);
    });
    assert.deepEqual(status, ['loaded']);
    const html = new TextDecoder().decode(readPackageBounded(readBytes(pkgPath)).files.get(PACKAGE_FILES.verifier)!);
    const ttf = Buffer.from(/url\(data:font\/ttf;base64,([A-Za-z0-9+/=]+)\)/.exec(html)![1], 'base64');
    const covered = cmapOf(ttf);
    const shown = await page.evaluate(() => document.body.innerText + document.title);
    const missing = [...new Set([...shown].filter((c) => c.codePointAt(0)! > 0xff && !covered.has(c.codePointAt(0)!)))];
    // Latin-1 (·, ×) is in every system font; the embedded font carries what only CJK fonts have.
    // Every character the page can show in Chinese: its whole zh-CN catalogue too, not just this verdict's words.
    const catalogue = [...new Set([...JSON.stringify(zhCN)].filter((c) => c.codePointAt(0)! > 0xff && !covered.has(c.codePointAt(0)!)))];
    assert.deepEqual(missing, [], 'shown but not in the embedded font');
    assert.deepEqual(catalogue, [], 'in the zh-CN catalogue but not in the embedded font');
    assert.ok(shown.includes('总体结论'), 'the page showed its Chinese');
  });

  it('report.pdf names the checkpoint time-stamps and what they prove, in Beijing time', () => {
    const path = b.file('report.pdf');
    writeFileSync(path, readPackageBounded(readBytes(pkgPath)).files.get(PACKAGE_FILES.report)!);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    const zh = text.slice(0, text.indexOf('Overall verdict:'));
    assert.match(zh, /检查点时间戳：记录的证明时间是包含它的、最早加盖时间戳的检查点的时间/);
    // The exporting node checks each token against the roots it trusts; either it proves the entries' times or it says why not.
    assert.match(zh, /检查点 \d+：(由时间戳机构 .* 于 .*北京时间（UTC\+08:00）.*加盖时间戳|带有时间戳，但导出节点无法验证其时间戳机构)/);
    assert.match(zh, /(时间戳证明此记录不晚于|上列时间仅为节点声称的时间)/);
    assert.match(text, /Checkpoint time-stamps: an entry's proven time/);
  });
});
