/**
 * Sole control (issue #18): a person's key is sealed under a PIN the person
 * chooses. The operator with only the workspace passphrase cannot sign as
 * the person (exit 2, clear message, nothing written or recorded); with the
 * PIN they can. Changing and resetting the PIN are anchored; a key issued
 * before PINs is refused until reset; a vault sealed at the old scrypt cost
 * opens and is re-sealed; a weak passphrase cannot create a vault.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openServices } from '../../../main/services/composition/container';
import { legacyKeyRecord, pinKeyRecord } from '../../../main/services/domain/persons/person-key';
import { openWithPassphrase, sealWithPassphrase } from '../../../main/services/core/secrets/passphrase-box';
import { pdfsig } from '../../support/pdf-tools';
import { pdfWithEmptySignatureField } from '../../support/signing-fixtures';
import { affix, tempHome } from '../../support/cli';
import { PASSPHRASE, PERSON_PIN, Workbench } from '../identity/fixtures';

const NEW_PIN = 'river 5521 lamp';

describe("a person's own PIN over their signing key", () => {
  const wb = new Workbench();
  let orgId: string;
  let personId: string;
  const input = () => wb.file('contract.pdf');
  const ledgerSize = (): number => wb.entries().length;
  const sign = (out: string, env: Record<string, string>, extra: string[] = []) =>
    affix(['sign', input(), '-o', wb.file(out), '--key', personId, '--home', wb.home, '--passphrase-env', 'AFFIX_TEST_PASS', ...extra], {
      AFFIX_TEST_PASS: PASSPHRASE,
      ...env,
    });

  before(async () => {
    await wb.init();
    orgId = (await wb.createOrg()).id;
    personId = (await wb.verifyPerson('王五', '360426199101010071')).id;
    writeFileSync(input(), pdfWithEmptySignatureField());
  });
  after(() => wb.cleanup());

  it('is required at issuance and must be strong', async () => {
    const none = await wb.run(['pki', 'issue', '--org', orgId, '--person', personId]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /--pin-env/);
    for (const weak of ['12345', '111111', '123456', '987654']) {
      const r = await affix(['pki', 'issue', '--org', orgId, '--person', personId, '--home', wb.home, '--passphrase-env', 'P', '--pin-env', 'W'], {
        P: PASSPHRASE,
        W: weak,
      });
      assert.equal(r.status, 2, weak);
      assert.match(r.stderr, /PIN chosen for person-.* is too weak/, weak);
    }
    assert.equal(
      wb.entries().filter((e) => e.entry.type === 'certificate.issued' && e.entry.refs?.purpose === 'person').length,
      0,
      'no certificate was issued for a refused PIN',
    );
    const cert = await wb.json<{ serial: string }>(['pki', 'issue', '--org', orgId, '--person', personId, '--pin-env', 'AFFIX_TEST_PIN']);
    assert.ok(cert.serial);
  });

  it('the operator with only the workspace passphrase cannot sign as the person; with the PIN they can', async () => {
    const before = ledgerSize();
    const without = await sign('no-pin.pdf', {});
    assert.equal(without.status, 2);
    assert.match(without.stderr, new RegExp(`signing as ${personId} needs the person's own PIN`));
    const wrong = await sign('wrong-pin.pdf', { PIN: 'not their pin' }, ['--pin-env', 'PIN']);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, new RegExp(`Wrong PIN for ${personId}`));
    assert.equal(existsSync(wb.file('no-pin.pdf')) || existsSync(wb.file('wrong-pin.pdf')), false, 'no output written');
    assert.equal(ledgerSize(), before, 'nothing recorded');

    const ok = await sign('signed.pdf', { PIN: PERSON_PIN }, ['--pin-env', 'PIN']);
    assert.equal(ok.status, 0, ok.stderr);
    const check = await pdfsig(wb.file('signed.pdf'));
    assert.ok(
      check.signatures.some((s) => s.valid),
      check.output,
    );
  });

  it('through the contract too: signing.sign as a person without a PIN is bad input', async () => {
    const s = openServices(wb.home);
    try {
      const { createAppRouter } = await import('../../../main/ipc/app-router');
      const router = createAppRouter(s);
      const doc = s.documents.importFile(input());
      const sender = { kind: 'frame', url: 'app://affix/index.html' } as const;
      const none = await router.invoke('signing.sign', { documentId: doc.id, keyId: personId, passphrase: PASSPHRASE }, sender);
      assert.equal(none.ok, false);
      assert.match(!none.ok ? none.error.message : '', /needs the person's own PIN/);
      const wrong = await router.invoke('signing.sign', { documentId: doc.id, keyId: personId, passphrase: PASSPHRASE, pin: 'wrong wrong' }, sender);
      assert.equal(!wrong.ok && wrong.error.code, 'BAD_SECRET');
      const good = await router.invoke('signing.sign', { documentId: doc.id, keyId: personId, passphrase: PASSPHRASE, pin: PERSON_PIN }, sender);
      assert.equal(good.ok, true, JSON.stringify(good));
    } finally {
      s.close();
    }
  });

  it('a PIN change needs the old PIN, re-seals the key and is anchored', async () => {
    const bad = await affix(['person', 'change-pin', personId, '--home', wb.home, '--passphrase-env', 'P', '--old-pin-env', 'O', '--new-pin-env', 'N'], {
      P: PASSPHRASE,
      O: 'guessing 1',
      N: NEW_PIN,
    });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Wrong PIN/);
    const r = await affix(
      ['person', 'change-pin', personId, '--home', wb.home, '--passphrase-env', 'P', '--old-pin-env', 'O', '--new-pin-env', 'N', '--json'],
      { P: PASSPHRASE, O: PERSON_PIN, N: NEW_PIN },
    );
    assert.equal(r.status, 0, r.stderr);
    const { ledgerIndex } = JSON.parse(r.stdout) as { ledgerIndex: number };
    const entry = wb.entries()[ledgerIndex].entry;
    assert.equal(entry.type, 'person.pin-changed');
    assert.equal(entry.refs?.personId, personId);
    assert.equal((await sign('old-pin.pdf', { PIN: PERSON_PIN }, ['--pin-env', 'PIN'])).status, 2, 'the old PIN no longer opens the key');
    assert.equal((await sign('new-pin.pdf', { PIN: NEW_PIN }, ['--pin-env', 'PIN'])).status, 0);
  });

  it('a key issued before PINs is refused until reset; a reset issues a new key and certificate and revokes the old one', async () => {
    // Turn the person's key into one as issued before this change: PKCS#8 in the vault, no PIN layer.
    const s = openServices(wb.home);
    let oldSerial: string;
    try {
      s.vault.unlock(PASSPHRASE);
      const [cert] = s.pki.certificatesOf(personId).filter((c) => !c.revokedAt);
      oldSerial = cert.serial;
      const keyId = s.workspace.db.prepare<[string], { key_id: string }>('SELECT key_id FROM certificates WHERE serial = ?').get(cert.serial)!.key_id;
      const pkcs8 = openWithPassphrase(s.vault.get(personId, pinKeyRecord(keyId)), NEW_PIN);
      s.vault.put(personId, legacyKeyRecord(keyId), pkcs8);
      s.workspace.db.prepare('DELETE FROM subject_data WHERE subject_id = ? AND name = ?').run(personId, pinKeyRecord(keyId));
    } finally {
      s.close();
    }
    const legacy = await sign('legacy.pdf', { PIN: NEW_PIN }, ['--pin-env', 'PIN']);
    assert.equal(legacy.status, 2);
    assert.match(legacy.stderr, /issued before personal PINs.*affix person reset-pin/);

    const r = await affix(['person', 'set-pin', personId, '--org', orgId, '--home', wb.home, '--passphrase-env', 'P', '--pin-env', 'N', '--json'], {
      P: PASSPHRASE,
      N: PERSON_PIN,
    });
    assert.equal(r.status, 0, r.stderr);
    const reset = JSON.parse(r.stdout) as { certificate: { serial: string }; revoked: string[]; ledgerIndex: number };
    assert.deepEqual(reset.revoked, [oldSerial!]);
    const entries = wb.entries();
    assert.equal(entries[reset.ledgerIndex].entry.type, 'person.pin-reset');
    assert.ok(entries.some((e) => e.entry.type === 'certificate.revoked' && e.entry.refs?.serial === oldSerial! && e.entry.refs?.reason === 'superseded'));
    assert.equal((await sign('after-reset.pdf', { PIN: PERSON_PIN }, ['--pin-env', 'PIN'])).status, 0);
  });

  it('a person step of a signing order needs the PIN as well (plan sign)', async () => {
    const doc = await wb.json<{ id: string }>(['doc', 'import', input()], false);
    await wb.json(['plan', 'set', doc.id, '--step', `label=乙方,person=${personId}`], false);
    const without = await wb.run(['plan', 'sign', doc.id, '--step', '1']);
    assert.equal(without.status, 2);
    assert.match(without.stderr, /give their PIN with --pin-env/);
    const ok = await wb.run(['plan', 'sign', doc.id, '--step', '1', '--pin-env', 'AFFIX_TEST_PIN']);
    assert.equal(ok.status, 0, ok.stderr);
  });
});

describe('the workspace vault', () => {
  it('refuses a weak passphrase when it is created', async () => {
    const home = tempHome('affix-weak-');
    const s = openServices(home, { create: true });
    try {
      assert.throws(() => s.vault.unlock('short'), /Cannot create the workspace vault: the passphrase must be at least 8 characters long/);
      assert.throws(() => s.vault.unlock('aaaaaaaaaaaa'), /must not repeat one or two characters/);
      assert.equal(s.vault.masterBox(), null, 'nothing was created');
      s.vault.unlock(PASSPHRASE);
      assert.notEqual(s.vault.masterBox(), null);
    } finally {
      s.close();
    }
  });

  it('a vault sealed at scrypt N=2^15 (before this change) opens and is re-sealed at N=2^17', async () => {
    const home = tempHome('affix-old-vault-');
    const master = Buffer.alloc(32, 7);
    let s = openServices(home, { create: true });
    try {
      s.workspace.db
        .prepare('INSERT INTO vault_master (id, sealed, created_at) VALUES (1, ?, ?)')
        .run(sealWithPassphrase(master, PASSPHRASE, { logN: 15, r: 8, p: 1 }), new Date().toISOString());
    } finally {
      s.close();
    }
    s = openServices(home);
    try {
      assert.equal(s.vault.masterBox()![5], 15);
      s.vault.unlock(PASSPHRASE);
      const box = s.vault.masterBox()!;
      assert.equal(box[5], 17, 're-sealed at the new cost');
      assert.deepEqual(openWithPassphrase(box, PASSPHRASE), master, 'the same master key');
    } finally {
      s.close();
    }
  });
});
