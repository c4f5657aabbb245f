/**
 * A signing order with a step signed by a key on a PKCS#11 token, against a
 * real SoftHSM2 token initialised by the test (its own SOFTHSM2_CONF):
 * plans.set refuses a module that is not registered, a token label that is
 * not present and a key without a certificate on the token; a seal step then
 * the token step sign in order, a wrong PIN refused (BAD_SECRET naming the
 * token) with nothing recorded, the right PIN signing; poppler's pdfsig finds
 * both signatures valid and the second made by the token's certificate. A
 * token removed after the order was set makes the step fail by name.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PlannedStep, SigningPlan } from '../../../shared/contract/plans';
import type { SignatureResult } from '../../../shared/contract/signing';
import { pdfsig, tool } from '../../support/pdf-tools';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm';
import { Bench, PASSPHRASE } from './fixtures';

let bench: Bench;
let token: SoftHsmToken;
let people: Awaited<ReturnType<Bench['signers']>>;

before(async () => {
  token = createSoftHsmToken({ tokenLabel: 'Plan Token' });
  bench = new Bench();
  people = await bench.signers();
});
after(() => {
  bench?.close();
  token?.cleanup();
});

const tokenStep = (change: Partial<{ modulePath: string; tokenLabel: string; keyLabel: string }> = {}): PlannedStep => ({
  signer: { kind: 'token', modulePath: token.modulePath, tokenLabel: token.tokenLabel, keyLabel: token.keyLabel, ...change },
  appearance: { kind: 'person' },
  box: { page: 1, rect: [300, 100, 200, 70] },
  label: '乙方',
});
const sealStep = (): PlannedStep => ({
  signer: { kind: 'seal', sealId: people.sealId, asPersonId: people.sealer },
  appearance: { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '合同专用章' },
  box: { page: 1, rect: [72, 100, 120, 120] },
  label: '甲方',
});

/** What a refused call must leave alone: the document's versions, the plan and the ledger. */
const snapshot = (documentId: string): unknown => ({
  versions: bench.services.documents.versionDigests(documentId),
  plan: bench.services.plans.get(documentId),
  ledger: bench.services.ledger.size(),
});

test('plans.set refuses a token step whose module is not registered, whose token is absent or whose key has no certificate', async () => {
  const doc = await bench.importContract('token-checks.pdf');
  const unregistered = await bench.fail('plans.set', { documentId: doc.id, steps: [sealStep(), tokenStep()] });
  assert.equal(unregistered.code, 'NOT_FOUND');
  assert.match(unregistered.message, /^Step 2 \(乙方\): PKCS#11 module \/.*libsofthsm2\.so is not registered \(none is registered\); register it in Settings/);

  await bench.call('pkcs11.add', { path: token.modulePath });
  const elsewhere = await bench.fail('plans.set', { documentId: doc.id, steps: [tokenStep({ modulePath: '/usr/lib/other/libpkcs11.so' })] });
  assert.match(elsewhere.message, /^Step 1 \(乙方\): PKCS#11 module \/usr\/lib\/other\/libpkcs11\.so is not registered \(registered: \/.*libsofthsm2\.so\)/);
  const absent = await bench.fail('plans.set', { documentId: doc.id, steps: [sealStep(), tokenStep({ tokenLabel: 'Not Plugged In' })] });
  assert.equal(absent.code, 'NOT_FOUND');
  assert.match(absent.message, /^Step 2 \(乙方\): No token labelled "Not Plugged In" is present in \/.*libsofthsm2\.so \(present: "Plan Token"\)/);
  const noCert = await bench.fail('plans.set', { documentId: doc.id, steps: [tokenStep({ keyLabel: 'no-such-key' })] });
  assert.equal(noCert.code, 'NOT_FOUND');
  assert.match(noCert.message, /Token "Plan Token" has no certificate labelled "no-such-key" \(certificates: .*"signing-key"/);
  assert.equal(await bench.call('plans.get', { documentId: doc.id }), null, 'nothing refused was stored');
});

test('a seal step then a token step: a wrong PIN records nothing, the right PIN signs, pdfsig finds both valid', async () => {
  const doc = await bench.importContract('token-order.pdf');
  const plan = await bench.call<SigningPlan>('plans.set', { documentId: doc.id, steps: [sealStep(), tokenStep()], certify: 2 });
  assert.deepEqual(plan.steps[1].signer, { kind: 'token', modulePath: token.modulePath, tokenLabel: 'Plan Token', keyLabel: token.keyLabel });

  const first = await bench.call<SignatureResult>('plans.signNext', { documentId: doc.id, step: 1, secret: PASSPHRASE });
  assert.equal(first.certification, 2);
  const before = snapshot(doc.id);
  const wrong = await bench.fail('plans.signNext', { documentId: doc.id, step: 2, secret: '000000' });
  assert.equal(wrong.code, 'BAD_SECRET');
  assert.match(wrong.message, /Wrong PIN for PKCS#11 token "Plan Token"/);
  // The workspace passphrase is not the token's PIN either.
  assert.equal((await bench.fail('plans.signNext', { documentId: doc.id, step: 2, secret: PASSPHRASE })).code, 'BAD_SECRET');
  assert.deepEqual(snapshot(doc.id), before, 'nothing was signed, recorded or anchored');

  const second = await bench.call<SignatureResult>('plans.signNext', { documentId: doc.id, step: 2, secret: token.pin });
  assert.equal(second.field, 'Step2');
  assert.equal(second.inputSha256, first.sha256);
  const done = await bench.call<SigningPlan>('plans.get', { documentId: doc.id });
  assert.equal(done.next, null);
  assert.deepEqual(done.steps[1].status, { ...done.steps[1].status, state: 'signed', sha256: second.sha256, field: 'Step2', ledgerIndex: second.ledgerIndex });
  assert.equal(bench.services.ledger.entry(second.ledgerIndex!).entry.refs.planStep, '2');

  const out = join(bench.dir, 'token-order-signed.pdf');
  const content = await bench.call<{ base64: string }>('documents.content', { id: doc.id });
  writeFileSync(out, Buffer.from(content.base64, 'base64'));
  const sig = await pdfsig(out);
  assert.deepEqual(
    sig.signatures.map((s) => [s.field, s.valid]),
    [
      ['Step1', true],
      ['Step2', true],
    ],
    sig.output,
  );
  // The token's certificate (made by openssl for the fixture) signed step 2.
  const full = await tool('pdfsig', [out]);
  const blocks = full.stdout.split(/^Signature #\d+:$/m).slice(1);
  assert.match(blocks[1], /Signer Certificate Common Name: Affix SoftHSM signer$/m, full.stdout);
  assert.doesNotMatch(blocks[0], /Affix SoftHSM/, full.stdout);
});

test('a module unregistered after the order was set is not loaded: the step is refused naming the module', async () => {
  const doc = await bench.importContract('module-removed.pdf');
  await bench.call('plans.set', { documentId: doc.id, steps: [tokenStep()] });
  await bench.call('pkcs11.remove', { path: token.modulePath });
  try {
    const before = snapshot(doc.id);
    const refused = await bench.fail('plans.signNext', { documentId: doc.id, step: 1, secret: token.pin });
    assert.equal(refused.code, 'NOT_FOUND');
    assert.match(refused.message, /^Step 1 \(乙方\): PKCS#11 module \/.*libsofthsm2\.so is not registered/);
    assert.deepEqual(snapshot(doc.id), before);
  } finally {
    await bench.call('pkcs11.add', { path: token.modulePath });
  }
});

test('a token removed after the order was set: the step fails naming the token, nothing recorded', async () => {
  const doc = await bench.importContract('token-removed.pdf');
  await bench.call('plans.set', { documentId: doc.id, steps: [tokenStep()] });
  execFileSync('softhsm2-util', ['--delete-token', '--token', token.tokenLabel], { env: process.env, stdio: 'pipe' });
  const before = snapshot(doc.id);
  // Checked before the key is opened, and again when a signing job would start.
  for (const method of ['plans.signNext', 'plans.signNextStart']) {
    const gone = await bench.fail(method, { documentId: doc.id, step: 1, secret: token.pin });
    assert.equal(gone.code, 'NOT_FOUND');
    assert.match(gone.message, /^Step 1 \(乙方\): No token labelled "Plan Token" is present in \/.*libsofthsm2\.so .*insert it and try again/);
  }
  assert.deepEqual(snapshot(doc.id), before);
});
