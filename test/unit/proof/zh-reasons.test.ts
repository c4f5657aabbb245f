/**
 * Issue 22, Done-when 3: a Chinese report of a tampered file has no English
 * reason text — `affix verify` and `affix proof verify`, asked in Chinese by
 * --lang zh or by the locale (LANG=zh_CN.UTF-8) — and shows Beijing time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PACKAGE_FILES } from '../../../shared/proof/container';
import { affix } from '../../support/cli';
import { latinSentences } from '../../support/latin-sentences';
import { ensureVerifierBuilt, ProofBench, readBytes, withFile, writeBytes } from './fixtures';

describe('Chinese reports of tampered files', () => {
  const bench = new ProofBench();
  let tamperedPdf: string;
  let tamperedPkg: string;
  before(async () => {
    await ensureVerifierBuilt();
    const signed = await bench.signedDocument(2);
    const pkgPath = bench.file('case.affixproof');
    await bench.ok(['proof', 'export', signed, '-o', pkgPath]);
    const pkg = readBytes(pkgPath);
    // One byte inside the signed range of the PDF, and the same PDF in the package.
    const flip = (b: Uint8Array): Uint8Array => {
      const c = Uint8Array.from(b);
      c[200] ^= 0x01;
      return c;
    };
    tamperedPdf = bench.file('tampered.pdf');
    writeBytes(tamperedPdf, flip(readBytes(signed)));
    tamperedPkg = bench.file('tampered.affixproof');
    writeBytes(tamperedPkg, withFile(pkg, PACKAGE_FILES.pdf, flip));
  });
  after(() => bench.cleanup());

  const noWorkspace = (): string[] => ['--home', bench.file('no-workspace')];

  for (const how of ['--lang zh', 'LANG=zh_CN.UTF-8'] as const) {
    it(`affix verify of a tampered PDF (${how}) gives its reasons in Chinese`, async () => {
      const args = ['verify', tamperedPdf, ...noWorkspace(), ...(how === '--lang zh' ? ['--lang', 'zh'] : [])];
      const r = await affix(args, how === '--lang zh' ? { LANG: 'C.UTF-8', LC_ALL: '' } : { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /无效（TOTAL-FAILED）/);
      assert.match(r.stdout, /原因: .*(篡改|修改|不一致)/);
      assert.deepEqual(latinSentences(r.stdout), [], r.stdout);
    });

    it(`affix proof verify of a tampered package (${how}) gives its findings in Chinese, in Beijing time`, async () => {
      const args = ['proof', 'verify', tamperedPkg, ...noWorkspace(), ...(how === '--lang zh' ? ['--lang', 'zh'] : [])];
      const r = await affix(args, how === '--lang zh' ? { LANG: 'C.UTF-8', LC_ALL: '' } : { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stdout, /证据包核验结果: 未通过/);
      assert.match(r.stdout, /document\.pdf 已被篡改/);
      assert.match(r.stdout, /北京时间（UTC\+08:00）/);
      assert.deepEqual(latinSentences(r.stdout), [], r.stdout);
    });
  }

  it("the same reports in English keep the verifier's own detail", async () => {
    const r = await affix(['verify', tamperedPdf, ...noWorkspace(), '--lang', 'en']);
    assert.equal(r.status, 1, r.stderr);
    assert.ok(latinSentences(r.stdout).length > 0, 'an English report is written in sentences');
    assert.match(r.stdout, /the document was altered after signing/);
  });

  it('the sentence rule finds English sentences and spares names, codes, hashes and file names', () => {
    assert.deepEqual(latinSentences('原因: the digest does not match'), ['the digest does not match']);
    assert.deepEqual(latinSentences('无效（TOTAL-FAILED）HASH_FAILURE 3f9a…c2 document.pdf AffixNodeSeal 签署人 Alice Zhang'), []);
    assert.deepEqual(latinSentences('Signed by Alice'), ['Signed by Alice']);
    assert.deepEqual(latinSentences('Signed by Alice', ['Alice']), []);
  });
});
