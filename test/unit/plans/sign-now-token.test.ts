/**
 * "Sign now" (signing.sign / signing.signStart, outside any signing order)
 * with a key on a real SoftHSM2 token initialised by the test: the module
 * must be registered and the token and key present, else NOT_FOUND before
 * any PIN reaches a token; a wrong PIN is BAD_SECRET with nothing recorded;
 * the right PIN signs, as a job too, and pdfsig finds the signatures valid and
 * made by the token's certificate.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { SignatureResult } from '../../../shared/contract/signing';
import { pdfsig, tool } from '../../support/pdf-tools';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm';
import { Bench } from './fixtures';

let bench: Bench;
let token: SoftHsmToken;

before(() => {
  token = createSoftHsmToken({ tokenLabel: 'Sign Now Token' });
  bench = new Bench();
});
after(() => {
  bench?.close();
  token?.cleanup();
});

const tokenKey = (change: Partial<{ modulePath: string; tokenLabel: string; keyLabel: string }> = {}) => ({
  modulePath: token.modulePath,
  tokenLabel: token.tokenLabel,
  keyLabel: token.keyLabel,
  ...change,
});
const request = (documentId: string, pin: string, change = {}) => ({
  documentId,
  token: tokenKey(change),
  pin,
  appearance: { kind: 'person' },
  placement: { page: 1, rect: [300, 100, 200, 70] },
});

/** Registers the token's module unless it is (each test may run alone). */
async function register(): Promise<void> {
  const modules = await bench.call<{ path: string }[]>('pkcs11.list', {});
  if (!modules.some((m) => m.path === token.modulePath)) await bench.call('pkcs11.add', { path: token.modulePath });
}

/** What a refused call must leave alone: the document's versions and the ledger. */
const snapshot = (documentId: string): unknown => ({ versions: bench.services.documents.versionDigests(documentId), ledger: bench.services.ledger.size() });

test('a token key is refused until its module is registered, and while its token or certificate is absent', async () => {
  const doc = await bench.importContract('sign-now-checks.pdf');
  const before = snapshot(doc.id);
  const unregistered = await bench.fail('signing.sign', request(doc.id, token.pin));
  assert.equal(unregistered.code, 'NOT_FOUND');
  assert.match(unregistered.message, /^PKCS#11 module \/.*libsofthsm2\.so is not registered \(none is registered\); register it in Settings/);
  // The job is refused at once too, not after it has started.
  assert.equal((await bench.fail('signing.signStart', request(doc.id, token.pin))).code, 'NOT_FOUND');

  await register();
  const absent = await bench.fail('signing.sign', request(doc.id, token.pin, { tokenLabel: 'Not Plugged In' }));
  assert.equal(absent.code, 'NOT_FOUND');
  assert.match(absent.message, /^No token labelled "Not Plugged In" is present in \/.*libsofthsm2\.so \(present: "Sign Now Token"\); insert it and try again/);
  const noCert = await bench.fail('signing.sign', request(doc.id, token.pin, { keyLabel: 'no-such-key' }));
  assert.match(noCert.message, /^Token "Sign Now Token" has no certificate labelled "no-such-key"/);
  // A request names exactly one key, with what opens it.
  const malformed: [unknown, RegExp][] = [
    [{ ...request(doc.id, token.pin), passphrase: 'x' }, /passphrase does not go with a token key/],
    [{ ...request(doc.id, token.pin), keyId: '0123456789abcdef' }, /either keyId \(with passphrase\) or token \(with pin\), not both/],
    [{ documentId: doc.id, token: tokenKey() }, /pin: a token key needs the token's user PIN/],
    [{ documentId: doc.id, pin: token.pin }, /keyId: name the key/],
  ];
  for (const [input, message] of malformed) {
    const refused = await bench.fail('signing.sign', input);
    assert.equal(refused.code, 'BAD_INPUT');
    assert.match(refused.message, message);
  }
  assert.deepEqual(snapshot(doc.id), before, 'nothing was signed, recorded or anchored');
});

test('a wrong PIN records nothing; the right PIN signs, directly and as a job; pdfsig finds both valid, by the token certificate', async () => {
  await register();
  const doc = await bench.importContract('sign-now-token.pdf');
  const before = snapshot(doc.id);
  const wrong = await bench.fail('signing.sign', request(doc.id, '000000'));
  assert.equal(wrong.code, 'BAD_SECRET');
  assert.match(wrong.message, /Wrong PIN for PKCS#11 token "Sign Now Token"/);
  assert.deepEqual(snapshot(doc.id), before);

  const first = await bench.call<SignatureResult>('signing.sign', request(doc.id, token.pin));
  assert.equal(first.inputSha256, doc.sha256);
  const { jobId } = await bench.call<{ jobId: string }>('signing.signStart', {
    ...request(doc.id, token.pin),
    placement: { page: 1, rect: [300, 200, 200, 70] },
  });
  let job: { state: string; result?: { kind: string; signature: SignatureResult } };
  do job = await bench.call('jobs.get', { jobId });
  while (job.state === 'running' && (await new Promise((r) => setTimeout(r, 20, true))));
  assert.equal(job.state, 'done', JSON.stringify(job));
  assert.equal(job.result?.kind, 'document.sign');
  assert.equal(job.result?.signature.inputSha256, first.sha256, 'the job signed the version the first signature made');

  const out = join(bench.dir, 'sign-now-token-signed.pdf');
  const content = await bench.call<{ base64: string }>('documents.content', { id: doc.id });
  writeFileSync(out, Buffer.from(content.base64, 'base64'));
  const sig = await pdfsig(out);
  assert.deepEqual(
    sig.signatures.map((s) => s.valid),
    [true, true],
    sig.output,
  );
  const full = await tool('pdfsig', [out]);
  for (const block of full.stdout.split(/^Signature #\d+:$/m).slice(1))
    assert.match(block, /Signer Certificate Common Name: Affix SoftHSM signer$/m, full.stdout);
});
