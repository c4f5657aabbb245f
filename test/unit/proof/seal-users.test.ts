/**
 * Who used each seal, in the proof package: a document sealed by an
 * authorised person names them (the seal.used event, their identity
 * commitments) in evidence.json and report.pdf, `--disclose PERSON:fields`
 * works for them, and a forged operator is caught. And a document signed
 * with a PKCS#12 certificate from an outside CA exports as proof and
 * verifies under the workspace's own trust policy once that CA is trusted.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { PACKAGE_FILES } from '../../../shared/proof/container';
import { readPackageBounded } from '../../../shared/proof/package-budget';
import { EvidenceSchema, type Evidence } from '../../../shared/proof/evidence';
import { PASSPHRASE, Workbench } from '../identity/fixtures';
import { checkOf, ensureVerifierBuilt, readBytes, SOURCE_PDF, verifyOffline, withEvidence, writeBytes } from './fixtures';

const wb = new Workbench();
let personId: string;
let sealId: string;
/** Since #18 a disclosure states a reason and carries a custodian's approval: these arguments give both. */
let grant: string[];

const evidenceOf = (path: string): Evidence =>
  EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(readPackageBounded(readBytes(path)).files.get(PACKAGE_FILES.evidence)!)));

before(async () => {
  await ensureVerifierBuilt();
  await wb.init();
  const org = await wb.createOrg();
  personId = (await wb.verifyPerson('王用印', '11010519491231002X')).id;
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
  await wb.json(['seal', 'authorize', sealId, '--person', personId], false);
  grant = await wb.appointCustodian(org.id);
});
after(() => wb.cleanup());

test('a sealed document names who used the seal, discloses them on request, and the package verifies under the pinned policy', async () => {
  const signed = await wb.json<{ documentId: string }>([
    'sign',
    SOURCE_PDF,
    '-o',
    wb.file('sealed.pdf'),
    '--key',
    sealId,
    '--as',
    personId,
    '--appearance',
    'none',
  ]);
  const pkg = wb.file('sealed.affixproof');
  const r = await wb.run(['proof', 'export', signed.documentId, '-o', pkg, '--disclose', `${personId}:name`, '--json', ...grant]);
  assert.equal(r.status, 0, r.stderr);
  const evidence = evidenceOf(pkg);
  const [signer] = evidence.signers;
  assert.equal(signer.sealUse?.operator, personId);
  assert.equal(signer.sealUse?.sealId, sealId);
  assert.equal(signer.identity?.personId, personId);
  assert.deepEqual(
    signer.identity?.disclosed.map((d) => [d.field, d.value]),
    [['name', '王用印']],
  );
  assert.ok(
    evidence.events.some((e) => e.index === signer.sealUse?.ledgerIndex && e.type === 'seal.used'),
    'the seal.used event travels, proven',
  );

  const policy = wb.file('policy.json');
  assert.equal((await wb.plain(['proof', 'policy', '-o', policy])).status, 0);
  const v = await verifyOffline(pkg, ['--trust-policy', policy]);
  assert.equal(v.status, 0, JSON.stringify(v.report, null, 2));
  const disclosures = checkOf(v.report, 'disclosures').messages.join('\n');
  assert.match(disclosures, new RegExp(`seal ${sealId} used by ${personId} \\(seal.used at ledger index \\d+, identity record`));
  assert.match(disclosures, /name = "王用印" matches its commitment/);

  const report = readPackageBounded(readBytes(pkg)).files.get(PACKAGE_FILES.report)!;
  writeFileSync(wb.file('report.pdf'), report);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', wb.file('report.pdf'), '-']).toString('utf8');
  assert.match(text.replace(/\s+/g, ' '), new RegExp(`Seal used by: ${personId}`));

  // Naming someone else as the seal's operator is caught.
  const forged = wb.file('forged.affixproof');
  writeBytes(
    forged,
    withEvidence(readBytes(pkg), (e) => void (e.signers[0].sealUse!.operator = 'person-impostor')),
  );
  const bad = await verifyOffline(forged);
  assert.equal(bad.status, 1);
  assert.match(checkOf(bad.report, 'disclosures').messages.join('\n'), /names operator person-\S+, not person-impostor/);
});

test('a document signed with a PKCS#12 certificate from an outside CA exports as proof and verifies with that CA trusted', async () => {
  const f = (n: string): string => wb.file(n);
  const ssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
    '-days',
    '30',
    '-subj',
    '/CN=Outside Test CA/O=Partner Co',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  ssl(
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    f('leaf.key'),
    '-out',
    f('leaf.csr'),
    '-subj',
    '/CN=Partner Signer/O=Partner Co',
  );
  writeFileSync(f('leaf.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  ssl(
    'x509',
    '-req',
    '-in',
    f('leaf.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-out',
    f('leaf.pem'),
    '-days',
    '20',
    '-extfile',
    f('leaf.ext'),
  );
  ssl('pkcs12', '-export', '-inkey', f('leaf.key'), '-in', f('leaf.pem'), '-certfile', f('ca.pem'), '-out', f('leaf.p12'), '-passout', `pass:${PASSPHRASE}`);
  assert.equal((await wb.plain(['trust', 'add', f('ca.pem')])).status, 0);

  const signed = await wb.json<{ documentId: string; keyId: string }>(
    ['sign', SOURCE_PDF, '-o', f('outside.pdf'), '--p12', f('leaf.p12'), '--password-env', 'AFFIX_TEST_PASS'],
    false,
  );
  const pkg = f('outside.affixproof');
  // The report seal and node key are sealed under the workspace passphrase (issue 18), so exporting needs it.
  const r = await wb.run(['proof', 'export', signed.documentId, '-o', pkg, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const [signer] = evidenceOf(pkg).signers;
  assert.equal(signer.keyId, signed.keyId);
  assert.match(signer.subject, /CN=Partner Signer/);
  assert.equal(signer.certificates.length, 2, 'the signer and the outside CA, from the signature itself');
  assert.match(signer.identification, /outside CA .*a trust anchor of this workspace/);

  const policy = f('policy2.json');
  assert.equal((await wb.plain(['proof', 'policy', '-o', policy])).status, 0);
  const v = await verifyOffline(pkg, ['--trust-policy', policy]);
  assert.equal(v.status, 0, JSON.stringify(v.report, null, 2));
  assert.match(checkOf(v.report, 'signer-certificates').messages.join('\n'), /CN=Partner Signer/);
});
