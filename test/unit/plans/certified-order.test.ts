/**
 * A certified signing order (DocMDP P=2) of three steps, signed from the
 * command line in one workspace: step 1 creates every later step's empty
 * field in the certified revision, and after each step the exported version
 * verifies TOTAL-PASSED in `affix verify` (exit 0, the workspace's roots
 * trusted) and every signature is valid in poppler's pdfsig. Also: `affix
 * sign` refuses (exit 2, saying what to do) a new visible field on a
 * certified document, and `affix doc export` writes any stored version.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { VerificationReport } from '../../../shared/verify';
import { Workbench } from '../identity/fixtures';
import { pdfsig } from '../../support/pdf-tools';
import { contractPdf } from '../../support/appearance-fixtures';
import { affix } from '../../support/cli';
import { repoRoot } from '../../support/repo';

let wb: Workbench;
let docId: string;
let sealId: string;
let sealer: string;
let signer: string;

before(async () => {
  wb = new Workbench();
  await wb.init();
  const org = await wb.createOrg();
  sealer = (await wb.verifyPerson('张三', '11010519491231002X')).id;
  signer = (await wb.verifyPerson('李四', '360426199101010071')).id;
  // Since #18 each person chooses their own PIN at issuance (AFFIX_TEST_PIN in the Workbench's environment).
  await wb.json(['pki', 'issue', '--org', org.id, '--person', sealer, '--pin-env', 'AFFIX_TEST_PIN']);
  await wb.json(['pki', 'issue', '--org', org.id, '--person', signer, '--pin-env', 'AFFIX_TEST_PIN']);
  sealId = (
    await wb.json<{ sealId: string }>([
      'seal',
      'create',
      '--org',
      org.id,
      '--type',
      'contract',
      '--name',
      '北京测试科技有限公司合同专用章',
      '--valid-until',
      new Date(Date.now() + 365 * 86_400_000).toISOString(),
    ])
  ).sealId;
  await wb.json(['seal', 'authorize', sealId, '--person', sealer], false);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(wb.file('contract.pdf'), await contractPdf());
  docId = (await wb.json<{ id: string }>(['doc', 'import', wb.file('contract.pdf')], false)).id;
});
after(() => wb.cleanup());

async function verifyVersion(path: string): Promise<VerificationReport> {
  const r = await wb.plain(['verify', path, '--json']);
  const report = JSON.parse(r.stdout) as VerificationReport;
  const failures = report.signatures
    .filter((s) => s.status.indication !== 'TOTAL-PASSED')
    .map((s) => `${s.field}: ${JSON.stringify(s.status)} ${JSON.stringify(s.modifications.filter((m) => !m.allowed))}`);
  assert.equal(r.status, 0, `affix verify ${path}: ${failures.join('; ')}${r.stderr}`);
  return report;
}

test('a certified P=2 order of three steps: after each step affix verify exits 0 and pdfsig calls every signature valid', async () => {
  await wb.json(
    [
      'plan',
      'set',
      docId,
      '--certify',
      '2',
      '--step',
      `label=甲方,seal=${sealId},as=${sealer},page=1,rect=320,160,120,120`,
      '--step',
      `label=乙方,person=${sealer},page=1,rect=72,170,200,70`,
      '--step',
      `label=丙方,person=${signer},page=1,rect=72,60,200,70`,
    ],
    false,
  );
  for (const step of [1, 2, 3]) {
    // Steps 2 and 3 sign as a person, which needs that person's own PIN.
    const pin = step === 1 ? [] : ['--pin-env', 'AFFIX_TEST_PIN'];
    const signed = await wb.run(['plan', 'sign', docId, '--step', String(step), ...pin, '--json']);
    assert.equal(signed.status, 0, signed.stderr);
    assert.equal(JSON.parse(signed.stdout).field, `Step${step}`);
    const out = wb.file(`step${step}.pdf`);
    const exported = await wb.json<{ sha256: string; version: number }>(['doc', 'export', docId, '-o', out], false);
    assert.equal(exported.version, step + 1);
    assert.equal(createHash('sha256').update(readFileSync(out)).digest('hex'), exported.sha256);
    const report = await verifyVersion(out);
    assert.equal(report.signatures.length, step);
    assert.deepEqual([report.signatures[0].kind, report.signatures[0].docMdp], ['certification', 2]);
    // pdfsig also lists the empty fields of the steps still to sign ("not signed"), with no signature type.
    const sig = await pdfsig(out);
    const made = sig.signatures.filter((s) => s.subFilter !== '');
    assert.deepEqual(
      made.map((s) => s.field),
      Array.from({ length: step }, (_, i) => `Step${i + 1}`),
      sig.output,
    );
    for (const s of made) assert.ok(s.valid, `pdfsig ${out}: ${s.field} ${s.validation}`);
    assert.equal(sig.signatures.length, 3, "the later steps' fields exist from the certified revision on");
  }
  // The first version is still the imported original.
  const first = await wb.json<{ sha256: string; version: number }>(['doc', 'export', docId, '--version', '1', '-o', wb.file('v1.pdf')], false);
  assert.equal(first.version, 1);
  assert.ok(readFileSync(wb.file('v1.pdf')).equals(readFileSync(wb.file('contract.pdf'))));
});

test('affix sign refuses a new visible field on a certified document, naming the empty fields and the way out; invisible signing still verifies', async () => {
  const certified = wb.file('certified.pdf');
  const s1 = await wb.run([
    'sign',
    wb.file('contract.pdf'),
    '-o',
    certified,
    '--key',
    sealId,
    '--as',
    sealer,
    '--certify',
    '2',
    '--page',
    '1',
    '--rect',
    '320,160,120,120',
  ]);
  assert.equal(s1.status, 0, s1.stderr);
  const refused = await wb.run([
    'sign',
    certified,
    '-o',
    wb.file('sneaky.pdf'),
    '--key',
    signer,
    '--pin-env',
    'AFFIX_TEST_PIN',
    '--appearance',
    'person',
    '--page',
    '1',
    '--rect',
    '72,60,200,70',
  ]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /is certified \(DocMDP P=2\): a new visible signature field .*sneaky signature.*sign it invisibly \(--appearance none\)/);
  assert.ok(!existsSync(wb.file('sneaky.pdf')), 'no output is written');
  assert.ok(!readdirSync(wb.dir).some((f) => f.includes('sneaky')), 'no temporary file is left');
  const invisible = await wb.run(['sign', certified, '-o', wb.file('approved.pdf'), '--key', signer, '--pin-env', 'AFFIX_TEST_PIN']);
  assert.equal(invisible.status, 0, invisible.stderr);
  await verifyVersion(wb.file('approved.pdf'));
});

test('the shipped sample docs/samples/signed-contract.pdf verifies TOTAL-PASSED with its signers trusted', async () => {
  const samples = join(repoRoot, 'docs', 'samples');
  const r = await affix([
    'verify',
    join(samples, 'signed-contract.pdf'),
    '--trust',
    join(samples, 'signer-company.pem'),
    '--trust',
    join(samples, 'signer-person.pem'),
    '--json',
  ]);
  assert.equal(r.status, 0, r.stdout.slice(0, 2000));
  const report = JSON.parse(r.stdout) as VerificationReport;
  assert.deepEqual(
    report.signatures.map((s) => [s.field, s.kind, s.status.indication]),
    [
      ['Signature1', 'certification', 'TOTAL-PASSED'],
      ['Finance', 'approval', 'TOTAL-PASSED'],
      ['Approval', 'approval', 'TOTAL-PASSED'],
    ],
  );
});

test('affix doc export: bad input exits 2 and writes nothing', async () => {
  const cases: [string[], RegExp][] = [
    [['doc', 'export', docId, '--version', '9', '-o', wb.file('x.pdf')], /has \d+ versions; there is no version 9/],
    [['doc', 'export', docId, '--version', '0', '-o', wb.file('x.pdf')], /--version/],
    [['doc', 'export', 'no-such-doc', '-o', wb.file('x.pdf')], /No document with id no-such-doc/],
    [['doc', 'export', docId], /--output|-o/],
    [['doc', 'export', docId, '-o', wb.file('missing-dir/x.pdf')], /Cannot write .*ENOENT/],
  ];
  for (const [args, message] of cases) {
    const r = await wb.plain(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  assert.ok(!existsSync(wb.file('x.pdf')));
});
