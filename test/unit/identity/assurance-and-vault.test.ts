/**
 * The SP 800-63A-style assessment (which evidence reaches IAL2) and the
 * vault's guarantees: records bound to their subject and name, a wrong
 * passphrase refused, shredding irreversible.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openServices } from '../../../main/services/composition/container';
import { assessIal, type Evidence } from '../../../shared/identity/assurance';
import { tempHome } from '../../support/cli';

const doc = (type: Evidence['type'], strength: Evidence['strength'], inspected = true, compared = false): Evidence => ({
  type,
  strength,
  validation: inspected ? ['check-digits', 'security-features-inspected'] : ['check-digits'],
  verification: compared ? 'physical-comparison' : 'none',
});

describe('identity assurance level', () => {
  it('reaches IAL2 with two STRONG, or one STRONG and two FAIR, the strongest compared in person', () => {
    assert.equal(assessIal([doc('resident-id-card', 'strong', true, true), doc('household-register', 'strong')]).ial, 'IAL2');
    assert.equal(assessIal([doc('passport', 'strong', true, true), doc('bank-card', 'fair'), doc('employee-badge', 'fair')]).ial, 'IAL2');
  });
  it('stays at IAL1, saying why, when evidence is missing, unvalidated or not compared', () => {
    const one = assessIal([doc('resident-id-card', 'strong', true, true)]);
    assert.equal(one.ial, 'IAL1');
    assert.match(one.shortfalls.join(), /two STRONG/);
    assert.equal(assessIal([doc('resident-id-card', 'strong', true, true), doc('bank-card', 'fair')]).ial, 'IAL1');
    assert.equal(assessIal([doc('resident-id-card', 'strong', false, true), doc('passport', 'strong', false)]).ial, 'IAL1');
    const notCompared = assessIal([doc('resident-id-card', 'strong'), doc('passport', 'strong')]);
    assert.equal(notCompared.ial, 'IAL1');
    assert.match(notCompared.shortfalls.join(), /compared with the applicant/);
  });
});

describe('vault', () => {
  it('binds each record to its subject and name, refuses a wrong passphrase, and shreds for good', () => {
    const home = tempHome('affix-vault-');
    const s = openServices(home, { create: true });
    try {
      s.vault.unlock('first passphrase');
      s.vault.put('person-a', 'profile', Buffer.from('alpha'));
      s.vault.put('person-b', 'profile', Buffer.from('beta'));
      assert.equal(s.vault.get('person-a', 'profile').toString(), 'alpha');
      // Move b's ciphertext under a's name: authentication fails instead of returning b's data as a's.
      s.workspace.db
        .prepare("UPDATE subject_data SET ciphertext = (SELECT ciphertext FROM subject_data WHERE subject_id = 'person-b') WHERE subject_id = 'person-a'")
        .run();
      assert.throws(() => s.vault.get('person-a', 'profile'), /failed authentication/);
      s.vault.shred('person-b');
      assert.throws(() => s.vault.get('person-b', 'profile'), /No record/);
      assert.equal(s.vault.holds('person-b'), false);
    } finally {
      s.close();
    }
    const again = openServices(home);
    try {
      assert.throws(
        () => again.vault.unlock('another passphrase'),
        (e: Error & { code?: string }) => e.code === 'BAD_SECRET',
      );
      again.vault.unlock('first passphrase');
      assert.throws(() => again.vault.get('person-b', 'profile'), /No record/);
    } finally {
      again.close();
    }
  });
});
