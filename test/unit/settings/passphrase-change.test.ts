/**
 * Changing the workspace passphrase re-seals the vault master key, the
 * organisations' root CA keys and the workspace keys that opened with it —
 * all or nothing. Afterwards the new passphrase signs (workspace key through
 * the router, seal on behalf of its authorised person), opens personal data
 * and exports the root key; the old one opens none of them. A wrong old
 * passphrase, a weak new one, or a failure half-way leaves every byte as it
 * was.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createAppRouter } from '../../../main/ipc/app-router';
import type { Router } from '../../../main/ipc/router';
import { openServices, type Services } from '../../../main/services/composition/container';
import { openWithPassphrase, sealWithPassphrase } from '../../../main/services/core/secrets/passphrase-box';
import { affix } from '../../support/cli';
import { contractPdf } from '../../support/appearance-fixtures';
import { pdfsig } from '../../support/pdf-tools';
import { PASSPHRASE, Workbench } from '../identity/fixtures';

const NEW = 'a brand new passphrase 新口令';
const OWN = 'this key has its own passphrase';
const app = { kind: 'frame', url: 'app://affix/index.html' } as const;

/** Every byte the change may touch: the database's sealed secrets and the key files. */
function snapshot(s: Services): string {
  const db = s.workspace.db;
  const keysDir = join(s.workspace.home, 'keys');
  return JSON.stringify({
    vault: db.prepare('SELECT hex(sealed) AS h FROM vault_master').all(),
    roots: db.prepare("SELECT id, hex(secret) AS h FROM pki_keys WHERE protection = 'passphrase' ORDER BY id").all(),
    files: readdirSync(keysDir)
      .sort()
      .map((f) => [f, readFileSync(join(keysDir, f), 'utf8')]),
  });
}

describe('passphrase change', () => {
  const wb = new Workbench();
  let orgId: string;
  let personId: string;
  let sealId: string;
  let sharedKey: string;
  let ownKey: string;

  before(async () => {
    await wb.init();
    orgId = (await wb.createOrg()).id;
    personId = (await wb.verifyPerson('孙改口令', '360426199101010071')).id;
    await wb.json(['pki', 'issue', '--org', orgId, '--person', personId, '--pin-env', 'AFFIX_TEST_PIN']);
    sealId = (
      await wb.json<{ sealId: string }>(['seal', 'create', '--org', orgId, '--type', 'contract', '--name', '合同专用章', '--valid-until', '2099-01-01'])
    ).sealId;
    await wb.json(['seal', 'authorize', sealId, '--person', personId], false);
    const s = openServices(wb.home);
    try {
      sharedKey = (await s.keys.create('Shared passphrase key', PASSPHRASE)).id;
      ownKey = (await s.keys.create('Own passphrase key', OWN)).id;
    } finally {
      s.close();
    }
  });
  after(() => wb.cleanup());

  async function withRouter<T>(use: (router: Router, s: Services) => Promise<T>): Promise<T> {
    const s = openServices(wb.home);
    try {
      return await use(createAppRouter(s), s);
    } finally {
      s.close();
    }
  }

  it('refuses a wrong old passphrase, a short or unchanged new one, and changes nothing', async () => {
    await withRouter(async (router, s) => {
      const before = snapshot(s);
      const wrong = await router.invoke('passphrase.change', { oldPassphrase: 'not the passphrase', newPassphrase: NEW }, app);
      assert.equal(wrong.ok ? null : wrong.error.code, 'BAD_SECRET');
      assert.match(wrong.ok ? '' : wrong.error.message, /current passphrase is wrong; nothing was changed/);
      const short = await router.invoke('passphrase.change', { oldPassphrase: PASSPHRASE, newPassphrase: 'short' }, app);
      assert.equal(short.ok ? null : short.error.code, 'BAD_INPUT');
      assert.match(short.ok ? '' : short.error.message, /at least 8 characters/);
      assert.throws(() => s.passphrase.change(PASSPHRASE, 'short'), /at least 8 characters/);
      assert.throws(() => s.passphrase.change(PASSPHRASE, PASSPHRASE), /same as the current one/);
      assert.equal(snapshot(s), before);
    });
    // The CLI says so too, with exit status 2.
    const r = await affix(['passphrase', 'change', '--home', wb.home, '--old-env', 'OLD', '--new-env', 'NEW'], { OLD: 'wrong wrong', NEW });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /current passphrase is wrong/);
    const missing = await affix(['passphrase', 'change', '--home', wb.home, '--old-env', 'OLD'], { OLD: PASSPHRASE });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /missing --new-env/);
  });

  it('a failure inside the transaction leaves every secret and key file as it was, and no staged file', async () => {
    await withRouter(async (_router, s) => {
      const before = snapshot(s);
      // A fault where the root keys are rewritten: after the vault was re-sealed in memory and the key files staged.
      s.workspace.db.exec("CREATE TEMP TRIGGER fail_root BEFORE UPDATE ON pki_keys BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
      try {
        assert.throws(() => s.passphrase.change(PASSPHRASE, NEW), /injected failure/);
      } finally {
        s.workspace.db.exec('DROP TRIGGER fail_root');
      }
      assert.equal(snapshot(s), before);
      assert.deepEqual(
        readdirSync(join(s.workspace.home, 'keys')).filter((f) => !f.endsWith('.json')),
        [],
      );
      // The old passphrase still opens everything.
      s.vault.lock();
      s.vault.unlock(PASSPHRASE);
      assert.ok(s.pki.exportRootKeyTo(orgId, wb.file('root-before.key'), PASSPHRASE).bytes > 0);
    });
  });

  it('re-seals everything under the new passphrase through the CLI, leaving a key with its own passphrase alone', async () => {
    const r = await affix(['passphrase', 'change', '--home', wb.home, '--old-env', 'OLD', '--new-env', 'NEW', '--json'], { OLD: PASSPHRASE, NEW });
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { vault: boolean; rootKeys: number; workspaceKeys: number; unchanged: { kind: string; id: string }[] };
    assert.deepEqual(result, {
      vault: true,
      rootKeys: 1,
      workspaceKeys: 1,
      unchanged: [{ kind: 'workspace-key', id: ownKey, label: 'Own passphrase key' }],
    });
  });

  it('afterwards the new passphrase signs with the workspace key and the seal, and the old one does not', async () => {
    await withRouter(async (router, s) => {
      const pdf = wb.file('contract.pdf');
      writeFileSync(pdf, await contractPdf());
      const doc = s.documents.importFile(pdf);
      const sign = (keyId: string, passphrase: string, asPersonId?: string) =>
        router.invoke('signing.sign', { documentId: doc.id, keyId, passphrase, ...(asPersonId ? { asPersonId } : {}) }, app);

      for (const [keyId, as] of [
        [sharedKey, undefined],
        [sealId, personId],
      ] as const) {
        const old = await sign(keyId, PASSPHRASE, as);
        assert.equal(old.ok ? null : old.error.code, 'BAD_SECRET', `${keyId} with the old passphrase`);
        const ok = await sign(keyId, NEW, as);
        assert.ok(ok.ok, ok.ok ? '' : `${keyId}: ${ok.error.message}`);
      }
      // The key with its own passphrase still opens with it.
      const own = await sign(ownKey, OWN);
      assert.ok(own.ok, own.ok ? '' : own.error.message);

      // Three signatures, all intact per poppler.
      const signed = wb.file('signed.pdf');
      writeFileSync(signed, s.documents.bytesOf(s.documents.get(doc.id).currentSha256));
      const check = await pdfsig(signed);
      assert.equal(check.signatures.length, 3, check.output);
      assert.ok(
        check.signatures.every((x) => x.valid),
        check.output,
      );
    });
  });

  it('identity records still decrypt with the new passphrase, the root key exports with it, and the old opens neither', async () => {
    const old = openServices(wb.home);
    try {
      assert.throws(
        () => old.identity.personalData(personId, PASSPHRASE),
        (e: Error & { code?: string }) => e.code === 'BAD_SECRET',
      );
      assert.throws(
        () => old.pki.exportRootKeyTo(orgId, wb.file('root-old.key'), PASSPHRASE),
        (e: Error & { code?: string }) => e.code === 'BAD_SECRET',
      );
    } finally {
      old.close();
    }
    const s = openServices(wb.home);
    try {
      assert.equal(s.identity.personalData(personId, NEW).name, '孙改口令');
      assert.ok(s.pki.exportRootKeyTo(orgId, wb.file('root-new.key'), NEW).bytes > 0);
    } finally {
      s.close();
    }
  });

  it('a change whose database part committed but whose key files were not yet moved is finished when the workspace opens', () => {
    const s = openServices(wb.home);
    const path = join(wb.home, 'keys', `${sharedKey}.json`);
    const next = 'the passphrase after a crash';
    try {
      // Exactly what change() leaves behind when the process dies right after its commit.
      const box = s.keys.passphraseBoxes().find((k) => k.id === sharedKey)!.box;
      const staged = s.keys.fileWithBox(sharedKey, sealWithPassphrase(openWithPassphrase(box, NEW), next));
      writeFileSync(`${path}.rewrapped`, staged.text);
      s.workspace.setMeta('passphrase_change_pending', JSON.stringify([{ staged: `${path}.rewrapped`, path }]));
    } finally {
      s.close();
    }
    const reopened = openServices(wb.home);
    try {
      assert.equal(reopened.workspace.meta('passphrase_change_pending'), '[]');
      assert.deepEqual(
        readdirSync(join(wb.home, 'keys')).filter((f) => !f.endsWith('.json')),
        [],
      );
      assert.throws(() => reopened.keys.open({ kind: 'workspace', id: sharedKey, passphrase: NEW }), /Wrong passphrase/);
      reopened.keys.open({ kind: 'workspace', id: sharedKey, passphrase: next }).close();
    } finally {
      reopened.close();
    }
  });
});
