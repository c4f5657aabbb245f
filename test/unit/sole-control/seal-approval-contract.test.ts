/**
 * Seal-use approval through the contract the window uses (sealApproval.*):
 * the rule, a request for a document, a refused wrong PIN, one approval,
 * and signing.sign with the seal refused before and accepted after.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { Bench, PASSPHRASE, PERSON_PIN } from '../plans/fixtures';

const bench = new Bench();
after(() => bench.close());

test('sealApproval.* gates signing.sign with an approval-requiring seal', async () => {
  const { sealId, sealer, signer } = await bench.signers();
  const rule = await bench.call<{ k: number; approvers: string[] }>('sealApproval.requireApproval', {
    sealId,
    approvers: [signer],
    k: 1,
    passphrase: PASSPHRASE,
  });
  assert.deepEqual([rule.k, rule.approvers], [1, [signer]]);
  const doc = await bench.importContract('approval.pdf');
  const sign = { documentId: doc.id, keyId: sealId, asPersonId: sealer, passphrase: PASSPHRASE, appearance: { kind: 'none' } };

  const refused = await bench.fail('signing.sign', sign);
  assert.equal(refused.code, 'REFUSED');
  assert.match(refused.message, /needs 1 of 1 approvals/);

  const req = await bench.call<{ id: string; required: number; approvals: unknown[] }>('sealApproval.request', {
    sealId,
    personId: sealer,
    documentId: doc.id,
  });
  assert.deepEqual([req.required, req.approvals.length], [1, 0]);
  const wrong = await bench.fail('sealApproval.approve', { requestId: req.id, approverId: signer, pin: 'not the pin', passphrase: PASSPHRASE });
  assert.equal(wrong.code, 'BAD_SECRET');
  const approved = await bench.call<{ approvals: { approverId: string }[] }>('sealApproval.approve', {
    requestId: req.id,
    approverId: signer,
    pin: PERSON_PIN,
    passphrase: PASSPHRASE,
  });
  assert.deepEqual(
    approved.approvals.map((a) => a.approverId),
    [signer],
  );

  const signed = await bench.call<{ ledgerIndex: number }>('signing.sign', sign);
  assert.ok(signed.ledgerIndex > 0);
  const requests = await bench.call<{ usedAt: string | null }[]>('sealApproval.requests', { sealId });
  assert.ok(requests[0].usedAt, 'the request was used');
  assert.equal((await bench.fail('sealApproval.request', { sealId: 'seal-nope', personId: sealer, documentId: doc.id })).code, 'BAD_INPUT');
});
