/**
 * `affix plan set|show|sign|change-signer`: a seal step (drawn from the
 * seal's record) and a workspace-key step, signed in order from the command
 * line; a pending step's signer changed after signing started; malformed
 * step specs and out-of-order signing exit 2 with a message naming the problem.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { SigningPlan } from '../../../shared/contract/plans';
import { Workbench } from '../../unit/identity/fixtures';
import { somePdf } from '../../unit/plans/fixtures';

let wb: Workbench;
let docId: string;
let sealId: string;
let personId: string;
let keyId: string;

before(async () => {
  wb = new Workbench();
  await wb.init();
  const org = await wb.createOrg();
  personId = (await wb.verifyPerson('张三', '11010519491231002X')).id;
  sealId = (
    await wb.json<{ sealId: string }>([
      'seal',
      'create',
      '--org',
      org.id,
      '--type',
      'contract',
      '--name',
      '北京测试科技有限公司合同专用章',
      '--valid-until',
      new Date(Date.now() + 365 * 86_400_000).toISOString(),
    ])
  ).sealId;
  await wb.json(['seal', 'authorize', sealId, '--person', personId], false);
  keyId = (await wb.json<{ id: string }>(['key', 'create', '--label', 'Party B'])).id;
  docId = (await wb.json<{ id: string }>(['doc', 'import', somePdf('issue13447.pdf')], false)).id;
});
after(() => wb.cleanup());

test('affix plan set, show and sign, in order', async () => {
  const set = await wb.json<SigningPlan>(
    [
      'plan',
      'set',
      docId,
      '--step',
      `label=甲方,seal=${sealId},as=${personId},page=1,rect=60,60,120,120`,
      '--step',
      `label=乙方,key=${keyId},rect=300,60,150,50,reason=同意`,
      '--certify',
      '2',
    ],
    false,
  );
  assert.equal(set.certify, 2);
  const [sealStep, keyStep] = set.steps;
  assert.deepEqual(sealStep.signer, { kind: 'seal', sealId, asPersonId: personId });
  assert.equal(sealStep.appearance.kind, 'seal');
  assert.equal(sealStep.appearance.kind === 'seal' && sealStep.appearance.orgName, '北京测试科技有限公司', "the seal's record draws it");
  assert.deepEqual(sealStep.box, { page: 1, rect: [60, 60, 120, 120] });
  assert.deepEqual(
    [keyStep.signer, keyStep.appearance, keyStep.box, keyStep.reason],
    [{ kind: 'key', keyId }, { kind: 'person' }, { page: 1, rect: [300, 60, 150, 50] }, '同意'],
  );

  const early = await wb.run(['plan', 'sign', docId, '--step', '2']);
  assert.equal(early.status, 2);
  assert.match(early.stderr, /Step 2 \(乙方\) cannot be signed yet: .*next step is step 1 \(甲方\)/);

  assert.equal((await wb.run(['plan', 'sign', docId, '--step', '1'])).status, 0);
  // The key's passphrase is the workspace passphrase here too (the test environment holds one).
  const second = await wb.run(['plan', 'sign', docId, '--step', '2', '--json']);
  assert.equal(second.status, 0, second.stderr);
  assert.equal(JSON.parse(second.stdout).field, 'Step2');

  const shown = await wb.plain(['plan', 'show', docId]);
  assert.equal(shown.status, 0, shown.stderr);
  assert.match(shown.stdout, /1\. 甲方 {2}seal seal-.* signed .*field Step1/);
  assert.match(shown.stdout, /2\. 乙方 {2}key [0-9a-f]{16} {2}page 1 \[300, 60, 150, 50\] {2}signed/);
  assert.match(shown.stdout, /Every step is signed\./);
  const again = await wb.plain(['plan', 'set', docId, '--step', `label=甲方,key=${keyId}`]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /Signing has started/);
});

test('affix plan change-signer: after step 1, step 2 moves from a key to the seal and takes its look; a signed step cannot change', async () => {
  const doc = (await wb.json<{ id: string }>(['doc', 'import', somePdf('issue14438.pdf')], false)).id;
  await wb.json(['plan', 'set', doc, '--step', `label=甲方,key=${keyId}`, '--step', `label=乙方,key=${keyId},rect=300,60,150,50`], false);
  assert.equal((await wb.run(['plan', 'sign', doc, '--step', '1'])).status, 0);

  const changed = await wb.json<SigningPlan>(['plan', 'change-signer', doc, '--step', '2', '--signer', `seal=${sealId},as=${personId}`], false);
  assert.deepEqual(changed.steps[1].signer, { kind: 'seal', sealId, asPersonId: personId });
  assert.equal(changed.steps[1].appearance.kind === 'seal' && changed.steps[1].appearance.orgName, '北京测试科技有限公司', "the new seal's record draws it");
  assert.deepEqual([changed.steps[1].label, changed.steps[1].box], ['乙方', { page: 1, rect: [300, 60, 150, 50] }]);
  assert.equal((await wb.run(['plan', 'sign', doc, '--step', '2'])).status, 0);

  const cases: [string[], RegExp][] = [
    [['plan', 'change-signer', doc, '--step', '1', '--signer', `key=${keyId}`], /Step 1 \(甲方\) is already signed; the signer of a signed step cannot change/],
    [['plan', 'change-signer', doc, '--step', '2', '--signer', `key=${keyId},rect=1,2,3,4`], /--signer: rect= cannot change here/],
    [['plan', 'change-signer', doc, '--step', '2'], /missing required option --signer/],
    [['plan', 'change-signer', doc, '--signer', `key=${keyId}`], /missing required option --step N/],
  ];
  for (const [args, message] of cases) {
    const r = await wb.plain(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});

test('malformed plan arguments exit 2 naming the problem', async () => {
  const cases: [string[], RegExp][] = [
    [['plan', 'set', docId], /give at least one --step/],
    [['plan', 'set', docId, '--step', `label=甲方,key=${keyId},colour=red`], /--step 1: unknown key "colour"/],
    [['plan', 'set', docId, '--step', `key=${keyId}`], /--step 1: missing label=TEXT/],
    [['plan', 'set', docId, '--step', `label=a,key=${keyId}`, '--step', `label=b,key=${keyId},rect=1,2,3`], /--step 2: rect= needs 4 comma-separated numbers/],
    [['plan', 'set', docId, '--step', `label=a,key=${keyId},person=${personId}`], /--step 1: name exactly one signer/],
    [['plan', 'set', docId, '--step', `label=a,seal=${sealId}`], /--step 1: .*add as=PERSON_ID/],
    [['plan', 'set', docId, '--step', `label=a,key=${keyId},page=0,rect=1,2,3,4`], /--step 1: page= must be a page number/],
    [['plan', 'set', docId, '--step', `label=a,key=${keyId},appearance=seal,rect=1,2,3,4`], /appearance=seal needs a seal signer/],
    [['plan', 'set', docId, '--step', `label=a,key=${keyId}`, '--certify', '5'], /--certify must be 1/],
    [['plan', 'set', 'no-such-doc', '--step', `label=a,key=${keyId}`], /No document with id no-such-doc/],
    [['plan', 'show'], /DOC_ID/],
    [['plan', 'sign', docId, '--step', 'first', '--passphrase-env', 'AFFIX_TEST_PASS'], /--step must be an integer/],
    [['plan', 'sign', docId, '--step', '1'], /missing --passphrase-env VAR/],
  ];
  for (const [args, message] of cases) {
    const r = await wb.plain(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
});
