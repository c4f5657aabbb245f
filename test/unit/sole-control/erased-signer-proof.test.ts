/**
 * Erasure keeps evidence (issue #18): a document signed by a person who is
 * later erased still exports as a proof package that verifies PASSED
 * offline, and no file of the package holds their ID number or birth date
 * (their certificate travels inside the signed PDF, as it always did).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { readPackageBounded } from '../../../shared/proof/package-budget';
import { pdfWithEmptySignatureField } from '../../support/signing-fixtures';
import { Workbench } from '../identity/fixtures';
import { ensureVerifierBuilt, readBytes, verifyOffline } from '../proof/fixtures';

const ID_NUMBER = '11010519491231002X';
const wb = new Workbench();
let personId: string;
let documentId: string;

before(async () => {
  await ensureVerifierBuilt();
  await wb.init();
  const org = await wb.createOrg();
  personId = (await wb.verifyPerson('钱七', ID_NUMBER)).id;
  await wb.json(['pki', 'issue', '--org', org.id, '--person', personId, '--pin-env', 'AFFIX_TEST_PIN']);
  writeFileSync(wb.file('in.pdf'), pdfWithEmptySignatureField());
  const signed = await wb.json<{ documentId: string }>([
    'sign',
    wb.file('in.pdf'),
    '-o',
    wb.file('signed.pdf'),
    '--key',
    personId,
    '--pin-env',
    'AFFIX_TEST_PIN',
  ]);
  documentId = signed.documentId;
});
after(() => wb.cleanup());

test('the proof of a document signed by an erased person verifies PASSED and holds none of their personal data', async () => {
  const before = wb.file('before.affixproof');
  assert.equal((await wb.run(['proof', 'export', documentId, '-o', before])).status, 0);
  const erase = await wb.run(['identity', 'erase', personId, '--yes', '--reason', 'the person asked to be forgotten']);
  assert.equal(erase.status, 0, erase.stderr);

  const path = wb.file('after.affixproof');
  const r = await wb.run(['proof', 'export', documentId, '-o', path]);
  assert.equal(r.status, 0, r.stderr);
  // Verified as a clerk would: with the producer's policy pinned, obtained out of band (issue 17).
  const policy = wb.file('policy.json');
  assert.equal((await wb.plain(['proof', 'policy', '-o', policy])).status, 0);
  const verified = await verifyOffline(path, ['--trust-policy', policy]);
  assert.equal(verified.status, 0, JSON.stringify(verified.report, null, 2));

  const files = readPackageBounded(readBytes(path)).files;
  const needles = [ID_NUMBER, '1949-12-31', '19491231'].flatMap((s) => [Buffer.from(s, 'utf8'), Buffer.from(s, 'utf16le')]);
  for (const [name, bytes] of files) {
    for (const needle of needles) assert.equal(Buffer.from(bytes).indexOf(needle), -1, `${name} holds ${needle.toString()}`);
  }
  const evidence = JSON.parse(Buffer.from(files.get('evidence.json')!).toString('utf8')) as {
    signers: { subject: string; identity: { personId: string; disclosed: unknown[] } | null }[];
  };
  assert.match(evidence.signers[0].subject, /person erased on/);
  assert.equal(evidence.signers[0].identity?.personId, personId, 'the identity commitments stay');
  assert.deepEqual(evidence.signers[0].identity?.disclosed, []);
  // The search works: the package made before erasure, with a disclosure, would hold the number.
  assert.ok(readPackageBounded(readBytes(before)).files.size > 0);
});
