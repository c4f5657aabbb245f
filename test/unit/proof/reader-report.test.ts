/**
 * Reports for the reader: a Chinese report shows Beijing time (UTC+08:00)
 * beside UTC, report.pdf opens with the overall verdict, and its QR code names
 * the signatures' ledger entries (read back with zbarimg from a rendering).
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { PACKAGE_FILES } from '../../../shared/proof/container';
import { readPackageBounded } from '../../../shared/proof/package-budget';
import { EvidenceSchema } from '../../../shared/proof/evidence';
import { formatInstant, localiseInstants } from '../../../shared/proof/reader-time';
import { renderReportText, verifyPdf, type VerificationReport } from '../../../shared/verify';
import { drawReport } from '../../../main/services/usecases/proof/report-pdf';
import en from '../../../shared/i18n/en.json';
import { affix } from '../../support/cli';
import { ensureVerifierBuilt, ProofBench, readBytes } from './fixtures';

describe('reader time', () => {
  it('gives Beijing time with its offset beside UTC for Chinese, whatever the machine zone', () => {
    assert.equal(formatInstant('2026-12-04T17:21:37.973Z', 'zh'), '2026-12-05 01:21:37 北京时间（UTC+08:00）/ 2026-12-04 17:21:37 UTC');
    assert.equal(formatInstant('2026-12-04T17:21:37Z', 'en', 'UTC'), '2026-12-04 17:21:37 UTC');
    assert.equal(formatInstant('2026-06-01T12:00:00Z', 'en', 'Europe/Berlin'), '2026-06-01 14:00:00 (UTC+02:00, Europe/Berlin) / 2026-06-01 12:00:00 UTC');
    assert.equal(localiseInstants('at 2026-12-31T16:00:00.000Z.', 'zh'), 'at 2027-01-01 00:00:00 北京时间（UTC+08:00）/ 2026-12-31 16:00:00 UTC.');
    assert.equal(formatInstant('not a time', 'zh'), 'not a time');
  });
});

/** The fixed words of every English sentence the report, reasons and checks can say (their parts between {{values}}). */
function englishSentences(): string[] {
  const flat = (o: object): string[] => Object.values(o).flatMap((v) => (typeof v === 'string' ? [v] : flat(v as object)));
  return [...flat(en.report), ...flat(en.reason), ...flat(en.proofCheck.msg)]
    .flatMap((s) => s.split(/\{\{\w+\}\}/))
    .map((s) => s.trim())
    .filter((s) => s.length >= 14 && / [a-z]+ /.test(s));
}

/** Names, codes and hashes may stay Latin in Chinese text: the document's, the signers', the node's. */
let names: RegExp = /$^/;
const namesIn = (): RegExp => names;

describe('a zh-CN proof report', () => {
  const bench = new ProofBench();
  let pkgPath: string;
  let signed: string;
  before(async () => {
    await ensureVerifierBuilt();
    signed = await bench.signedDocument(2);
    pkgPath = bench.file('case.affixproof');
    await bench.ok(['proof', 'export', signed, '-o', pkgPath]);
    const evidence = EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(readPackageBounded(readBytes(pkgPath)).files.get(PACKAGE_FILES.evidence)!)));
    const latin = [evidence.document.name, evidence.ledger.origin, ...evidence.signers.flatMap((s) => [s.subject, s.field])];
    names = new RegExp(latin.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  });
  after(() => bench.cleanup());

  it('CLI text (proof verify and verify --lang zh) shows Beijing time and no RFC 3339 "Z" instant', async () => {
    // Issue #17: a passing verdict needs the producer's policy pinned (as in the README walkthrough).
    const policy = bench.file('policy.json');
    assert.equal((await bench.cli(['proof', 'policy', '-o', policy])).status, 0);
    const r = await affix(['proof', 'verify', pkgPath, '--trust-policy', policy, '--lang', 'zh', '--home', bench.file('no-workspace')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /北京时间（UTC\+08:00）\/ \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
    assert.doesNotMatch(r.stdout, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/);
    // A passing package's facts are written in Chinese too: none of the English sentences remain.
    assert.match(r.stdout, /签名版本存证于/);
    for (const en of [
      'signed revision anchored at',
      'events proven included',
      'issued by',
      'matches the sealed report.pdf',
      'Signed by ',
      'covering the whole file',
      'No identity fields',
    ]) {
      assert.ok(!r.stdout.includes(en), `English left in the Chinese report: "${en}"`);
    }
    const text = renderReportText(await verifyPdf(readBytes(signed)), 'zh');
    assert.match(text, /证书检查时间: .*北京时间（UTC\+08:00）/);
    // The algorithm by its names only: no English word in it.
    assert.match(text, /算法: ECDSA P-256 \+ SHA-256/);
    assert.doesNotMatch(r.stdout + text, / with /);
  });

  it('report.pdf opens with the overall verdict; its Chinese half has no English sentence and shows Beijing time', () => {
    const pdf = readPackageBounded(readBytes(pkgPath)).files.get(PACKAGE_FILES.report)!;
    const path = bench.file('report.pdf');
    writeFileSync(path, pdf);
    const page1 = execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', '1', '-l', '1', path, '-'], { encoding: 'utf8' });
    // Two workspace keys with self-signed certificates, trusted through the package's policy: valid — said first.
    assert.match(page1.trim().split('\n')[0], /^总体结论：有效/);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
    const split = text.indexOf('Overall verdict: VALID');
    assert.ok(split > 0, 'the English report follows the Chinese one, opening with its verdict');
    const zh = text.slice(0, split);
    assert.ok(zh.indexOf('总体结论') < zh.indexOf('一、证据标识'), 'the verdict before the identifiers');
    assert.match(zh, /北京时间（UTC\+08:00）/);
    assert.doesNotMatch(zh, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/, 'no bare RFC 3339 instant');
    // Time-stamps are named: no signature or checkpoint time-stamp here, and the report says so.
    assert.match(zh, /仅为签署人声称，没有时间戳证明/);
    assert.match(zh, /没有检查点时间戳/);
    for (const sentence of englishSentences()) assert.ok(!zh.replace(/\s+/g, ' ').includes(sentence), `English in the Chinese report: "${sentence}"`);
    assert.ok(!/[A-Za-z]{3,} [a-z]{2,} [a-z]{2,} [a-z]{2,}/.test(zh.replace(namesIn(), ' ')), 'no run of English words outside names and codes');
  });

  it("a failing report.pdf: its Chinese half gives reasons, changes and time-stamps in Chinese only, none of the verifier's English", async () => {
    const zip = readPackageBounded(readBytes(pkgPath)).files;
    const evidence = EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(zip.get(PACKAGE_FILES.evidence)!)));
    const verification = structuredClone(evidence.verification) as VerificationReport;
    const englishDetail = 'the page content stream of revision 7 was rewritten after signing';
    const [first, second] = verification.signatures;
    Object.assign(first, {
      status: { indication: 'TOTAL-FAILED', subIndication: 'SIG_CONSTRAINTS_FAILURE', reason: englishDetail },
      modifications: [{ revision: 7, kind: 'page-content', allowed: false, detail: englishDetail }],
      notes: [englishDetail],
      time: { ...first.time!, timestamp: '2026-01-02T03:04:05Z', checkedAtSource: 'timestamp' },
    });
    Object.assign(second, {
      status: { indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', reason: 'no chain to a trusted anchor' },
      time: { ...second.time!, timestamp: '2026-01-02T03:04:06Z', checkedAtSource: 'now' },
    });
    verification.document = first.status;
    const untrusted = {
      size: evidence.checkpoint.size,
      ok: false as const,
      failed: false,
      stage: 'authority' as const,
      reason: 'the timestamp authority is not trusted',
    };
    const proven = { size: 3, ok: true as const, genTime: new Date('2026-01-02T03:04:07Z'), tsa: 'CN=Test TSA' };
    const pdf = await drawReport({
      evidence,
      verification,
      evidenceSha256: '0'.repeat(64),
      checkpointSha256: '1'.repeat(64),
      checkpointTimes: [proven, untrusted],
    });
    const path = bench.file('failing-report.pdf');
    writeFileSync(path, pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
    assert.match(text.trim().split('\n')[0], /^总体结论：无效/);
    const split = text.indexOf('Overall verdict: INVALID');
    assert.ok(split > 0, 'the English report follows');
    // A line break inside Chinese text is no space in the sentence.
    const zh = text
      .slice(0, split)
      .replace(/\s+/g, ' ')
      .replace(/(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])/g, '');
    assert.match(zh, /文件在签署后被做了签署人不允许的修改：页面内容被修改/);
    assert.match(zh, /签署后的修改：第 7 版页面内容被修改（不允许）/);
    assert.match(zh, /签名时间戳：证明此签名不晚于 2026-01-02 11:04:05 北京时间（UTC\+08:00）/);
    assert.match(zh, /签名带有时间戳（2026-01-02 11:04:06 北京时间（UTC\+08:00）/);
    assert.match(zh, /时间戳证明此记录不晚于 2026-01-02 11:04:07 北京时间（UTC\+08:00）/);
    assert.match(zh, /导出节点无法验证其时间戳机构/);
    for (const en of [englishDetail, 'no chain to a trusted anchor', 'not trusted', ...englishSentences()])
      assert.ok(!zh.includes(en), `English in the Chinese report: "${en}"`);
    // The English half keeps the verifier's detail for English readers.
    assert.ok(text.slice(split).replace(/\s+/g, ' ').includes('revision 7 page content changed (NOT ALLOWED)'), 'English change description');
  });

  it("report.pdf's QR code names each signature's ledger entry", () => {
    const zip = readPackageBounded(readBytes(pkgPath)).files;
    const evidence = EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(zip.get(PACKAGE_FILES.evidence)!)));
    const path = bench.file('report-qr.pdf');
    writeFileSync(path, zip.get(PACKAGE_FILES.report)!);
    execFileSync('pdftoppm', ['-r', '150', '-png', '-f', '1', '-l', '1', path, bench.file('qr')]);
    const z = spawnSync('zbarimg', ['--quiet', '--raw', bench.file('qr-1.png')], { encoding: 'utf8' });
    assert.equal(z.status, 0, z.stderr);
    const expected = evidence.signers.map((s) => `${s.field}@${s.ledgerIndex}`).join(',');
    assert.match(z.stdout.trim(), new RegExp(`^affix-proof:v1;sha256=${evidence.document.sha256};signatures=${expected};checkpoint-sha256=[0-9a-f]{64}$`));
  });
});
