/**
 * `affix proof export` / `affix proof verify` end to end through the CLI: a
 * document signed twice, exported with its anchored trail, verified offline
 * with no workspace; every tampering case the issue lists is caught with its
 * own message and exit 1; a foreign trust policy refuses the package.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { isAffixError } from '../../../shared/errors/affix-error';
import { PACKAGE_FILES } from '../../../shared/proof/container';
import { readPackageBounded } from '../../../shared/proof/package-budget';
import { verifyPackage } from '../../../shared/proof/verify-package';
import { openServices } from '../../../main/services/composition/container';
import { ed25519PublicKey, ed25519RandomSeed } from '../../../shared/ledger/ed25519';
import { formatVerifierKey, SIG_COSIGNATURE_V1, verifierKey } from '../../../shared/ledger/note';
import { EvidenceSchema, trailText } from '../../../shared/proof/evidence';
import { affix } from '../../support/cli';
import { checkOf, ensureVerifierBuilt, ProofBench, readBytes, TAMPERS, verifyOffline, withFile, writeBytes } from './fixtures';

const bench = new ProofBench();
let signed: string;
let pkgPath: string;
let pkg: Uint8Array;

before(async () => {
  await ensureVerifierBuilt();
  signed = await bench.signedDocument(2);
  pkgPath = bench.file('case.affixproof');
  const r = await bench.ok<{ events: number; signatures: number; ledgerIndex: number }>(['proof', 'export', signed, '-o', pkgPath]);
  assert.equal(r.signatures, 2);
  pkg = readBytes(pkgPath);
});
after(() => bench.cleanup());

describe('affix proof export', () => {
  it('writes the five files, the PDF byte for byte, and a schema-valid evidence.json', () => {
    const files = readPackageBounded(pkg).files;
    assert.deepEqual([...files.keys()].sort(), Object.values(PACKAGE_FILES).sort());
    assert.deepEqual(Buffer.from(files.get(PACKAGE_FILES.pdf)!), readFileSync(signed));
    const evidence = EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(files.get(PACKAGE_FILES.evidence)!)));
    assert.equal(evidence.document.sha256, createHash('sha256').update(readFileSync(signed)).digest('hex'));
    assert.deepEqual(
      evidence.events.map((e) => e.type),
      ['document.anchored', 'document.versioned', 'signature.added', 'document.versioned', 'signature.added', 'access.exported'],
    );
    assert.equal(evidence.signers.length, 2);
    assert.match(new TextDecoder().decode(files.get(PACKAGE_FILES.readme)!), /verify\.html/);
    assert.match(new TextDecoder().decode(files.get(PACKAGE_FILES.verifier)!), /Content-Security-Policy" content="default-src 'none'/);
  });

  it('anchors the export itself on the ledger, naming the digest of the trail it ships', () => {
    const evidence = EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(readPackageBounded(pkg).files.get(PACKAGE_FILES.evidence)!)));
    const s = openServices(bench.home);
    try {
      const exports = s.ledger.findBySubject(evidence.document.sha256).filter((e) => e.entry.type === 'access.exported');
      assert.equal(exports.length, 1);
      assert.equal(exports[0].index, evidence.events.at(-1)!.index);
      assert.equal(exports[0].entry.refs.trailEvents, String(evidence.events.length - 1));
      assert.equal(
        exports[0].entry.refs.trailSha256,
        createHash('sha256')
          .update(trailText(evidence.events.slice(0, -1)))
          .digest('hex'),
      );
    } finally {
      s.close();
    }
  });

  it('refuses an unknown document with exit 2 and no output file', async () => {
    const out = bench.file('none.affixproof');
    const r = await bench.cli(['proof', 'export', 'no-such-document', '-o', out]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /neither a document id nor a file/);
    assert.throws(() => readFileSync(out));
  });
});

describe('affix proof verify', () => {
  it('passes every check offline with the pinned policy; with only the package policy trust stays indeterminate (#17)', async () => {
    const plain = await verifyOffline(pkgPath);
    assert.equal(plain.status, 3, JSON.stringify(plain.report, null, 2));
    assert.deepEqual(
      plain.report.checks.map((c) => [c.id, c.verdict]),
      plain.report.checks.map((c) => [c.id, c.id === 'trust' ? 'indeterminate' : 'passed']),
    );
    assert.match(checkOf(plain.report, 'trust').messages[0], /trust not established: the package's own policy was used/);
    const policy = bench.file('policy.json');
    assert.equal((await bench.cli(['proof', 'policy', '-o', policy])).status, 0);
    const pinned = await verifyOffline(pkgPath, ['--trust-policy', policy]);
    assert.equal(pinned.status, 0, JSON.stringify(pinned.report, null, 2));
    assert.equal((pinned.report as unknown as { trustPolicySource: string }).trustPolicySource, 'supplied');
  });

  it('prints the verdicts in Chinese', async () => {
    const r = await affix(['proof', 'verify', pkgPath, '--home', bench.file('nowhere'), '--lang', 'zh']);
    assert.equal(r.status, 3);
    assert.match(r.stdout, /证据包核验结果: 无法确定/);
    assert.match(r.stdout, /\[通过\] 账本存证包含证明/);
  });

  for (const t of TAMPERS) {
    it(`detects ${t.name} (exit 1, ${t.check})`, async () => {
      const path = bench.file(`tampered-${t.check}.affixproof`);
      writeBytes(path, t.apply(pkg));
      const r = await verifyOffline(path);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.report.verdict, 'failed');
      const c = checkOf(r.report, t.check);
      assert.equal(c.verdict, 'failed');
      assert.ok(
        c.messages.some((m) => t.message.test(m)),
        `${t.check}: ${c.messages.join(' | ')}`,
      );
    });
  }

  it('a changed PDF byte also fails the signature it falls under', async () => {
    const path = bench.file('tampered-pdf.affixproof');
    writeBytes(path, TAMPERS[0].apply(pkg));
    const r = await verifyOffline(path);
    assert.match(checkOf(r.report, 'pdf-signatures').messages.join('\n'), /TOTAL-FAILED\/HASH_FAILURE/);
  });

  it("refuses the package under another node's trust policy (the package's own word is not enough)", async () => {
    const other = new ProofBench();
    try {
      assert.equal((await other.cli(['init'])).status, 0);
      const policy = other.file('other-policy.json');
      assert.equal((await other.cli(['proof', 'policy', '-o', policy])).status, 0);
      const r = await verifyOffline(pkgPath, ['--trust-policy', policy]);
      assert.equal(r.status, 1);
      assert.match(checkOf(r.report, 'ledger-proofs').messages.join('\n'), /checkpoint is for log "\S+", expected|carries no signature by/);
      assert.match(checkOf(r.report, 'evidence-integrity').messages.join('\n'), /INDETERMINATE|TOTAL-FAILED/);
    } finally {
      other.cleanup();
    }
  });

  it('a witness policy the checkpoint does not meet fails the checkpoint check (exit 1)', async () => {
    const policy = JSON.parse(readFileSync(bench.file('policy.json'), 'utf8')) as Record<string, unknown>;
    const witness = formatVerifierKey(verifierKey('witness.example.org', SIG_COSIGNATURE_V1, ed25519PublicKey(ed25519RandomSeed())));
    const path = bench.file('witness-policy.json');
    writeFileSync(path, JSON.stringify({ ...policy, witnessPolicy: `witness w1 ${witness}\nquorum w1\n` }));
    const r = await verifyOffline(pkgPath, ['--trust-policy', path]);
    assert.equal(r.status, 1);
    const c = checkOf(r.report, 'checkpoint');
    assert.equal(c.verdict, 'failed');
    assert.match(c.messages.join('\n'), /The witness policy is not met \(valid cosignatures: none\)/);
  });

  it('refuses a file that is not a package with exit 2 naming the problem', async () => {
    const path = bench.file('not-a-package.affixproof');
    writeFileSync(path, 'hello');
    const r = await verifyOffline(path);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /not an Affix proof package: the file is not a zip archive/i);
  });
});

describe('report.pdf', () => {
  let reportPath: string;
  before(() => {
    reportPath = bench.file('report.pdf');
    writeBytes(reportPath, readPackageBounded(pkg).files.get(PACKAGE_FILES.report)!);
  });

  it('renders with pdftoppm', () => {
    execFileSync('pdftoppm', ['-r', '40', '-png', '-f', '1', '-l', '1', reportPath, bench.file('page')]);
    const png = readFileSync(bench.file('page-1.png'));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.length > 5000);
  });

  it('extracts in Chinese and English, with the hashes, the court points and the FRE 902(14) statement', () => {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', reportPath, '-'], { encoding: 'utf8' });
    const evidence = EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(readPackageBounded(pkg).files.get(PACKAGE_FILES.evidence)!)));
    assert.match(text, /Affix 电子证据报告/);
    assert.match(text, /Affix Electronic Evidence Report/);
    assert.ok(text.includes(evidence.document.sha256), 'document SHA-256');
    assert.match(text, /人民法院在线诉讼规则/);
    assert.match(text, /FRE 902\(14\)/);
    assert.match(text, /六、离线核验步骤/);
    assert.match(text, /6\. How to verify offline/);
    for (const e of evidence.events) assert.ok(text.includes(`#${e.index}`), `event #${e.index}`);
  });

  it('is sealed: pdfsig finds a valid whole-file signature and `affix verify --trust` the pinned seal passes it', async () => {
    const sig = execFileSync('pdfsig', ['-nocert', reportPath], { encoding: 'utf8' });
    assert.match(sig, /Signature is Valid/);
    assert.match(sig, /Total document signed/);
    const policy = JSON.parse(readFileSync(bench.file('policy.json'), 'utf8')) as { trustAnchors: string[] };
    const seal = bench.file('report-seal.der');
    writeFileSync(seal, Buffer.from(policy.trustAnchors[0], 'base64'));
    const r = await affix(['verify', reportPath, '--trust', seal, '--home', bench.file('nowhere'), '--json']);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(JSON.parse(r.stdout).signatures[0].status.indication, 'TOTAL-PASSED');
  });
});

describe('any changed byte in any file', () => {
  /** Deterministic positions, so a failure can be replayed. */
  function* positions(length: number, count: number, seed: number): Generator<number> {
    let x = seed;
    for (let i = 0; i < count; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      yield x % length;
    }
  }

  for (const name of Object.values(PACKAGE_FILES)) {
    it(`${name}: every one-byte change fails verification (or is refused as unreadable)`, async () => {
      const original = readPackageBounded(pkg).files.get(name)!;
      // report.pdf: the zero padding after the CMS inside /Contents is the one region a PDF signature
      // cannot cover; document.pdf's is covered by its whole-file hash in evidence.json.
      const gap = name === PACKAGE_FILES.report ? signatureGap(original) : null;
      let tried = 0;
      for (const at of positions(original.length, 10, 7 + name.length)) {
        if (gap && at >= gap[0] && at < gap[1]) continue;
        tried++;
        const changed = withFile(pkg, name, (b) => {
          const c = Uint8Array.from(b);
          c[at] ^= 0x20;
          return c;
        });
        let verdict: string;
        try {
          verdict = (await verifyPackage(changed)).verdict;
        } catch (error) {
          assert.ok(isAffixError(error) && error.code === 'BAD_INPUT', String(error));
          verdict = 'refused';
        }
        assert.notEqual(verdict, 'passed', `${name}: byte ${at} changed, still passed`);
      }
      assert.ok(tried >= 6, `only ${tried} positions tried`);
    });
  }
});

/** [start, end) of the signature's /Contents hex string in a signed PDF (from its /ByteRange). */
function signatureGap(pdf: Uint8Array): [number, number] {
  const m = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(Buffer.from(pdf).toString('latin1'));
  assert.ok(m);
  return [Number(m[1]) + Number(m[2]), Number(m[3])];
}
