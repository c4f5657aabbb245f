/**
 * plans.changeSigner: once signing has started the order is locked, but who
 * signs a pending step can still change (a seal expired or was withdrawn, a
 * signer was replaced). A step signed by one person, then its seal step moved
 * to a new seal: the step keeps its label and box and takes the new seal's
 * look, and signs; pdfsig finds both signatures valid. A signed step, a step
 * that does not exist, a document without an order and a signer who may not
 * sign are refused with the order unchanged; a seal replaced by a key becomes
 * a signature block, and an invisible step stays invisible. A signer changed
 * by another process while the step is being signed makes that signing
 * record nothing (CONFLICT).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { PlannedStep, SigningPlan } from '../../../shared/contract/plans';
import type { SignatureResult } from '../../../shared/contract/signing';
import { openServices } from '../../../main/services/composition/container';
import { pdfsig } from '../../support/pdf-tools';
import { Bench, PASSPHRASE, PERSON_PIN } from './fixtures';

let bench: Bench;
let people: Awaited<ReturnType<Bench['signers']>>;
let newSealId: string;
let keyId: string;

before(async () => {
  bench = new Bench();
  people = await bench.signers();
  const day = 86_400_000;
  const validity = { validFrom: new Date(Date.now() - day).toISOString(), validUntil: new Date(Date.now() + 365 * day).toISOString() };
  newSealId = (
    await bench.call<{ sealId: string }>('seals.create', {
      orgId: people.orgId,
      type: 'contract',
      name: '合同专用章（二）',
      ...validity,
      passphrase: PASSPHRASE,
    })
  ).sealId;
  await bench.call('seals.authorize', { sealId: newSealId, personId: people.sealer });
  keyId = (await bench.call<{ id: string }>('keys.create', { label: 'Clerk', passphrase: PASSPHRASE })).id;
});
after(() => bench?.close());

const personStep = (personId: string): PlannedStep => ({
  signer: { kind: 'person', personId },
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
const plain = (plan: SigningPlan | null): unknown =>
  plan && plan.steps.map(({ signer, appearance, box, label, status }) => ({ signer, appearance, box, label, state: status.state }));

test('after step 1 is signed, step 2 moves to a new seal, keeps its label and box, takes the new look and signs', async () => {
  const doc = await bench.importContract('change-signer.pdf');
  await bench.call('plans.set', { documentId: doc.id, steps: [personStep(people.signer), sealStep()], certify: 2 });
  await bench.call<SignatureResult>('plans.signNext', { documentId: doc.id, step: 1, secret: PASSPHRASE, pin: PERSON_PIN });
  // The whole order is locked now…
  assert.match((await bench.fail('plans.set', { documentId: doc.id, steps: [sealStep()] })).message, /Signing has started/);

  // …but not who signs a step still pending.
  const changed = await bench.call<SigningPlan>('plans.changeSigner', {
    documentId: doc.id,
    step: 2,
    signer: { kind: 'seal', sealId: newSealId, asPersonId: people.sealer },
    appearance: { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '合同专用章（二）' },
  });
  const [first, second] = changed.steps;
  assert.equal(first.status.state, 'signed', 'the signed step is untouched');
  assert.deepEqual(second.signer, { kind: 'seal', sealId: newSealId, asPersonId: people.sealer });
  // The new seal's look, completed from its record: the organisation's code and the seal's shape are stamped too.
  assert.deepEqual(second.appearance, {
    kind: 'seal',
    orgName: '北京测试科技有限公司',
    sealText: '合同专用章（二）',
    code: '91110000600037341L',
    shape: 'circle',
  });
  assert.deepEqual([second.label, second.box, second.status.state], ['甲方', sealStep().box, 'pending']);
  assert.deepEqual(plain(await bench.call('plans.get', { documentId: doc.id })), plain(changed), 'stored');

  const ledgerBefore = bench.services.ledger.size();
  const signed = await bench.call<SignatureResult>('plans.signNext', { documentId: doc.id, step: 2, secret: PASSPHRASE });
  assert.equal(signed.field, 'Step2');
  assert.equal(bench.services.ledger.entry(signed.ledgerIndex!).entry.refs.planStep, '2');
  const added = Array.from({ length: bench.services.ledger.size() - ledgerBefore }, (_, i) => bench.services.ledger.entry(ledgerBefore + i).entry);
  assert.deepEqual(
    added.filter((e) => e.type === 'seal.used').map((e) => e.refs.sealId),
    [newSealId],
    'the new seal signed step 2',
  );
  const out = join(bench.dir, 'change-signer-signed.pdf');
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

  // Once signed, a step's signer never changes.
  const late = await bench.fail('plans.changeSigner', { documentId: doc.id, step: 2, signer: { kind: 'key', keyId } });
  assert.equal(late.code, 'BAD_INPUT');
  assert.match(late.message, /^Step 2 \(甲方\) is already signed; the signer of a signed step cannot change\./);
});

test('refused, with the order unchanged: no order, no such step, a person not authorised for the seal, an unknown key', async () => {
  const bare = await bench.importContract('no-order.pdf');
  const none = await bench.fail('plans.changeSigner', { documentId: bare.id, step: 1, signer: { kind: 'key', keyId } });
  assert.equal(none.code, 'NOT_FOUND');
  assert.match(none.message, /has no signing order/);

  const doc = await bench.importContract('change-refused.pdf');
  await bench.call('plans.set', { documentId: doc.id, steps: [sealStep()] });
  const before = plain(await bench.call('plans.get', { documentId: doc.id }));
  const missing = await bench.fail('plans.changeSigner', { documentId: doc.id, step: 3, signer: { kind: 'key', keyId } });
  assert.match(missing.message, /has no step 3 \(it has 1\)/);
  const unauthorised = await bench.fail('plans.changeSigner', {
    documentId: doc.id,
    step: 1,
    signer: { kind: 'seal', sealId: newSealId, asPersonId: people.signer },
  });
  assert.equal(unauthorised.code, 'REFUSED');
  assert.match(unauthorised.message, /^Step 1 \(甲方\): Person .* is not authorised to use seal/);
  const unknown = await bench.fail('plans.changeSigner', { documentId: doc.id, step: 1, signer: { kind: 'key', keyId: '0123456789abcdef' } });
  assert.equal(unknown.code, 'NOT_FOUND');
  assert.deepEqual(plain(await bench.call('plans.get', { documentId: doc.id })), before);
});

test('a seal step given to a key keeps the appearance the caller asks for; an invisible step stays invisible', async () => {
  const doc = await bench.importContract('change-kinds.pdf');
  const invisible: PlannedStep = { signer: { kind: 'person', personId: people.signer }, appearance: { kind: 'none' }, label: '见证' };
  await bench.call('plans.set', { documentId: doc.id, steps: [sealStep(), invisible] });
  const toKey = await bench.call<SigningPlan>('plans.changeSigner', {
    documentId: doc.id,
    step: 1,
    signer: { kind: 'key', keyId },
    appearance: { kind: 'person' },
  });
  assert.deepEqual([toKey.steps[0].signer, toKey.steps[0].appearance, toKey.steps[0].box], [{ kind: 'key', keyId }, { kind: 'person' }, sealStep().box]);
  const stillInvisible = await bench.call<SigningPlan>('plans.changeSigner', { documentId: doc.id, step: 2, signer: { kind: 'key', keyId } });
  assert.deepEqual([stillInvisible.steps[1].appearance, stillInvisible.steps[1].box], [{ kind: 'none' }, undefined]);
  // A visible look for a step without a box is refused as plans.set refuses it.
  const boxless = await bench.fail('plans.changeSigner', { documentId: doc.id, step: 2, signer: { kind: 'key', keyId }, appearance: { kind: 'person' } });
  assert.equal(boxless.code, 'BAD_INPUT');
  assert.match(boxless.message, /^Step 2 \(见证\)/);
});

test('a signer changed by another process while the step is being signed: that signing records nothing', async () => {
  const doc = await bench.importContract('change-while-signing.pdf');
  await bench.call('plans.set', { documentId: doc.id, steps: [{ signer: { kind: 'key', keyId }, appearance: { kind: 'none' }, label: '甲方' }] });
  const before = { versions: bench.services.documents.versionDigests(doc.id), ledger: bench.services.ledger.size() };
  // Another process on the same workspace: its own connection, and its own in-process lock.
  const other = openServices(bench.home, { ledger: { checkpointIntervalMs: 0 } });
  try {
    let changed = false;
    const signing = bench.services.plans.signNext(doc.id, 1, PASSPHRASE, async () => {
      if (changed) return;
      changed = true;
      await other.plans.changeSigner(doc.id, 1, { kind: 'seal', sealId: newSealId, asPersonId: people.sealer });
    });
    await assert.rejects(signing, (error: Error & { code?: string }) => {
      assert.equal(error.code, 'CONFLICT');
      assert.match(error.message, /^The signer of step 1 \(甲方\) was changed while it was being signed; nothing was recorded\. Sign the step again\./);
      return true;
    });
    assert.ok(changed, 'the change happened during the signing');
  } finally {
    other.close();
  }
  assert.deepEqual(
    { versions: bench.services.documents.versionDigests(doc.id), ledger: bench.services.ledger.size() },
    before,
    'nothing was signed, recorded or anchored',
  );
  const plan = await bench.call<SigningPlan>('plans.get', { documentId: doc.id });
  assert.deepEqual(
    [plan.steps[0].signer.kind, plan.steps[0].status.state],
    ['seal', 'pending'],
    "the other process's change stands; the step is still to sign",
  );
});
