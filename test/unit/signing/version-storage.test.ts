/**
 * A signed version is stored as the bytes its signature appended to the
 * version before it: three signatures on one document cost the document plus
 * three small updates, every version reads back as the complete PDF whose
 * digest the ledger names, and poppler validates all three signatures in the
 * newest one. The CLI path (a file signed in one streamed pass) is recorded
 * the same way. Signing reads a stored version in place, as its runs of
 * files (the document, then each update), and refuses a stored copy that
 * was changed outside Affix before the key signs anything.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { openServices, type Services } from '../../../main/services/composition/container';
import type { KeySource } from '../../../main/services/domain/keys/keys-service';
import type { DocumentSummary } from '../../../shared/contract/documents';
import { contractPdf } from '../../support/appearance-fixtures';
import { affix, tempHome } from '../../support/cli';
import { pdfsig } from '../../support/pdf-tools';
import { tempDir } from '../../support/signing-fixtures';

const PASSPHRASE = 'version storage passphrase';
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

interface Scene {
  services: Services;
  /** The workspace key, as signDocument takes it. */
  key: KeySource;
  doc: DocumentSummary;
  /** The contract's bytes as imported. */
  original: Uint8Array;
}

/** A fresh workspace with a key and the sample contract imported as `name`; everything is removed afterwards. */
async function withContract(name: string, run: (scene: Scene) => Promise<void>): Promise<void> {
  const services = openServices(tempHome(), { create: true });
  const tmp = tempDir('affix-versions-');
  try {
    const key = await services.keys.create('Storage Key', PASSPHRASE);
    const input = join(tmp.dir, 'contract.pdf');
    const original = await contractPdf();
    writeFileSync(input, original);
    const doc = services.documents.importFile(input, name);
    await run({ services, key: { kind: 'workspace', id: key.id, passphrase: PASSPHRASE }, doc, original });
  } finally {
    services.close();
    tmp.cleanup();
  }
}

test('signed versions are stored as appended updates and read back whole', () =>
  withContract('contract', async ({ services, key, doc }) => {
    const tmp = tempDir('affix-versions-out-');
    try {
      const before = services.workspace.blobs.stats();
      const results = [];
      for (let i = 0; i < 3; i++) {
        results.push(
          await services.signing.signDocument(doc.id, { appearance: { kind: 'person' }, placement: { page: 1, rect: [40 + i * 150, 40, 140, 60] } }, key),
        );
      }
      const after = services.workspace.blobs.stats();
      assert.equal(after.count, before.count + 3);
      const grown = after.bytes - before.bytes;
      const newest = services.documents.bytesOf(results[2].sha256);
      assert.ok(
        grown < newest.length - doc.bytes + 3 * 200,
        `three signatures added ${grown} bytes to the store; the updates themselves are ${newest.length - doc.bytes}`,
      );
      for (const r of results) assert.equal(sha256(services.documents.bytesOf(r.sha256)), r.sha256);
      const out = join(tmp.dir, 'signed.pdf');
      writeFileSync(out, newest);
      const sig = await pdfsig(out);
      assert.deepEqual(
        sig.signatures.map((s) => s.valid),
        [true, true, true],
        sig.output,
      );
    } finally {
      tmp.cleanup();
    }
  }));

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
    const run = await affix(['sign', input, '-o', out, '--key', key.id, '--passphrase-env', 'AFFIX_TEST_PASS', '--json', '--home', home], {
      AFFIX_TEST_PASS: PASSPHRASE,
    });
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

test('a version stored as runs (the document, then each appended update) reads in place exactly as it reads whole, across every run boundary', () =>
  withContract('contract', async ({ services, key, doc }) => {
    let newest = doc.sha256;
    for (let i = 0; i < 2; i++) newest = (await services.signing.signDocument(doc.id, {}, key)).sha256;
    const runs = services.workspace.blobs.runsOf(newest);
    assert.equal(runs.length, 3, 'the document and two appended updates');
    const whole = services.documents.bytesOf(newest);
    const opened = services.documents.openVersion(newest, 'Document contract');
    try {
      assert.equal(opened.length, whole.length);
      // Pieces of 997 bytes: most reads start inside one run and are cut at its end, as fs.read may cut them.
      const back = Buffer.alloc(whole.length);
      for (let pos = 0; pos < whole.length;) {
        const n = opened.readSync(back, pos, Math.min(997, whole.length - pos), pos);
        assert.ok(n > 0, `a read at ${pos} returned nothing`);
        pos += n;
      }
      assert.ok(back.equals(whole));
      const tail = Buffer.alloc(100);
      assert.equal(await opened.read(tail, 0, 100, whole.length - 40), 40);
      assert.ok(tail.subarray(0, 40).equals(whole.subarray(whole.length - 40)));
      assert.equal(opened.readSync(tail, 0, 10, whole.length), 0, 'nothing past the end');
    } finally {
      opened.close();
    }
  }));

test('a stored copy changed outside Affix is never signed: cut short, or changed in place, the signing is refused naming the document; nothing is recorded', () =>
  withContract('租赁合同', async ({ services, key, doc, original }) => {
    const [run] = services.workspace.blobs.runsOf(doc.sha256);
    const ledgerBefore = services.ledger.size();
    const refused = (pattern: RegExp) => (e: Error & { code?: string }) => {
      assert.equal(e.code, 'BAD_INPUT');
      assert.match(e.message, pattern);
      return true;
    };

    writeFileSync(run.path, Buffer.from(original).subarray(0, original.length - 500));
    await assert.rejects(
      services.signing.signDocument(doc.id, {}, key),
      refused(/^Cannot read Document 租赁合同: its stored copy has \d+ bytes, not the \d+ recorded for it/),
    );

    // The same length, one byte of a stream's data changed (the structure still parses): the digest check stops it before the key signs.
    const changed = Buffer.from(original);
    const at = changed.indexOf('stream\n');
    assert.ok(at > 0, 'the contract has a stream');
    changed[at + 10] ^= 0x01;
    writeFileSync(run.path, changed);
    await assert.rejects(
      services.signing.signDocument(doc.id, {}, key),
      refused(/^Document 租赁合同: its stored copy no longer has the SHA-256 recorded for it .*Nothing was signed\.$/),
    );

    assert.equal(services.documents.get(doc.id).versions, 1);
    assert.equal(services.ledger.size(), ledgerBefore, 'nothing anchored');
    // Put back, it signs again.
    writeFileSync(run.path, original);
    assert.equal((await services.signing.signDocument(doc.id, {}, key)).inputSha256, doc.sha256);
  }));
