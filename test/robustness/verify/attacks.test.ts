/**
 * Every attack class from the 2019–2021 research, crafted by
 * test/support/attacks/generate.ts from clean files the signing engine made,
 * must end TOTAL-FAILED with the right sub-indication — while the engine's
 * legitimate multi-signer outputs stay TOTAL-PASSED.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { verifyPdf } from '../../../shared/verify';
import { ATTACK_CLASSES, generateCorpus, type Corpus } from '../../support/attacks/generate';
import { affix } from '../../support/cli';
import { tempDir } from '../../support/signing-fixtures';

let corpus: Corpus;
let anchor: Uint8Array;
let tmp: ReturnType<typeof tempDir>;
before(async () => {
  corpus = await generateCorpus();
  anchor = Buffer.from(corpus.signer.rootPem);
  tmp = tempDir('affix-verify-');
});
after(() => tmp.cleanup());

describe('verifyPdf on crafted attacks', () => {
  for (const cls of ATTACK_CLASSES) {
    it(`fails every ${cls} file with the expected sub-indication`, async () => {
      const files = corpus.attacks.filter((a) => a.class === cls);
      assert.ok(files.length > 0, `no ${cls} files generated`);
      for (const attack of files) {
        const report = await verifyPdf(attack.bytes, { trustAnchors: [anchor] });
        const first = report.signatures[0];
        assert.equal(report.document.indication, 'TOTAL-FAILED', `${attack.name}: ${JSON.stringify(report.document)}`);
        assert.equal(first.status.indication, 'TOTAL-FAILED', attack.name);
        assert.equal(
          first.status.indication === 'TOTAL-FAILED' && first.status.subIndication,
          attack.expected,
          `${attack.name}: ${JSON.stringify(first.status)}`,
        );
        if (attack.expected === 'SIG_CONSTRAINTS_FAILURE') {
          // The crypto is fine; what failed is a change after signing, and the report names it.
          assert.equal(first.intact && first.valid, true, attack.name);
          assert.ok(
            first.modifications.some((m) => !m.allowed),
            `${attack.name}: no illegal modification listed`,
          );
        }
      }
    });
  }

  it('names the attack pattern where it recognises one', async () => {
    const expectAttack = async (name: string, attack: string): Promise<void> => {
      const file = corpus.attacks.find((a) => a.name === name);
      assert.ok(file, name);
      const r = await verifyPdf(file.bytes, { trustAnchors: [anchor] });
      assert.ok(
        r.signatures[0].modifications.some((m) => m.attack === attack),
        `${name}: ${JSON.stringify(r.signatures[0].modifications)}`,
      );
    };
    await expectAttack('evil-annotation-freetext', 'evil-annotation');
    await expectAttack('sneaky-signature-signed', 'sneaky-signature');
    await expectAttack('shadow-replace-form-value', 'shadow-replace');
    await expectAttack('isa-unchained-xref', 'incremental-saving');
    await expectAttack('shadow-fill-dangling-reference', 'shadow-hide-and-replace');
  });
});

describe('verifyPdf on the signing engine’s clean outputs', () => {
  it('passes every signature of every clean file (single, multi-signer, certified, all algorithms)', async () => {
    for (const f of corpus.clean) {
      const report = await verifyPdf(f.bytes, { trustAnchors: [anchor] });
      assert.ok(report.signatures.length >= 1, f.name);
      for (const s of report.signatures) assert.deepEqual(s.status, { indication: 'TOTAL-PASSED' }, `${f.name}/${s.field}: ${JSON.stringify(s.status)}`);
      assert.equal(report.document.indication, 'TOTAL-PASSED', f.name);
    }
  });

  it('reports each algorithm the engine signs with', async () => {
    const algorithms = new Set<string>();
    for (const f of corpus.clean) for (const s of (await verifyPdf(f.bytes, { trustAnchors: [anchor] })).signatures) algorithms.add(s.algorithm ?? '');
    for (const a of ['ECDSA P-256 with SHA-256', 'ECDSA P-384 with SHA-384', 'RSA PKCS#1 v1.5 with SHA-256', 'RSA-PSS with SHA-256', 'Ed25519']) {
      assert.ok(algorithms.has(a), `missing ${a} in ${[...algorithms].join(', ')}`);
    }
  });

  it('reports the multi-signer file’s later revision as an allowed new signature', async () => {
    const f = corpus.clean.find((c) => c.name === 'clean-two-approvals');
    assert.ok(f);
    const [first, second] = (await verifyPdf(f.bytes, { trustAnchors: [anchor] })).signatures;
    assert.equal(first.coverage, 'own-revision');
    assert.equal(second.coverage, 'whole-file');
    assert.deepEqual(
      first.modifications.map((m) => [m.kind, m.allowed]),
      [['new-signature-field', true]],
    );
  });
});

describe('affix verify exit statuses on crafted files', () => {
  it('exits 0 for a clean file, 1 for an attack, 3 without a trust anchor', async () => {
    const root = join(tmp.dir, 'root.pem');
    writeFileSync(root, corpus.signer.rootPem);
    const clean = join(tmp.dir, 'clean.pdf');
    writeFileSync(clean, corpus.clean[1].bytes);
    const attack = join(tmp.dir, 'attack.pdf');
    writeFileSync(attack, corpus.attacks.find((a) => a.class === 'shadow-hide')?.bytes ?? Buffer.alloc(0));
    const home = join(tmp.dir, 'no-workspace');
    assert.equal((await affix(['verify', clean, '--trust', root, '--home', home])).status, 0);
    const failed = await affix(['verify', attack, '--trust', root, '--home', home, '--lang', 'zh']);
    assert.equal(failed.status, 1, failed.stdout + failed.stderr);
    assert.match(failed.stdout, /无效（TOTAL-FAILED） \/ SIG_CONSTRAINTS_FAILURE/);
    assert.equal((await affix(['verify', clean, '--home', home])).status, 3);
  });
});
