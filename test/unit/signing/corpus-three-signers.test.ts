/**
 * Issue 3's acceptance test: every real-world PDF of the pdf.js corpus that
 * `qpdf --check` accepts (exit 0, or 3: warnings only) is signed three times in sequence — a P-256
 * software key (visible seal), an RSA-2048 PKCS#12 key (visible personal
 * block) and a SoftHSM2 token key (invisible) — and then checked only with
 * independent tools: pdfsig (every signature valid, the last covering the
 * whole file, earlier signatures of the input unchanged), openssl cms -verify
 * over each signature's byte ranges, and qpdf --check (no worse than the
 * input's). Encrypted files qpdf can open are refused with a clear error.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SignatureOptions } from '../../../shared/contract/signing';
import { signBytes } from '../../../main/services/usecases/signing/signing-service';
import { PdfReader } from '../../../shared/pdf/reader';
import { extractSignatures, opensslCmsVerify, pdfsig, qpdfCheck } from '../../support/pdf-tools';
import { corpusDir, corpusSkip } from '../../support/corpus';
import { outputOf, tempDir } from '../../support/signing-fixtures';
import { p12KeyFixture, softHsmKeyFixture, softwareKeyFixture, type KeyFixture } from '../../support/key-fixtures';
import type { SoftHsmToken } from '../../support/softhsm';

const dir = join(corpusDir, 'pdfjs');
const files = corpusSkip
  ? []
  : readdirSync(dir)
      .filter((f) => f.endsWith('.pdf'))
      .sort();

let tmp: ReturnType<typeof tempDir>;
let keys: KeyFixture[];
let token: SoftHsmToken;
before(async () => {
  if (corpusSkip) return;
  tmp = tempDir('affix-corpus-');
  const hsm = softHsmKeyFixture();
  token = hsm.token;
  keys = [await softwareKeyFixture(), p12KeyFixture(tmp.dir), hsm];
});
after(() => {
  for (const k of keys ?? []) k.signer.close();
  token?.cleanup();
  tmp?.cleanup();
});

/** A visible rectangle inside page 1's crop box, near its lower-left corner. */
function cornerRect(pdf: Uint8Array, offset: number, w: number, h: number): [number, number, number, number] | undefined {
  const [x0, y0, x1, y1] = PdfReader.open(pdf).pages()[0].cropBox;
  if (x1 - x0 < offset + w + 10 || y1 - y0 < h + 20) return undefined;
  return [x0 + 10 + offset, y0 + 10, w, h];
}

function optionsFor(step: number, pdf: Uint8Array): SignatureOptions {
  if (step === 0) {
    const rect = cornerRect(pdf, 0, 60, 60);
    return rect ? { appearance: { kind: 'seal', orgName: '测试科技有限公司', sealText: '合同专用章' }, placement: { page: 1, rect } } : {};
  }
  if (step === 1) {
    const rect = cornerRect(pdf, 70, 120, 40);
    return { reason: '同意 Approved', ...(rect ? { appearance: { kind: 'person' }, placement: { page: 1, rect } } : {}), subFilter: 'pkcs7' };
  }
  return { location: 'Beijing' };
}

describe('three sequential signers over the pdf.js corpus', { skip: corpusSkip }, () => {
  it('covers the corpus it expects (its INDEX lists ≥ 25 clean, unencrypted files)', () => {
    const clean = readFileSync(join(dir, 'INDEX.txt'), 'utf8')
      .split('\n')
      .filter((l) => /\.pdf .* enc=0 .* qpdf=0$/.test(l));
    assert.ok(clean.length >= 25, `INDEX.txt lists only ${clean.length} clean files`);
    for (const l of clean) assert.ok(files.includes(l.split(' ')[0]), `${l.split(' ')[0]} is listed but missing`);
  });

  for (const file of files) {
    it(file, async (t) => {
      const inputPath = join(dir, file);
      const check = await qpdfCheck(inputPath);
      // Exit 0: clean; 3: readable with warnings (accepted); 2: errors (refused, tested in sign-cli.test.ts).
      if (check.code !== 0 && check.code !== 3) {
        t.skip(`qpdf --check does not accept it (exit ${check.code})`);
        return;
      }
      let pdf: Uint8Array = readFileSync(inputPath);
      if (PdfReader.open(pdf).isEncrypted) {
        // qpdf reads PDFs encrypted with an empty user password; Affix refuses them with a clear error instead.
        await assert.rejects(signBytes(pdf, {}, keys[0].signer, file), /is encrypted/);
        return;
      }
      const inputLength = pdf.length;
      const before = await pdfsig(inputPath);
      const existing = before.signatures.length;
      for (let step = 0; step < 3; step++) {
        const signed = await signBytes(pdf, optionsFor(step, pdf), keys[step].signer, file);
        assert.deepEqual(Buffer.compare(Buffer.from(signed.original), Buffer.from(pdf)), 0, 'earlier bytes are untouched');
        pdf = outputOf(signed);
      }
      const out = join(tmp.dir, file);
      writeFileSync(out, pdf);

      const after = await pdfsig(out);
      assert.equal(after.signatures.length, existing + 3, after.output);
      after.signatures.forEach((s, i) => {
        if (i < existing) {
          assert.equal(s.validation, before.signatures[i].validation, `the input's own signature ${i + 1} kept its status`);
          return;
        }
        assert.equal(s.valid, true, `signature ${i + 1} (${s.field}): ${s.validation}`);
        assert.equal(s.totalDocumentSigned, i === existing + 2, `signature ${i + 1} total-document flag`);
      });
      const ours = extractSignatures(pdf, inputLength);
      assert.equal(ours.length, 3);
      for (const [i, sig] of ours.entries()) {
        const v = await opensslCmsVerify(sig, keys[i].certPem);
        assert.equal(v.code, 0, `openssl cms -verify, signer ${i + 1}: ${v.stderr}`);
      }
      const q = await qpdfCheck(out);
      // The output is as clean as the input: no new errors, and no warnings unless the input had them.
      assert.ok(q.code === 0 || q.code === check.code, `qpdf --check of the output exits ${q.code} (input: ${check.code}): ${q.stdout}${q.stderr}`);
    });
  }
});
