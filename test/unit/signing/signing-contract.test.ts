/**
 * What the UI calls (through the one router, as the renderer does): create
 * and list workspace keys, sign a workspace document with one and a seal
 * appearance; the new version is recorded and the signature anchored.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createAppRouter } from '../../../main/ipc/app-router';
import { openServices } from '../../../main/services/composition/container';
import { contractPdf } from '../../support/appearance-fixtures';
import { tempHome } from '../../support/cli';
import { pdfsig } from '../../support/pdf-tools';
import { tempDir } from '../../support/signing-fixtures';

const app = { kind: 'frame', url: 'app://affix/index.html' } as const;

test('keys.create, keys.list and signing.sign through the router', async () => {
  const services = openServices(tempHome(), { create: true });
  const tmp = tempDir('affix-contract-');
  try {
    const router = createAppRouter(services);
    const call = async <T>(method: string, input: unknown): Promise<T> => {
      const r = await router.invoke(method, input, app);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as T;
    };
    const key = await call<{ id: string; certificatePem: string }>('keys.create', { label: 'Company Seal Key', passphrase: 'seal passphrase' });
    assert.doesNotMatch(JSON.stringify(key), /sealed|PRIVATE/i, 'no private material crosses the contract');
    assert.deepEqual(
      (await call<{ id: string }[]>('keys.list', {})).map((k) => k.id),
      [key.id],
    );

    const input = join(tmp.dir, 'contract.pdf');
    writeFileSync(input, await contractPdf());
    const doc = await call<{ id: string; sha256: string }>('documents.importBytes', { name: 'contract.pdf', base64: readFileSync(input).toString('base64') });
    const result = await call<{ sha256: string; field: string; ledgerIndex: number; keyId: string }>('signing.sign', {
      documentId: doc.id,
      keyId: key.id,
      passphrase: 'seal passphrase',
      appearance: { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '合同专用章' },
      placement: { atText: '甲方（盖章）' },
      reason: '签约',
    });
    assert.equal(result.keyId, key.id);
    const after = await call<{ versions: number; currentSha256: string }>('documents.get', { id: doc.id });
    assert.equal(after.versions, 2);
    assert.equal(after.currentSha256, result.sha256);
    const signedPath = join(tmp.dir, 'signed.pdf');
    writeFileSync(signedPath, services.documents.bytesOf(result.sha256));
    const sig = await pdfsig(signedPath);
    assert.equal(sig.signatures.length, 1);
    assert.equal(sig.signatures[0].valid, true, sig.output);
    const entry = services.ledger.entries(result.ledgerIndex, 1)[0];
    assert.equal(entry.entry.type, 'signature.added');
    assert.deepEqual(entry.entry.subjects, [result.sha256, doc.sha256]);

    const wrong = await router.invoke('signing.sign', { documentId: doc.id, keyId: key.id, passphrase: 'not it at all' }, app);
    assert.equal(wrong.ok ? null : wrong.error.code, 'BAD_SECRET');
    const badInput = await router.invoke('signing.sign', { documentId: doc.id, keyId: 'xyz', passphrase: 'p' }, app);
    assert.equal(badInput.ok ? null : badInput.error.code, 'BAD_INPUT');
  } finally {
    services.close();
    tmp.cleanup();
  }
});
