/**
 * An open vault still demands its passphrase: after one correct unlock in a
 * process, a seal or a person's certificate must not sign with any other
 * passphrase (a regression found in review: the first unlock used to open
 * the vault for every later caller, whatever they typed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openServices } from '../../../main/services/composition/container';
import { tempHome } from '../../support/cli';

test('a wrong passphrase is BAD_SECRET even after the vault was opened with the right one', () => {
  const services = openServices(tempHome(), { create: true });
  try {
    services.vault.unlock('the right passphrase');
    assert.equal(services.vault.unlocked, true);
    assert.doesNotThrow(() => services.vault.unlock('the right passphrase'));
    assert.throws(
      () => services.vault.unlock('wrong wrong wrong'),
      (e: { code?: string }) => e.code === 'BAD_SECRET',
    );
    assert.throws(
      () => services.vault.unlock('the right passphrase '),
      (e: { code?: string }) => e.code === 'BAD_SECRET',
    );
    // A fresh process state (lock) opens with the right one again and still refuses others.
    services.vault.lock();
    assert.throws(
      () => services.vault.unlock('wrong wrong wrong'),
      (e: { code?: string }) => e.code === 'BAD_SECRET',
    );
    assert.doesNotThrow(() => services.vault.unlock('the right passphrase'));
  } finally {
    services.close();
  }
});
