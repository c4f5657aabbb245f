/**
 * A contract with a two-step signing order, as the Documents page drives it:
 * step 1 the company seal used by its authorised employee (a certification
 * signature over "甲方（盖章）"), step 2 a second person with their own
 * certificate. Signed in order through plans.signNext; poppler's pdfsig
 * finds both signatures valid, and the timeline shows the import, both
 * versions, the seal use and both signatures with their plan steps.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { DocumentSummary, TimelineEvent } from '../../../shared/contract/documents';
import type { SigningPlan } from '../../../shared/contract/plans';
import type { SignatureResult } from '../../../shared/contract/signing';
import { PARTY_TEXT } from '../../support/appearance-fixtures';
import { pdfsig, qpdfCheck } from '../../support/pdf-tools';
import { Bench, PASSPHRASE, PERSON_PIN } from './fixtures';

let bench: Bench;
before(() => {
  bench = new Bench();
});
after(() => bench.close());

test('a seal step then a person step, signed in order, verify with pdfsig and appear on the timeline', async () => {
  const { sealId, sealer, signer } = await bench.signers();
  const doc = await bench.importContract('采购合同.pdf');
  const party = await bench.call<{ page: number; box: [number, number, number, number] }>('documents.findText', { id: doc.id, text: PARTY_TEXT });
  const [x, y, w, h] = party.box;
  const seal = await bench.call<{ legalName: string }>('seals.get', { id: sealId });
  const plan = await bench.call<SigningPlan>('plans.set', {
    documentId: doc.id,
    certify: 2,
    steps: [
      {
        signer: { kind: 'seal', sealId, asPersonId: sealer },
        appearance: { kind: 'seal', orgName: seal.legalName, sealText: '合同专用章' },
        box: { page: party.page, rect: [x + w / 2 - 60, y + h / 2 - 60, 120, 120] },
        label: '甲方',
        reason: '签约',
      },
      { signer: { kind: 'person', personId: signer }, appearance: { kind: 'person' }, box: { page: 1, rect: [72, 120, 160, 60] }, label: '乙方' },
    ],
  });
  assert.equal(plan.next, 1);

  const first = await bench.call<SignatureResult>('plans.signNext', { documentId: doc.id, step: 1, secret: PASSPHRASE });
  assert.equal(first.certification, 2);
  assert.equal(first.inputSha256, doc.sha256);
  const second = await bench.call<SignatureResult>('plans.signNext', { documentId: doc.id, step: 2, secret: PASSPHRASE, pin: PERSON_PIN });
  assert.equal(second.certification, null, 'only step 1 certifies');
  assert.equal(second.inputSha256, first.sha256);

  const done = await bench.call<SigningPlan>('plans.get', { documentId: doc.id });
  assert.equal(done.next, null);
  assert.deepEqual(
    done.steps.map((s) => (s.status.state === 'signed' ? [s.status.field, s.status.sha256, s.status.ledgerIndex] : null)),
    [
      ['Step1', first.sha256, first.ledgerIndex],
      ['Step2', second.sha256, second.ledgerIndex],
    ],
  );
  const summary = await bench.call<DocumentSummary>('documents.get', { id: doc.id });
  assert.deepEqual(
    [summary.signatures, summary.versions, summary.currentSha256, summary.plan],
    [2, 3, second.sha256, { signed: 2, total: 2, nextLabel: null }],
  );

  const out = join(bench.dir, 'signed.pdf');
  const content = await bench.call<{ sha256: string; base64: string }>('documents.content', { id: doc.id });
  writeFileSync(out, Buffer.from(content.base64, 'base64'));
  const sig = await pdfsig(out);
  assert.equal(sig.signatures.length, 2, sig.output);
  assert.deepEqual(
    sig.signatures.map((s) => [s.field, s.valid]),
    [
      ['Step1', true],
      ['Step2', true],
    ],
    sig.output,
  );
  assert.ok(sig.signatures[1].totalDocumentSigned, sig.output);
  assert.equal((await qpdfCheck(out)).code, 0);

  const timeline = await bench.call<TimelineEvent[]>('documents.timeline', { id: doc.id });
  const types = timeline.map((e) => e.type);
  assert.equal(types[0], 'document.anchored');
  assert.equal(types.filter((t) => t === 'document.versioned').length, 2);
  assert.ok(types.includes('seal.used'), types.join(', '));
  const added = timeline.filter((e) => e.type === 'signature.added');
  assert.deepEqual(
    added.map((e) => [e.refs.planStep, e.refs.field, e.sha256, e.ledgerIndex]),
    [
      ['1', 'Step1', first.sha256, first.ledgerIndex],
      ['2', 'Step2', second.sha256, second.ledgerIndex],
    ],
  );
  const used = timeline.find((e) => e.type === 'seal.used')!;
  assert.equal(used.refs.sealId, sealId);
  assert.equal(used.sha256, doc.sha256, 'the seal was used on the version step 1 signed');
  assert.ok(timeline.every((e, i) => i === 0 || e.ledgerIndex > timeline[i - 1].ledgerIndex));
  assert.ok(JSON.stringify(timeline).indexOf('张三') < 0 && JSON.stringify(timeline).indexOf('李四') < 0, 'no personal data on the timeline');
});
