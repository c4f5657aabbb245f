/**
 * Seal-use approval (issue #18): a seal that requires 2 approvals is refused
 * with one (exit 2, seal.refused anchored, nothing written) and used with
 * two; the proof package lists both approvers (their seal.use-approved
 * entries, proven against the checkpoint, and the seal.used entry naming them).
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { readPackageBounded } from '../../../shared/proof/package-budget';
import { affix } from '../../support/cli';
import { pdfWithEmptySignatureField } from '../../support/signing-fixtures';
import { PASSPHRASE, PERSON_PIN, Workbench } from '../identity/fixtures';
import { ensureVerifierBuilt, readBytes, verifyOffline } from '../proof/fixtures';

const wb = new Workbench();
let sealId: string;
let sealer: string;
let approvers: string[];
const env = { AFFIX_TEST_PASS: PASSPHRASE, PIN_A: PERSON_PIN, PIN_B: 'second approver 93' };

before(async () => {
  await ensureVerifierBuilt();
  await wb.init();
  const org = await wb.createOrg();
  sealer = (await wb.verifyPerson('经办人', '11010519491231002X')).id;
  approvers = [(await wb.verifyPerson('法定代表人', '360426199101010071')).id, (await wb.verifyPerson('财务负责人', '110105194912310038')).id];
  for (const [p, v] of [
    [approvers[0], 'PIN_A'],
    [approvers[1], 'PIN_B'],
  ]) {
    const r = await affix(['pki', 'issue', '--org', org.id, '--person', p, '--pin-env', v, '--home', wb.home, '--passphrase-env', 'AFFIX_TEST_PASS'], env);
    assert.equal(r.status, 0, r.stderr);
  }
  const day = 86_400_000;
  sealId = (
    await wb.json<{ sealId: string }>([
      'seal',
      'create',
      '--org',
      org.id,
      '--type',
      'official',
      '--name',
      '北京测试科技有限公司',
      '--valid-until',
      new Date(Date.now() + 365 * day).toISOString().slice(0, 10),
    ])
  ).sealId;
  await wb.json(['seal', 'authorize', sealId, '--person', sealer], false);
  writeFileSync(wb.file('in.pdf'), pdfWithEmptySignatureField());
});
after(() => wb.cleanup());

test('a seal requiring 2 approvals is refused with one, used with two, and the package lists both approvers', async () => {
  const rule = await wb.json<{ k: number; approvers: string[] }>(['seal', 'require-approval', sealId, '--approvers', approvers.join(','), '--k', '2']);
  assert.deepEqual([rule.k, rule.approvers], [2, approvers]);

  const sign = (out: string) => wb.run(['sign', wb.file('in.pdf'), '-o', wb.file(out), '--key', sealId, '--as', sealer, '--appearance', 'none', '--json']);
  const none = await sign('none.pdf');
  assert.equal(none.status, 2);
  assert.match(none.stderr, /needs 2 of 2 approvals for this document/);

  const req = await wb.json<{ id: string }>(['seal', 'request', sealId, '--as', sealer, '--doc', wb.file('in.pdf')], false);
  const approve = (i: number, v: string) =>
    affix(['seal', 'approve', req.id, '--as', approvers[i], '--pin-env', v, '--home', wb.home, '--passphrase-env', 'AFFIX_TEST_PASS', '--json'], env);
  const wrongPin = await affix(
    ['seal', 'approve', req.id, '--as', approvers[0], '--pin-env', 'PIN_B', '--home', wb.home, '--passphrase-env', 'AFFIX_TEST_PASS'],
    env,
  );
  assert.equal(wrongPin.status, 2, 'an approver confirms with their own PIN only');
  assert.match(wrongPin.stderr, /Wrong PIN/);
  const notApprover = await affix(
    ['seal', 'approve', req.id, '--as', sealer, '--pin-env', 'PIN_A', '--home', wb.home, '--passphrase-env', 'AFFIX_TEST_PASS'],
    env,
  );
  assert.equal(notApprover.status, 2);
  assert.match(notApprover.stderr, /is not an approver/);

  assert.equal((await approve(0, 'PIN_A')).status, 0);
  const one = await sign('one.pdf');
  assert.equal(one.status, 2, 'one approval of two is not enough');
  assert.match(one.stderr, /refused/);
  assert.equal(existsSync(wb.file('one.pdf')), false);

  assert.equal((await approve(1, 'PIN_B')).status, 0);
  const two = await sign('two.pdf');
  assert.equal(two.status, 0, two.stderr);
  const { documentId } = JSON.parse(two.stdout) as { documentId: string };
  assert.equal((await sign('again.pdf')).status, 2, 'an approved request is used once');

  const entries = wb.entries().map((e) => e.entry);
  assert.equal(entries.filter((e) => e.type === 'seal.refused' && e.refs?.sealId === sealId).length, 3);
  const used = entries.filter((e) => e.type === 'seal.used' && e.refs?.sealId === sealId);
  assert.equal(used.length, 1);
  assert.equal(used[0].refs?.approvers, approvers.join(','));

  const pkg = wb.file('sealed.affixproof');
  const exported = await wb.run(['proof', 'export', documentId, '-o', pkg]);
  assert.equal(exported.status, 0, exported.stderr);
  // Verified as a clerk would: with the producer's policy pinned, obtained out of band (issue 17).
  const policy = wb.file('policy.json');
  assert.equal((await wb.plain(['proof', 'policy', '-o', policy])).status, 0);
  const verified = await verifyOffline(pkg, ['--trust-policy', policy]);
  assert.equal(verified.status, 0, JSON.stringify(verified.report, null, 2));
  const evidence = JSON.parse(Buffer.from(readPackageBounded(readBytes(pkg)).files.get('evidence.json')!).toString('utf8')) as {
    events: { type: string; refs: Record<string, string> }[];
  };
  const approvals = evidence.events.filter((e) => e.type === 'seal.use-approved').map((e) => e.refs.approver);
  assert.deepEqual(approvals.sort(), [...approvers].sort(), 'both approvers are in the package');
  assert.ok(evidence.events.some((e) => e.type === 'seal.use-requested' && e.refs.requestId === req.id));
});
