/**
 * The bytes variants the window uses for dropped or chosen files:
 * verification.verifyBytes and proof.verifyBytes give the same reports as
 * their path twins (the same verifier code), and bad base64, a file that is
 * not a PDF or not a package, and missing trust files are BAD_INPUT with a
 * message naming the problem.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppRouter } from '../../../main/ipc/app-router';
import type { Router } from '../../../main/ipc/router';
import { openServices, type Services } from '../../../main/services/composition/container';
import { tempHome } from '../../support/cli';
import { corpusDir, corpusSkip } from '../../support/corpus';
import { handmadePdf } from '../../support/handmade-pdf';
import { ensureVerifierBuilt, ProofBench, TAMPERS } from '../proof/fixtures';

const SIGNED = join(corpusDir, 'signed-by-others', 'pyhanko-two-signers-rsa-then-ecdsa.pdf');
const ROOT = join(corpusDir, 'signed-by-others', 'sample-root-ca.pem');
const b64 = (b: Uint8Array | string): string => Buffer.from(b).toString('base64');

let services: Services;
let router: Router;
before(() => {
  services = openServices(tempHome('affix-verify-bytes-'), { create: true });
  router = createAppRouter(services);
});
after(() => services.close());

/** As the CLI: verifyFile and its trust certificates are named by path, which only the CLI may do (issue 16). */
async function call(method: string, input: unknown) {
  return router.invoke(method, input, { kind: 'cli' });
}

/** The report without the moment it was made (signatures with no proof of existence are checked at that moment too). */
const timeless = (r: unknown) => {
  const at = (r as { verifiedAt: string }).verifiedAt;
  return { ...(JSON.parse(JSON.stringify(r).split(at).join('NOW')) as Record<string, unknown>), verifiedAt: null };
};
/** A package report without the moments its signatures were checked at (now, when no timestamp proves a time). */
const checkedNow = (r: unknown) => JSON.parse(JSON.stringify(r).replace(/(checked at |核验时间 |"at":")\d{4}-\d\d-\d\dT[\d:.]+Z/g, '$1NOW')) as unknown;

describe('verification.verifyBytes', () => {
  it('gives the same report as verifyFile for a PDF signed by pyHanko, trusted through the same certificate file', { skip: corpusSkip }, async () => {
    const byPath = await call('verification.verifyFile', { path: SIGNED, trust: [ROOT] });
    const byBytes = await call('verification.verifyBytes', { name: 'two-signers.pdf', base64: b64(readFileSync(SIGNED)), trust: [ROOT] });
    assert.ok(byPath.ok && byBytes.ok, JSON.stringify([byPath, byBytes]));
    assert.deepEqual(timeless(byBytes.value), timeless(byPath.value));
    const report = byBytes.value as { document: { indication: string }; signatures: unknown[] };
    assert.equal(report.document.indication, 'TOTAL-PASSED');
    assert.equal(report.signatures.length, 2);
  });

  it('finds a changed byte in a dropped file just as in a file on disk', { skip: corpusSkip }, async () => {
    const bytes = Buffer.from(readFileSync(SIGNED));
    bytes[Math.floor(bytes.length / 3)] ^= 0x01;
    const r = await call('verification.verifyBytes', { name: 'altered.pdf', base64: b64(bytes), trust: [ROOT] });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal((r.value as { document: { indication: string } }).document.indication, 'TOTAL-FAILED');
  });

  const refusals: { name: string; input: Record<string, unknown>; message: RegExp }[] = [
    {
      name: 'base64 with characters outside its alphabet',
      input: { name: 'x.pdf', base64: 'JVBERi0x*jcK' },
      message: /x\.pdf: the file content is not valid base64/,
    },
    { name: 'base64 of the wrong length', input: { name: 'x.pdf', base64: 'JVBERi0xLjcK9' }, message: /not valid base64/ },
    { name: 'a text file', input: { name: 'notes.txt', base64: b64('These are meeting notes, not a PDF.\n') }, message: /not a PDF/ },
    { name: 'a truncated PDF', input: { name: 'cut.pdf', base64: b64('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n') }, message: /startxref|truncated/ },
    {
      name: 'a trust file that does not exist',
      input: { name: 'x.pdf', base64: b64(handmadePdf({ style: 'table' })), trust: ['/nonexistent/root.pem'] },
      message: /Cannot read the trust anchor \/nonexistent\/root\.pem: .*ENOENT/,
    },
    { name: 'an empty file', input: { name: 'empty.pdf', base64: '' }, message: /base64: Too small|>=1 characters|too_small|at least/i },
  ];
  for (const r of refusals) {
    it(`refuses ${r.name} with BAD_INPUT naming the problem`, async () => {
      const out = await call('verification.verifyBytes', r.input);
      assert.equal(out.ok, false);
      if (out.ok) return;
      assert.equal(out.error.code, 'BAD_INPUT');
      assert.match(out.error.message, r.message);
    });
  }
});

describe('proof.verifyBytes', () => {
  const bench = new ProofBench();
  let pkgPath: string;
  before(async () => {
    await ensureVerifierBuilt();
    const signed = await bench.signedDocument(1);
    pkgPath = bench.file('case.affixproof');
    await bench.ok(['proof', 'export', signed, '-o', pkgPath]);
  });
  after(() => bench.cleanup());

  it('gives the same report as proof.verify for an exported package, and for a tampered one', async () => {
    const pkg = new Uint8Array(readFileSync(pkgPath));
    const byPath = await call('proof.verify', { path: pkgPath });
    const byBytes = await call('proof.verifyBytes', { name: 'case.affixproof', base64: b64(pkg) });
    assert.ok(byPath.ok && byBytes.ok, JSON.stringify([byPath, byBytes]));
    assert.deepEqual(checkedNow(byBytes.value), checkedNow(byPath.value));
    // A package from another workspace with nothing pinned here: every check passes but trust (issue 17).
    const good = byBytes.value as { verdict: string; checks: { id: string; verdict: string }[] };
    assert.equal(good.verdict, 'indeterminate');
    assert.deepEqual(
      good.checks.filter((c) => c.verdict !== 'passed').map((c) => c.id),
      ['trust'],
    );

    const tampered = await call('proof.verifyBytes', { name: 'case.affixproof', base64: b64(TAMPERS[0].apply(pkg)) });
    assert.ok(tampered.ok, JSON.stringify(tampered));
    const report = tampered.value as { verdict: string; checks: { id: string; verdict: string; messages: string[] }[] };
    assert.equal(report.verdict, 'failed');
    const check = report.checks.find((c) => c.id === TAMPERS[0].check)!;
    assert.equal(check.verdict, 'failed');
    assert.match(check.messages.join('\n'), TAMPERS[0].message);
  });

  it('refuses bad base64, a file that is not a package and a missing trust policy, naming the problem', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: 'case.affixproof', base64: 'UEsDBA==!!' }, /case\.affixproof: the file content is not valid base64/],
      [{ name: 'case.affixproof', base64: b64('%PDF-1.7 not a zip') }, /Not an Affix proof package: the file is not a zip archive/],
      [
        { name: 'case.affixproof', base64: b64(readFileSync(pkgPath)), trustPolicy: '/nonexistent/policy.json' },
        /Cannot read the trust policy \/nonexistent\/policy\.json/,
      ],
    ];
    for (const [input, message] of cases) {
      const out = await call('proof.verifyBytes', input);
      assert.equal(out.ok ? 'ok' : out.error.code, 'BAD_INPUT', JSON.stringify(out));
      if (!out.ok) assert.match(out.error.message, message);
    }
  });
});
