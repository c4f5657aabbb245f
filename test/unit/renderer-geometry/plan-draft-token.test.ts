/**
 * A key on a PKCS#11 token as the plan editor's signer select holds it
 * (renderer/src/pages/documents/plan/draft.ts): one string that reads back
 * into exactly the token signer plans.set takes, whatever its labels contain
 * (commas, quotes, Chinese, a "token:" of their own), and that no seal,
 * person or key id can be mistaken for; a damaged value names no signer.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { plansContract } from '../../../shared/contract/plans';
import { draftFromPlan, stepSigner, toPlannedSteps } from '../../../renderer/src/pages/documents/plan/draft';
import { tokenSignerId, tokenSignerOf } from '../../../renderer/src/pages/documents/token-key-id';

const MODULE = '/usr/lib/softhsm/libsofthsm2.so';

test('a token key survives the select value, whatever its labels hold', () => {
  for (const [tokenLabel, keyLabel] of [
    ['Affix Test Token', 'signing-key'],
    ['甲方 U盾', '张三的签名密钥'],
    ['a,b"c', 'token:["x","y","z"]'],
  ]) {
    const id = tokenSignerId({ modulePath: MODULE, tokenLabel, keyLabel });
    assert.deepEqual(stepSigner(id, undefined), { kind: 'token', modulePath: MODULE, tokenLabel, keyLabel });
  }
  const key = '0123456789abcdef';
  assert.equal(tokenSignerOf(key), null);
  assert.equal(tokenSignerOf('seal-0a1b2c3d-0000-4000-8000-000000000001'), null);
  for (const damaged of ['token:', 'token:{', 'token:["a","b"]', 'token:["a","","c"]', 'token:[1,2,3]'])
    assert.equal(stepSigner(damaged, undefined), null, damaged);
});

test('a token step is what plans.set takes and reads back into the same select value', () => {
  const id = tokenSignerId({ modulePath: MODULE, tokenLabel: 'Plan Token', keyLabel: 'signing-key' });
  const checked = toPlannedSteps({
    certify: 0,
    steps: [{ key: 'k1', signerId: id, appearance: { kind: 'person' }, box: { page: 1, rect: [72, 72, 200, 70] }, label: '乙方' }],
  });
  assert.ok(checked.ok);
  assert.deepEqual(checked.steps[0].signer, { kind: 'token', modulePath: MODULE, tokenLabel: 'Plan Token', keyLabel: 'signing-key' });
  assert.ok(plansContract.set.input.safeParse({ documentId: 'doc-1', steps: checked.steps }).success, 'accepted by the contract');
  const plan = {
    documentId: 'doc-1',
    certify: null,
    createdAt: new Date().toISOString(),
    next: 1,
    steps: checked.steps.map((s, i) => ({ ...s, step: i + 1, status: { state: 'pending' as const } })),
  };
  assert.equal(draftFromPlan(plan).steps[0].signerId, id);
});
