/**
 * The passphrase typed for a call opens the unattended keys that call needs
 * (issue #18; main/services/core/secrets/call-passphrase.ts). The ledger node
 * key is sealed under the workspace master key; in the window nobody gives
 * --passphrase-env, so a method that takes the workspace passphrase (declining
 * an envelope, creating an organisation…) and then appends to the ledger must
 * open the node key with the passphrase it was given, not refuse it as sealed.
 * A call without one is still refused, naming what to do; a passphrase that is
 * some key's own and not the workspace's is passed over, never taken as a
 * wrong workspace passphrase.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { openServices, type Services } from '../../../main/services/composition/container';
import { nodeKeyPath } from '../../../main/services/domain/ledger/node-key';
import { createAppRouter } from '../../../main/ipc/app-router';
import type { Router } from '../../../main/ipc/router';
import { PASSPHRASE, Workbench } from '../identity/fixtures';
import { callPassphrase, withCallPassphrase } from '../../../main/services/core/secrets/call-passphrase';

const wb = new Workbench();
const opened: Services[] = [];

before(async () => {
  await wb.init();
  await wb.createOrg(); // the first use of the passphrase seals the node key under the vault
  assert.equal((JSON.parse(readFileSync(nodeKeyPath(wb.home), 'utf8')) as { protection?: string }).protection, 'vault');
});

after(() => {
  for (const s of opened) s.close();
  wb.cleanup();
});

/** A new process's view of the workspace: services with the vault locked and no session passphrase, and the window's router. */
function freshWindow(): { services: Services; router: Router } {
  const services = openServices(wb.home);
  opened.push(services);
  return { services, router: createAppRouter(services, ['app://affix']) };
}

const call = (router: Router, method: string, input: unknown) => router.invoke(method, input, { kind: 'frame', url: 'app://affix/index.html' });

test('a call without a passphrase that needs the node key is refused as sealed, saying how to give it', async () => {
  const { services, router } = freshWindow();
  // Appending needs no key; signing the checkpoint over it does.
  const appended = await call(router, 'ledger.append', { type: 'document.anchored', subjects: ['a'.repeat(64)] });
  assert.ok(appended.ok, JSON.stringify(appended));
  const before = services.ledger.size();
  const answer = await call(router, 'ledger.checkpoint', {});
  assert.ok(!answer.ok && answer.error.code === 'REFUSED', JSON.stringify(answer));
  assert.match(!answer.ok ? answer.error.message : '', /ledger node key is sealed under the workspace passphrase/);
  assert.equal(services.ledger.size(), before, 'nothing else was appended');
});

test('the workspace passphrase given with a call opens the node key for the work of that call, and only a right one', async () => {
  const { services } = freshWindow();
  services.ledger.append({ type: 'document.anchored', subjects: ['c'.repeat(64)] });
  assert.throws(() => services.ledger.checkpoint(), /sealed under the workspace passphrase/, 'outside any call: sealed');
  // A wrong passphrase offered with a call (some key's own) is passed over: still refused as sealed, not as wrong.
  assert.throws(() => withCallPassphrase('a key passphrase 7781', () => services.ledger.checkpoint()), /sealed under the workspace passphrase/);
  // The work a call starts (a signing job) runs on after the call returned: the context goes with it.
  const later = withCallPassphrase(PASSPHRASE, () => new Promise((resolve) => setTimeout(resolve, 10)).then(() => services.ledger.checkpoint()));
  assert.equal((await later).created, true);
  assert.equal(callPassphrase(), undefined, 'nothing of it is left outside the call');
});

test('the router serves each call in the passphrase it came with, and nothing else', async () => {
  const seen: (string | undefined)[] = [];
  const { createRouter } = await import('../../../main/ipc/router');
  const { passphraseOf } = await import('../../../main/services/core/secrets/call-passphrase');
  // The same serveIn as app-router.ts, over handlers that report what they see (their answers break the contract: no matter).
  const report = () => (seen.push(callPassphrase()), null);
  const probe = createRouter({ ledger: { checkpoint: report }, orgs: { create: report } } as never, {
    trustedOrigins: ['app://affix'],
    serveIn: (input, run) => withCallPassphrase(passphraseOf(input), run),
  });
  await probe.invoke('orgs.create', { legalName: '上海乙方贸易有限公司', uscc: '91310000630004567B', passphrase: PASSPHRASE }, { kind: 'cli' });
  await probe.invoke('ledger.checkpoint', {}, { kind: 'cli' });
  assert.deepEqual(seen, [PASSPHRASE, undefined]);
  assert.equal(passphraseOf({ passphrase: PASSPHRASE, label: 'x' }), PASSPHRASE);
  assert.equal(passphraseOf({ passphrase: '' }), undefined);
});

test("a key's own passphrase is not taken for a wrong workspace passphrase", async () => {
  const { router } = freshWindow();
  const answer = await call(router, 'keys.create', { label: 'Registry clerk', passphrase: 'a key passphrase 7781' });
  // Whether the key could be made without the node key or not, the answer never blames the workspace passphrase.
  if (!answer.ok) {
    assert.notEqual(answer.error.code, 'BAD_SECRET', JSON.stringify(answer));
    assert.match(answer.error.message, /sealed under the workspace passphrase/);
  }
});
