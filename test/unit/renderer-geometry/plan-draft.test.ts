/**
 * The plan editor's draft model (renderer/src/pages/documents/plan/draft.ts):
 * an incomplete order lists what each step is missing instead of being sent;
 * a complete one becomes exactly what plans.set accepts (checked with the
 * contract's own schema); reordering swaps neighbours and stops at the ends.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plansContract } from '../../../shared/contract/plans';
import {
  type Draft,
  type DraftStep,
  defaultBoxSize,
  draftFromPlan,
  moveStep,
  stepSigner,
  toPlannedSteps,
} from '../../../renderer/src/pages/documents/plan/draft';

const SEAL = 'seal-0a1b2c3d-0000-4000-8000-000000000001';
const PERSON = 'person-0a1b2c3d-0000-4000-8000-000000000002';
const KEY = '0123456789abcdef';
const box = { page: 1, rect: [300, 144, 119, 119] as [number, number, number, number] };

const step = (over: Partial<DraftStep>): DraftStep => ({ key: Math.random().toString(36), appearance: { kind: 'none' }, label: 'x', ...over });

test('an incomplete order names each step’s missing parts', () => {
  const draft: Draft = {
    certify: 0,
    steps: [
      step({ label: ' ', signerId: SEAL, appearance: { kind: 'seal', orgName: '' } }),
      step({ label: '乙方', appearance: { kind: 'person' } }),
      step({ label: '丙方', signerId: KEY }),
    ],
  };
  const checked = toPlannedSteps(draft);
  assert.equal(checked.ok, false);
  assert.deepEqual(!checked.ok && checked.problems, [
    { step: 1, problem: 'label' },
    { step: 1, problem: 'usedBy' },
    { step: 1, problem: 'orgName' },
    { step: 1, problem: 'box' },
    { step: 2, problem: 'signer' },
    { step: 2, problem: 'box' },
  ]);
});

test('a complete order is what plans.set takes, and reads back into the same draft', () => {
  const draft: Draft = {
    certify: 2,
    steps: [
      step({ label: ' 甲方 ', signerId: SEAL, asPersonId: PERSON, appearance: { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '合同专用章' }, box }),
      step({ label: '乙方', signerId: PERSON, appearance: { kind: 'person' }, box: { page: 1, rect: [40, 160, 200, 70] }, reason: '  ' }),
      // An invisible step drops a stale box rather than sending one the main process would refuse.
      step({ label: 'Registry', signerId: KEY, appearance: { kind: 'none' }, box }),
    ],
  };
  const checked = toPlannedSteps(draft);
  assert.ok(checked.ok);
  assert.deepEqual(
    checked.steps.map((s) => [s.label, s.signer, s.box ?? null, s.reason ?? null]),
    [
      ['甲方', { kind: 'seal', sealId: SEAL, asPersonId: PERSON }, box, null],
      ['乙方', { kind: 'person', personId: PERSON }, { page: 1, rect: [40, 160, 200, 70] }, null],
      ['Registry', { kind: 'key', keyId: KEY }, null, null],
    ],
  );
  const input = { documentId: 'doc-1', steps: checked.steps, certify: checked.certify };
  assert.ok(plansContract.set.input.safeParse(input).success, 'accepted by the contract');

  const plan = {
    documentId: 'doc-1',
    certify: 2 as const,
    createdAt: new Date().toISOString(),
    next: 1,
    steps: checked.steps.map((s, i) => ({ ...s, step: i + 1, status: { state: 'pending' as const } })),
  };
  const again = draftFromPlan(plan);
  assert.equal(again.certify, 2);
  assert.deepEqual(
    again.steps.map((s) => [s.signerId, s.asPersonId, s.label]),
    [
      [SEAL, PERSON, '甲方'],
      [PERSON, undefined, '乙方'],
      [KEY, undefined, 'Registry'],
    ],
  );
});

test('signer ids map to their kind; a seal needs the person using it', () => {
  assert.deepEqual(stepSigner(SEAL, PERSON), { kind: 'seal', sealId: SEAL, asPersonId: PERSON });
  assert.equal(stepSigner(SEAL, undefined), null);
  assert.deepEqual(stepSigner(PERSON, undefined), { kind: 'person', personId: PERSON });
  assert.deepEqual(stepSigner(KEY, undefined), { kind: 'key', keyId: KEY });
  assert.equal(stepSigner('not-an-id', undefined), null);
});

test('moving a step swaps it with its neighbour and stops at either end', () => {
  assert.deepEqual(moveStep(['a', 'b', 'c'], 0, 1), ['b', 'a', 'c']);
  assert.deepEqual(moveStep(['a', 'b', 'c'], 2, -1), ['a', 'c', 'b']);
  assert.deepEqual(moveStep(['a', 'b', 'c'], 0, -1), ['a', 'b', 'c']);
  assert.deepEqual(moveStep(['a', 'b', 'c'], 2, 1), ['a', 'b', 'c']);
});

test('new boxes take the engine’s default sizes', () => {
  assert.deepEqual(defaultBoxSize({ kind: 'seal', orgName: 'x' }), [119, 119]);
  assert.deepEqual(defaultBoxSize({ kind: 'seal', orgName: 'x', shape: 'ellipse' }), [128, 85]);
  assert.deepEqual(defaultBoxSize({ kind: 'person' }), [200, 70]);
});
