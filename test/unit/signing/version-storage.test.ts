/**
 * A signed version is stored as the bytes its signature appended to the
 * version before it: three signatures on one document cost the document plus
 * three small updates, every version reads back as the complete PDF whose
 * digest the ledger names, and poppler validates all three signatures in the
 * newest one. The CLI path (a file signed in one streamed pass) is recorded
 * the same way.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openServices } from '../../../main/services/container';
import { contractPdf } from '../../support/appearance-fixtures';
import { affix, tempHome } from '../../support/cli';
import { pdfsig } from '../../support/pdf-tools';
import { tempDir } from '../../support/signing-fixtures';

const PASSPHRASE = 'version storage passphrase';
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

test('signed versions are stored as appended updates and read back whole', async () => {
  const home = tempHome();
  const services = openServices(home, { create: true });
  const tmp = tempDir('affix-versions-');
  try {
    const key = await services.keys.create('Storage Key', PASSPHRASE);
    const input = join(tmp.dir, 'contract.pdf');
    writeFileSync(input, await contractPdf());
    const doc = services.documents.importFile(input);
    const before = services.workspace.blobs.stats();
    const results = [];
    for (let i = 0; i < 3; i++) {
      results.push(await services.signing.signDocument(doc.id, { appearance: { kind: 'person' }, placement: { page: 1, rect: [40 + i * 150, 40, 140, 60] } }, { kind: 'workspace', id: key.id, passphrase: PASSPHRASE }));
    }
    const after = services.workspace.blobs.stats();
    assert.equal(after.count, before.count + 3);
    const grown = after.bytes - before.bytes;
    const newest = services.documents.bytesOf(results[2].sha256);
    assert.ok(grown < newest.length - doc.bytes + 3 * 200, `three signatures added ${grown} bytes to the store; the updates themselves are ${newest.length - doc.bytes}`);
    for (const r of results) assert.equal(sha256(services.documents.bytesOf(r.sha256)), r.sha256);
    const out = join(tmp.dir, 'signed.pdf');
    writeFileSync(out, newest);
    const sig = await pdfsig(out);
    assert.deepEqual(sig.signatures.map((s) => s.valid), [true, true, true], sig.output);
  } finally {
    services.close();
    tmp.cleanup();
  }
});

test('affix sign records the streamed signature as a version appended to the imported input', async () => {
  const home = tempHome();
  const tmp = tempDir('affix-versions-cli-');
  try {
    await affix(['init', '--home', home]);
    const services = openServices(home);
    const key = await services.keys.create('CLI Key', PASSPHRASE);
    services.close();
    const input = join(tmp.dir, 'contract.pdf');
    writeFileSync(input, await contractPdf());
    const out = join(tmp.dir, 'signed.pdf');
    const run = await affix(['sign', input, '-o', out, '--key', key.id, '--passphrase-env', 'AFFIX_TEST_PASS', '--json', '--home', home], { AFFIX_TEST_PASS: PASSPHRASE });
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout) as { sha256: string; inputSha256: string; documentId: string };
    const written = readFileSync(out);
    assert.equal(sha256(written), result.sha256);
    assert.equal(result.inputSha256, sha256(readFileSync(input)));
    const reopened = openServices(home);
    try {
      assert.deepEqual(reopened.documents.bytesOf(result.sha256), written);
      assert.equal(reopened.documents.get(result.documentId).currentSha256, result.sha256);
    } finally {
      reopened.close();
    }
  } finally {
    tmp.cleanup();
  }
});
