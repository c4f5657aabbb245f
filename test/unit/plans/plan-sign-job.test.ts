/**
 * Signing a step as a job (plans.signNextStart): the window polls jobs.get for
 * progress in bytes of the document hashed and may cancel. A step out of turn
 * is refused at once, not as a failed job; a cancelled or failed job records
 * nothing; a finished one reports what plans.signNext would have, and poppler
 * accepts the signature.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { JobView } from '../../../shared/contract/jobs';
import type { PlannedStep } from '../../../shared/contract/plans';
import { pdfsig } from '../../support/pdf-tools';
import { Bench, titledContract } from './fixtures';

const KEY_PASS = 'key passphrase';
const PAD = 18 * 1024 * 1024; // several progress chunks (4 MB each), so a cancel can land mid-pass
let bench: Bench;
let keyId: string;

before(async () => {
  bench = new Bench();
  keyId = (await bench.call<{ id: string }>('keys.create', { label: 'Party A', passphrase: KEY_PASS })).id;
});
after(() => bench.close());

const step = (label: string, rect: [number, number, number, number]): PlannedStep => ({
  signer: { kind: 'key', keyId },
  appearance: { kind: 'person' },
  box: { page: 1, rect },
  label,
});

/** The contract with an unreferenced incompressible stream, so the pass takes several chunks. */
async function largeContract(title: string): Promise<{ id: string; bytes: number }> {
  const doc = await PDFDocument.load(await titledContract(title), { updateMetadata: false });
  doc.context.register(doc.context.stream(randomBytes(PAD)));
  const bytes = await doc.save({ useObjectStreams: false });
  const summary = bench.services.documents.importBytes(bytes, `${title}.pdf`);
  return { id: summary.id, bytes: bytes.length };
}

async function poll(jobId: string, until: (v: JobView) => boolean): Promise<JobView[]> {
  const seen: JobView[] = [];
  for (;;) {
    const view = await bench.call<JobView>('jobs.get', { jobId });
    seen.push(view);
    if (until(view) || view.state !== 'running') return seen;
    await new Promise((r) => setTimeout(r, 2));
  }
}

function snapshot(documentId: string): unknown {
  return { versions: bench.services.documents.versionDigests(documentId), plan: bench.services.plans.get(documentId), ledger: bench.services.ledger.size() };
}

test('a signing job reports monotone progress in bytes and ends with the signature plans.signNext would give', async () => {
  const doc = await largeContract('job-done');
  await bench.call('plans.set', { documentId: doc.id, steps: [step('甲方', [72, 100, 120, 50]), step('乙方', [300, 100, 120, 50])] });
  const early = await bench.fail('plans.signNextStart', { documentId: doc.id, step: 2, secret: KEY_PASS });
  assert.equal(early.code, 'BAD_INPUT', 'a step out of turn is refused before any job starts');
  assert.match(early.message, /Step 2 \(乙方\) cannot be signed yet/);

  const { jobId } = await bench.call<{ jobId: string }>('plans.signNextStart', { documentId: doc.id, step: 1, secret: KEY_PASS });
  const seen = await poll(jobId, () => false);
  const last = seen.at(-1)!;
  assert.equal(last.state, 'done', JSON.stringify(last));
  assert.equal(last.kind, 'document.sign');
  assert.equal(last.total, doc.bytes, 'progress counts the bytes of the version being signed');
  assert.equal(last.done, doc.bytes);
  const dones = seen.map((v) => v.done);
  assert.deepEqual(
    dones,
    [...dones].sort((a, b) => a - b),
    'progress never runs backwards',
  );
  assert.ok(
    seen.some((v) => v.state === 'running' && v.done > 0 && v.done < doc.bytes),
    `a poll saw the pass under way: ${dones.join(',')}`,
  );

  const signature = last.state === 'done' && last.result.kind === 'document.sign' ? last.result.signature : assert.fail('no signature');
  assert.equal(signature.field, 'Step1');
  assert.equal(signature.documentId, doc.id);
  const plan = bench.services.plans.get(doc.id)!;
  assert.equal(plan.next, 2);
  assert.deepEqual(plan.steps[0].status, { ...plan.steps[0].status, state: 'signed', sha256: signature.sha256 });
  assert.equal(bench.services.ledger.entry(signature.ledgerIndex!).entry.type, 'signature.added');
  const signed = bench.file('job-done-signed.pdf', bench.services.documents.bytesOf(signature.sha256));
  const report = await pdfsig(signed);
  assert.deepEqual(
    report.signatures.map((s) => s.valid),
    [true],
    report.output,
  );
});

test('cancelling a signing job mid-pass stops it with nothing signed, recorded or anchored; the step can then be signed', async () => {
  const doc = await largeContract('job-cancel');
  await bench.call('plans.set', { documentId: doc.id, steps: [step('甲方', [72, 100, 120, 50])] });
  const before = snapshot(doc.id);
  const { jobId } = await bench.call<{ jobId: string }>('plans.signNextStart', { documentId: doc.id, step: 1, secret: KEY_PASS });
  const seen = await poll(jobId, (v) => v.done > 0);
  assert.equal(seen.at(-1)!.state, 'running', `the job was still running when cancelled: ${JSON.stringify(seen.at(-1))}`);
  const cancelled = await bench.call<JobView>('jobs.cancel', { jobId });
  assert.equal(cancelled.state, 'cancelled', JSON.stringify(cancelled));
  assert.ok(cancelled.done > 0 && cancelled.done < doc.bytes, `stopped mid-pass: ${cancelled.done} of ${doc.bytes}`);
  assert.deepEqual(snapshot(doc.id), before, 'nothing was signed, recorded or anchored');

  const again = await bench.call<{ jobId: string }>('plans.signNextStart', { documentId: doc.id, step: 1, secret: KEY_PASS });
  const done = (await poll(again.jobId, () => false)).at(-1)!;
  assert.equal(done.state, 'done', JSON.stringify(done));
});

test('a wrong passphrase fails the job with BAD_SECRET and records nothing', async () => {
  const doc = await largeContract('job-secret');
  await bench.call('plans.set', { documentId: doc.id, steps: [step('甲方', [72, 100, 120, 50])] });
  const before = snapshot(doc.id);
  const { jobId } = await bench.call<{ jobId: string }>('plans.signNextStart', { documentId: doc.id, step: 1, secret: 'not the passphrase' });
  const last = (await poll(jobId, () => false)).at(-1)!;
  assert.equal(last.state, 'failed');
  assert.equal(last.state === 'failed' ? last.error.code : '', 'BAD_SECRET');
  assert.deepEqual(snapshot(doc.id), before);
});

test('"sign now" as a job (signing.signStart): progress, the signature recorded, an unknown document refused at once', async () => {
  const doc = await largeContract('job-adhoc');
  const missing = await bench.fail('signing.signStart', { documentId: 'no-such-document', keyId, passphrase: KEY_PASS });
  assert.equal(missing.code, 'NOT_FOUND');
  const { jobId } = await bench.call<{ jobId: string }>('signing.signStart', { documentId: doc.id, keyId, passphrase: KEY_PASS, appearance: { kind: 'none' } });
  const seen = await poll(jobId, () => false);
  const last = seen.at(-1)!;
  assert.equal(last.state, 'done', JSON.stringify(last));
  assert.equal(last.total, doc.bytes);
  const signature = last.state === 'done' && last.result.kind === 'document.sign' ? last.result.signature : assert.fail('no signature');
  assert.deepEqual(bench.services.documents.versionDigests(doc.id).at(-1), signature.sha256);
  assert.equal(bench.services.plans.get(doc.id), null, 'no signing order was involved');
  const report = await pdfsig(bench.file('job-adhoc-signed.pdf', bench.services.documents.bytesOf(signature.sha256)));
  assert.deepEqual(
    report.signatures.map((s) => s.valid),
    [true],
    report.output,
  );
});
