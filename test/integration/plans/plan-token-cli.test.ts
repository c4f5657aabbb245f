/**
 * `affix plan set|sign` with a step signed by a key on a SoftHSM2 token (its
 * own SOFTHSM2_CONF): the step named as `affix sign` names a token key, the
 * module refused until registered and the token label checked; `plan sign
 * --pin-env` exits 2 for a wrong PIN (nothing recorded), for a missing or
 * mismatched secret option, and signs with the right PIN; the workspace-key
 * step after it signs with --passphrase-env; pdfsig finds both valid.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openServices } from '../../../main/services/composition/container';
import type { SigningPlan } from '../../../shared/contract/plans';
import { affix, type CliResult } from '../../support/cli';
import { pdfsig } from '../../support/pdf-tools';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm';
import { ENV, Workbench } from '../../unit/identity/fixtures';
import { somePdf } from '../../unit/plans/fixtures';

let wb: Workbench;
let token: SoftHsmToken;
let keyId: string;
let docId: string;

/** Runs a command with the token PIN (or `pin`) in TOKEN_PIN and the workspace passphrase in AFFIX_TEST_PASS, adding no secret option. */
const run = (args: string[], pin = token.pin): Promise<CliResult> => affix([...args, '--home', wb.home], { ...ENV, TOKEN_PIN: pin });
const tokenSpec = (tokenLabel = token.tokenLabel): string =>
  `label=丙方,pkcs11-module=${token.modulePath},token-label=${tokenLabel},key-label=${token.keyLabel},rect=300,60,200,70`;

before(async () => {
  token = createSoftHsmToken({ tokenLabel: 'Plan CLI Token' });
  wb = new Workbench();
  await wb.init();
  keyId = (await wb.json<{ id: string }>(['key', 'create', '--label', 'Party B'])).id;
  docId = (await wb.json<{ id: string }>(['doc', 'import', somePdf('issue13447.pdf')], false)).id;
});
after(() => {
  wb?.cleanup();
  token?.cleanup();
});

test('plan set takes a token step only for a registered module and a present token', async () => {
  const unregistered = await run(['plan', 'set', docId, '--step', tokenSpec()]);
  assert.equal(unregistered.status, 2, unregistered.stdout);
  assert.match(unregistered.stderr, /Step 1 \(丙方\): PKCS#11 module \/.*libsofthsm2\.so is not registered \(none is registered\)/);
  assert.equal((await run(['pkcs11', 'add', token.modulePath])).status, 0);
  const absent = await run(['plan', 'set', docId, '--step', tokenSpec('Elsewhere')]);
  assert.equal(absent.status, 2);
  assert.match(absent.stderr, /No token labelled "Elsewhere" is present in .*present: "Plan CLI Token"/);
  const malformed: [string, RegExp][] = [
    [
      `label=a,pkcs11-module=${token.modulePath},token-label=T`,
      /--step 1: a token key is named by pkcs11-module=LIB,token-label=L,key-label=K; missing key-label/,
    ],
    [`label=a,key=${keyId},token-label=T`, /--step 1: token-label= only goes with pkcs11-module=/],
    [`label=a,key=${keyId},pkcs11-module=${token.modulePath}`, /--step 1: name exactly one signer/],
  ];
  for (const [spec, message] of malformed) {
    const r = await run(['plan', 'set', docId, '--step', spec]);
    assert.equal(r.status, 2, spec);
    assert.match(r.stderr, message, spec);
  }
  assert.equal(JSON.parse((await run(['plan', 'show', docId, '--json'])).stdout), null, 'nothing refused was stored');
});

test('plan sign --pin-env signs the token step; a wrong PIN or the wrong secret option exits 2 with nothing recorded', async () => {
  const set = await run(['plan', 'set', docId, '--step', tokenSpec(), '--step', `label=乙方,key=${keyId},rect=72,60,150,50`, '--json']);
  assert.equal(set.status, 0, set.stderr);
  const plan = JSON.parse(set.stdout) as SigningPlan;
  assert.deepEqual(plan.steps[0].signer, { kind: 'token', modulePath: token.modulePath, tokenLabel: 'Plan CLI Token', keyLabel: token.keyLabel });
  assert.deepEqual(plan.steps[0].appearance, { kind: 'person' });
  const shown = await run(['plan', 'show', docId]);
  assert.match(shown.stdout, /1\. 丙方 {2}token "Plan CLI Token" key "signing-key" \(\/.*libsofthsm2\.so\) {2}page 1 \[300, 60, 200, 70\] {2}next/);

  const entries = wb.entries().length;
  const refused: [string[], string, RegExp][] = [
    [['--pin-env', 'TOKEN_PIN'], '000000', /Wrong PIN for PKCS#11 token "Plan CLI Token"/],
    [[], token.pin, /missing --pin-env VAR \(the environment variable holding the PIN of token "Plan CLI Token"\)/],
    [['--passphrase-env', 'AFFIX_TEST_PASS'], token.pin, /step 1 signs with a key on PKCS#11 token "Plan CLI Token": give its PIN with --pin-env VAR/],
    [['--pin-env', 'TOKEN_PIN', '--passphrase-env', 'AFFIX_TEST_PASS'], token.pin, /give --passphrase-env VAR or --pin-env VAR, not both/],
    [['--pin-env', 'NO_SUCH_VAR'], token.pin, /environment variable NO_SUCH_VAR \(--pin-env\) is not set or empty/],
  ];
  for (const [options, pin, message] of refused) {
    const r = await run(['plan', 'sign', docId, '--step', '1', ...options], pin);
    assert.equal(r.status, 2, `${options.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, options.join(' '));
  }
  assert.equal(wb.entries().length, entries, 'nothing was anchored');
  assert.match((await run(['plan', 'show', docId])).stdout, /Next: step 1\./);

  const first = await run(['plan', 'sign', docId, '--step', '1', '--pin-env', 'TOKEN_PIN', '--json']);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(JSON.parse(first.stdout).field, 'Step1');
  const keyWithPin = await run(['plan', 'sign', docId, '--step', '2', '--pin-env', 'TOKEN_PIN']);
  assert.equal(keyWithPin.status, 2);
  assert.match(keyWithPin.stderr, /--pin-env is for a step signed with a token key; step 2 \(key [0-9a-f]{16}\) needs --passphrase-env VAR/);
  const second = await run(['plan', 'sign', docId, '--step', '2', '--passphrase-env', 'AFFIX_TEST_PASS']);
  assert.equal(second.status, 0, second.stderr);
  assert.match((await run(['plan', 'show', docId])).stdout, /Every step is signed\./);

  const services = openServices(wb.home);
  const out = join(wb.dir, 'signed.pdf');
  try {
    writeFileSync(out, services.documents.bytesOf(services.documents.get(docId).currentSha256));
  } finally {
    services.close();
  }
  const sig = await pdfsig(out);
  assert.deepEqual(
    sig.signatures.map((s) => [s.field, s.valid]),
    [
      ['Step1', true],
      ['Step2', true],
    ],
    sig.output,
  );
});
