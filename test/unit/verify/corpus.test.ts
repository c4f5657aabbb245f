/**
 * PDFs Affix did not make: pyHanko-signed files must verify intact, valid
 * and trusted with their sample root, with no illegal later change; without
 * the anchor `affix verify` exits 3. On every signed file available, the
 * intact/valid verdict agrees with poppler's pdfsig.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { VerificationReportSchema } from '../../../shared/contract/verification';
import { renderReportText, verifyPdf } from '../../../shared/verify';
import { generateCorpus, type CraftedFile } from '../../support/attacks/generate';
import { affix } from '../../support/cli';
import { pdfsig } from '../../support/pdf-tools';
import { corpusDir, corpusSkip } from '../../support/corpus';
import { tempDir } from '../../support/signing-fixtures';

const others = join(corpusDir, 'signed-by-others');
const sampleRoot = join(others, 'sample-root-ca.pem');
const otherFiles = corpusSkip
  ? []
  : readdirSync(others)
      .filter((f) => f.endsWith('.pdf'))
      .map((f) => join(others, f));
/** Files in the pdfjs corpus that carry signatures (INDEX.txt: sig ≥ 1). */
const pdfjsSigned = (corpusSkip ? '' : readFileSync(join(corpusDir, 'pdfjs', 'INDEX.txt'), 'utf8'))
  .split('\n')
  .filter((l) => / sig=[1-9]/.test(l))
  .map((l) => join(corpusDir, 'pdfjs', l.split(' ')[0]));

let tmp: ReturnType<typeof tempDir>;
let engineFiles: CraftedFile[];
before(async () => {
  tmp = tempDir('affix-verify-corpus-');
  if (corpusSkip) return;
  engineFiles = [...(await generateCorpus()).clean];
});
after(() => tmp.cleanup());

describe('signed-by-others (pyHanko)', { skip: corpusSkip }, () => {
  it('has files to check', () => assert.ok(otherFiles.length >= 4, otherFiles.join(', ')));

  it('verifies every signature intact, valid and trusted, with no illegal modification', async () => {
    const anchor = readFileSync(sampleRoot);
    for (const file of otherFiles) {
      const report = await verifyPdf(readFileSync(file), { trustAnchors: [anchor] });
      assert.ok(report.signatures.length >= 1, file);
      for (const s of report.signatures) {
        assert.deepEqual(s.status, { indication: 'TOTAL-PASSED' }, `${file} ${s.field}: ${JSON.stringify(s.status)}`);
        assert.ok(s.intact && s.valid && s.trusted, `${file} ${s.field}`);
        assert.deepEqual(
          s.modifications.filter((m) => !m.allowed),
          [],
          `${file} ${s.field}`,
        );
        assert.ok(s.signer?.subject.includes('CN='), `${file}: signer subject`);
      }
      assert.doesNotThrow(() => VerificationReportSchema.parse(report), `${file}: report matches the contract schema`);
    }
  });

  it('reads the certification level and the later approval of the CJK file', async () => {
    const report = await verifyPdf(readFileSync(join(others, 'pyhanko-certified-then-approval-cjk.pdf')), { trustAnchors: [readFileSync(sampleRoot)] });
    const [cert, approval] = report.signatures;
    assert.equal(cert.kind, 'certification');
    assert.equal(cert.docMdp, 2);
    assert.equal(approval.kind, 'approval');
    assert.equal(approval.coverage, 'whole-file');
    assert.ok(cert.modifications.some((m) => m.kind === 'new-signature-field' && m.field === 'Approve1' && m.allowed));
  });

  it('affix verify exits 0 with --trust sample-root-ca.pem and 3 without it', async () => {
    const home = join(tmp.dir, 'no-workspace');
    for (const file of otherFiles) {
      const trusted = await affix(['verify', file, '--trust', sampleRoot, '--home', home]);
      assert.equal(trusted.status, 0, `${file}\n${trusted.stdout}${trusted.stderr}`);
      const untrusted = await affix(['verify', file, '--home', home, '--json']);
      assert.equal(untrusted.status, 3, `${file}\n${untrusted.stderr}`);
      const json = JSON.parse(untrusted.stdout) as { document: { subIndication: string }; signatures: { intact: boolean; valid: boolean; trusted: boolean }[] };
      assert.equal(json.document.subIndication, 'NO_CERTIFICATE_CHAIN_FOUND');
      assert.ok(json.signatures.every((s) => s.intact && s.valid && !s.trusted));
    }
  });

  it('renders the report in English and Chinese', async () => {
    const report = await verifyPdf(readFileSync(otherFiles[0]), { trustAnchors: [readFileSync(sampleRoot)] });
    const en = renderReportText(report, 'en');
    const zh = renderReportText(report, 'zh');
    assert.match(en, /Document: TOTAL-PASSED/);
    assert.match(en, /Intact: yes {4}Cryptographically valid: yes {4}Trusted: yes/);
    assert.match(zh, /文档验签结论: 有效（TOTAL-PASSED）/);
    assert.match(zh, /完整: 是/);
    assert.ok(zh.includes(report.signatures[0].signer?.serial ?? '?'));
  });
});

describe('affix verify with a workspace', { skip: corpusSkip }, () => {
  it('goes through the router (verification.verifyFile) and gives the same verdict', async () => {
    const home = join(tmp.dir, 'workspace');
    assert.equal((await affix(['init', '--home', home])).status, 0);
    const file = otherFiles[0];
    const viaRouter = await affix(['verify', file, '--trust', sampleRoot, '--home', home, '--json']);
    assert.equal(viaRouter.status, 0, viaRouter.stderr);
    const direct = await verifyPdf(readFileSync(file), { trustAnchors: [readFileSync(sampleRoot)] });
    const parsed = VerificationReportSchema.parse(JSON.parse(viaRouter.stdout));
    assert.deepEqual(
      parsed.signatures.map((s) => s.status),
      direct.signatures.map((s) => s.status),
    );
    assert.equal((await affix(['verify', file, '--home', home])).status, 3, 'the workspace has no CAs yet, so nothing is trusted');
  });
});

describe('affix verify input errors', { skip: corpusSkip }, () => {
  it('exits 2 with a message for a missing file, a non-PDF, and a bad --lang', async () => {
    const home = join(tmp.dir, 'no-workspace');
    const missing = await affix(['verify', join(tmp.dir, 'nope.pdf'), '--home', home]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /Cannot read the PDF .*ENOENT/);
    const text = join(tmp.dir, 'text.pdf');
    writeFileSync(text, 'hello, not a pdf');
    const notPdf = await affix(['verify', text, '--home', home]);
    assert.equal(notPdf.status, 2);
    assert.match(notPdf.stderr, /not a PDF/);
    const lang = await affix(['verify', otherFiles[0], '--lang', 'fr', '--home', home]);
    assert.equal(lang.status, 2);
    assert.match(lang.stderr, /--lang/);
    const badTrust = await affix(['verify', otherFiles[0], '--trust', text, '--home', home]);
    assert.equal(badTrust.status, 2);
    assert.match(badTrust.stderr, /Trust anchor 1 is not a certificate/);
  });
});

describe('agreement with poppler pdfsig', { skip: corpusSkip }, () => {
  it('gives the same intact+valid verdict as pdfsig on every signed file', async () => {
    const files: string[] = [...otherFiles, ...pdfjsSigned];
    for (const f of engineFiles) {
      const path = join(tmp.dir, `${f.name}.pdf`);
      writeFileSync(path, f.bytes);
      files.push(path);
    }
    let compared = 0;
    for (const file of files) {
      const [ours, theirs] = await Promise.all([verifyPdf(readFileSync(file)), pdfsig(file)]);
      const byField = new Map(ours.signatures.map((s) => [s.field, s]));
      // pdfsig also lists empty signature fields ("not signed"); they have no signature type.
      const signed = theirs.signatures.filter((p) => p.subFilter !== '');
      for (const p of signed) {
        const s = byField.get(p.field);
        assert.ok(s, `${file}: pdfsig sees field ${p.field}, Affix does not`);
        // Neither poppler's NSS backend nor OpenSSL 3.0's CMS code has Ed25519 ("isn't signed or corrupted data"):
        // there is no independent verdict to agree with (the signing tests check those signatures with pkeyutl).
        if (s.algorithm === 'Ed25519' && /isn't signed or corrupted/.test(p.validation)) continue;
        assert.equal(s.intact && s.valid, p.valid, `${file} ${p.field}: pdfsig says "${p.validation}", Affix ${JSON.stringify(s.status)}`);
        compared++;
      }
      assert.equal(ours.signatures.length, signed.length, `${file}: signature count`);
    }
    assert.ok(compared >= 15, `only ${compared} signatures compared`);
  });
});
