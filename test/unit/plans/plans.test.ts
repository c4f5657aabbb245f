/**
 * Signing orders through the router: what plans.set refuses (boxes off the
 * page or outside what it shows, unknown or unauthorised signers, a
 * certification later steps could not live with, an order already started),
 * and plans.signNext enforcing the order — out of turn, twice at once, or
 * after someone signed outside the order, nothing is signed or recorded.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { DocumentSummary } from '../../../shared/contract/documents';
import type { PlannedStep, SigningPlan } from '../../../shared/contract/plans';
import type { SignatureResult } from '../../../shared/contract/signing';
import { corpusSkip } from '../../support/corpus';
import { Bench } from './fixtures';

const KEY_PASS = 'key passphrase';
let bench: Bench;
let keyA: string;
let keyB: string;
let people: Awaited<ReturnType<Bench['signers']>>;

before(async () => {
  bench = new Bench();
  keyA = (await bench.call<{ id: string }>('keys.create', { label: 'Party A', passphrase: KEY_PASS })).id;
  keyB = (await bench.call<{ id: string }>('keys.create', { label: 'Party B', passphrase: KEY_PASS })).id;
  people = await bench.signers();
});
after(() => bench.close());

const keyStep = (keyId: string, label: string, rect: [number, number, number, number] = [72, 100, 120, 50], page = 1): PlannedStep => ({
  signer: { kind: 'key', keyId },
  appearance: { kind: 'person' },
  box: { page, rect },
  label,
});

const contract = (name: string): Promise<DocumentSummary> => bench.importContract(name) as Promise<DocumentSummary>;

/** What a refused call must leave alone: the document's versions, the plan and the ledger. */
function snapshot(documentId: string): unknown {
  return { versions: bench.services.documents.versionDigests(documentId), plan: bench.services.plans.get(documentId), ledger: bench.services.ledger.size() };
}

test('plans.set checks every box against the page it names, in the unrotated page space', { skip: corpusSkip }, async () => {
  const cropped = await bench.importCorpus('bug1872721.pdf'); // crop box 186.76 700.55 273.78 731.23 inside a 612×792 media box
  const off = await bench.fail('plans.set', { documentId: cropped.id, steps: [keyStep(keyA, '甲方', [72, 100, 120, 50])] });
  assert.equal(off.code, 'BAD_INPUT');
  assert.match(off.message, /Step 1 \(甲方\): the box \[72, 100, 120, 50\] does not lie within page 1's visible area \[186\.76/);
  const inside = await bench.call<SigningPlan>('plans.set', { documentId: cropped.id, steps: [keyStep(keyA, '甲方', [190, 705, 60, 20])] });
  assert.equal(inside.steps[0].status.state, 'pending');

  const doc = await contract('boxes.pdf');
  const missing = await bench.fail('plans.set', { documentId: doc.id, steps: [keyStep(keyA, '甲方'), keyStep(keyB, '乙方', [72, 100, 120, 50], 3)] });
  assert.match(missing.message, /Step 2 \(乙方\): page 3 does not exist; the document has 1 page\./);
  const over = await bench.fail('plans.set', { documentId: doc.id, steps: [keyStep(keyA, '甲方', [500, 800, 120, 50])] });
  assert.match(over.message, /Step 1 \(甲方\): the box \[500, 800, 120, 50\] does not lie within page 1's visible area \[0, 0, 595, 842\]/);
  const noBox = await bench.fail('plans.set', { documentId: doc.id, steps: [{ ...keyStep(keyA, '甲方'), box: undefined }] });
  assert.match(noBox.message, /Step 1 \(甲方\): a visible signature needs a box/);
  const invisibleBox = await bench.fail('plans.set', { documentId: doc.id, steps: [{ ...keyStep(keyA, '甲方'), appearance: { kind: 'none' } }] });
  assert.match(invisibleBox.message, /an invisible signature has no box/);
  assert.equal(bench.services.plans.get(doc.id), null, 'nothing refused was stored');

  // A page with /Rotate 90: boxes are in the unrotated space (2384 wide, 3370 high), not the rotated view.
  const rotated = await bench.importCorpus('issue14497.pdf');
  assert.ok(await bench.call('plans.set', { documentId: rotated.id, steps: [keyStep(keyA, '甲方', [2000, 3200, 300, 150])] }));
  const sideways = await bench.fail('plans.set', { documentId: rotated.id, steps: [keyStep(keyA, '甲方', [3000, 100, 300, 150])] });
  assert.match(sideways.message, /does not lie within page 1's visible area \[0, 0, 2384, 3370\]/);
});

test('plans.set checks signers and certification, and stores the order with every step pending', async () => {
  const doc = await contract('signers.pdf');
  const seal = (asPersonId: string): PlannedStep => ({
    signer: { kind: 'seal', sealId: people.sealId, asPersonId },
    appearance: { kind: 'none' },
    label: '公司',
  });
  const unauthorised = await bench.fail('plans.set', { documentId: doc.id, steps: [seal(people.signer)] });
  assert.equal(unauthorised.code, 'REFUSED');
  assert.match(unauthorised.message, /^Step 1 \(公司\): Person person-.* is not authorised to use seal/);
  const noSeal = await bench.fail('plans.set', {
    documentId: doc.id,
    steps: [{ ...seal(people.sealer), signer: { kind: 'seal', sealId: 'seal-00000000-0000-0000-0000-000000000000', asPersonId: people.sealer } }],
  });
  assert.equal(noSeal.code, 'NOT_FOUND');
  assert.match(noSeal.message, /^Step 1 \(公司\): /);
  const noKey = await bench.fail('plans.set', { documentId: doc.id, steps: [keyStep(keyA, '甲方'), keyStep('00000000deadbeef', '乙方')] });
  assert.match(noKey.message, /^Step 2 \(乙方\): /);
  const certifyAll = await bench.fail('plans.set', { documentId: doc.id, steps: [keyStep(keyA, '甲方'), keyStep(keyB, '乙方')], certify: 1 });
  assert.equal(certifyAll.code, 'BAD_INPUT');
  assert.match(certifyAll.message, /Certification level 1 allows no later changes/);
  assert.equal((await bench.fail('plans.set', { documentId: 'no-such-document', steps: [keyStep(keyA, '甲方')] })).code, 'NOT_FOUND');
  assert.equal(await bench.call('plans.get', { documentId: doc.id }), null);

  const plan = await bench.call<SigningPlan>('plans.set', { documentId: doc.id, steps: [seal(people.sealer), keyStep(keyB, '乙方')], certify: 2 });
  assert.equal(plan.next, 1);
  assert.equal(plan.certify, 2);
  assert.deepEqual(
    plan.steps.map((s) => [s.step, s.label, s.status.state]),
    [
      [1, '公司', 'pending'],
      [2, '乙方', 'pending'],
    ],
  );
  assert.deepEqual(await bench.call('plans.get', { documentId: doc.id }), plan);
  assert.deepEqual((await bench.call<DocumentSummary>('documents.get', { id: doc.id })).plan, { signed: 0, total: 2, nextLabel: '公司' });
  // Until a step is signed the order may be replaced.
  const replaced = await bench.call<SigningPlan>('plans.set', { documentId: doc.id, steps: [keyStep(keyA, '甲方')] });
  assert.deepEqual(
    replaced.steps.map((s) => s.label),
    ['甲方'],
  );
});

test('plans.signNext signs only the next step; refused calls sign and record nothing', async () => {
  const doc = await contract('order.pdf');
  await bench.call('plans.set', { documentId: doc.id, steps: [keyStep(keyA, '甲方'), keyStep(keyB, '乙方', [300, 100, 120, 50])] });
  const before = snapshot(doc.id);
  const early = await bench.fail('plans.signNext', { documentId: doc.id, step: 2, secret: KEY_PASS });
  assert.equal(early.code, 'BAD_INPUT');
  assert.match(early.message, /Step 2 \(乙方\) cannot be signed yet: .*the next step is step 1 \(甲方\)/);
  assert.match((await bench.fail('plans.signNext', { documentId: doc.id, step: 3, secret: KEY_PASS })).message, /has 2 steps; there is no step 3/);
  const wrongSecret = await bench.fail('plans.signNext', { documentId: doc.id, step: 1, secret: 'not the passphrase' });
  assert.equal(wrongSecret.code, 'BAD_SECRET');
  assert.deepEqual(snapshot(doc.id), before, 'nothing was signed, recorded or anchored');

  const first = await bench.call<SignatureResult>('plans.signNext', { documentId: doc.id, step: 1, secret: KEY_PASS });
  assert.equal(first.field, 'Step1');
  assert.equal(first.keyId, keyA);
  const plan = await bench.call<SigningPlan>('plans.get', { documentId: doc.id });
  assert.equal(plan.next, 2);
  assert.deepEqual(plan.steps[0].status, { ...plan.steps[0].status, state: 'signed', sha256: first.sha256, field: 'Step1', ledgerIndex: first.ledgerIndex });
  assert.equal(bench.services.ledger.entry(first.ledgerIndex!).entry.refs.planStep, '1');
  assert.deepEqual((await bench.call<DocumentSummary>('documents.get', { id: doc.id })).plan, { signed: 1, total: 2, nextLabel: '乙方' });

  const again = await bench.fail('plans.signNext', { documentId: doc.id, step: 1, secret: KEY_PASS });
  assert.match(again.message, /Step 1 \(甲方\) is already signed; the next step is step 2 \(乙方\)/);
  const change = await bench.fail('plans.set', { documentId: doc.id, steps: [keyStep(keyB, '乙方')] });
  assert.equal(change.code, 'BAD_INPUT');
  assert.match(change.message, /Signing has started; the order can no longer be changed/);

  // Signing outside the order is refused unless confirmed (issue 21), naming the next step.
  const unconfirmed = await bench.fail('signing.sign', { documentId: doc.id, keyId: keyA, passphrase: KEY_PASS });
  assert.equal(unconfirmed.code, 'REFUSED');
  assert.match(unconfirmed.message, /1 of 2 steps still to sign; the next is step 2 \(乙方\)/);
  // Confirmed, ad-hoc signing works, but step 2 no longer builds on step 1's version.
  const adHoc = await bench.call<SignatureResult>('signing.sign', { documentId: doc.id, keyId: keyA, passphrase: KEY_PASS, outsideOrder: true });
  assert.equal(adHoc.inputSha256, first.sha256);
  const afterAdHoc = snapshot(doc.id);
  const outside = await bench.fail('plans.signNext', { documentId: doc.id, step: 2, secret: KEY_PASS });
  assert.equal(outside.code, 'BAD_INPUT');
  assert.match(
    outside.message,
    /signed or changed outside its signing order: its version [0-9a-f]{16}… is not the version step 1 produced \([0-9a-f]{16}…\), so step 2 \(乙方\) cannot be signed/,
  );
  assert.deepEqual(snapshot(doc.id), afterAdHoc);
});

test('two signNext calls for the same step at once: one signs, the other is refused', async () => {
  const doc = await contract('race.pdf');
  await bench.call('plans.set', { documentId: doc.id, steps: [keyStep(keyA, '甲方'), keyStep(keyB, '乙方', [300, 100, 120, 50])] });
  const results = await Promise.all(
    [1, 1].map(() => bench.router.invoke('plans.signNext', { documentId: doc.id, step: 1, secret: KEY_PASS }, { kind: 'cli' })),
  );
  assert.deepEqual(results.map((r) => r.ok).sort(), [false, true]);
  const refused = results.find((r) => !r.ok);
  assert.match(refused && !refused.ok ? refused.error.message : '', /Step 1 \(甲方\) is already signed/);
  assert.equal(bench.services.documents.versionDigests(doc.id).length, 2, 'exactly one signed version');
  const signatures = bench.services.documents.timeline(doc.id).filter((e) => e.type === 'signature.added');
  assert.equal(signatures.length, 1);
});

test('a version recorded by someone else while a step is being signed makes the step fail with nothing recorded', async () => {
  const doc = await contract('intruder.pdf');
  await bench.call('plans.set', { documentId: doc.id, steps: [keyStep(keyA, '甲方')] });
  const { documents } = bench.services;
  const intruder = Buffer.concat([documents.bytesOf(doc.sha256), Buffer.from('\n% another process appended this\n%%EOF\n')]);
  // Another process records a version between this signing's start and its recording transaction.
  const atomically = documents.atomically.bind(documents);
  documents.atomically = <T>(fn: () => T): T => {
    documents.atomically = atomically;
    documents.addVersion(doc.id, { kind: 'whole', bytes: intruder }, 'signed');
    return atomically(fn);
  };
  const before = bench.services.ledger.size();
  const refused = await bench.fail('plans.signNext', { documentId: doc.id, step: 1, secret: KEY_PASS });
  assert.match(refused.message, /outside its signing order/);
  assert.equal(documents.versionDigests(doc.id).length, 2, "only the other process's version");
  assert.equal(bench.services.ledger.size(), before + 1, "only the other process's document.versioned entry");
  assert.equal(bench.services.plans.get(doc.id)?.steps[0].status.state, 'pending');
  assert.ok(bench.services.documents.timeline(doc.id).every((e) => e.type !== 'signature.added'));
});
