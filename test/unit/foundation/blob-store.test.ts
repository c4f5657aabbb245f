/**
 * The blob store keeps signed versions as their base plus the appended
 * incremental update: reading one back must give exactly base ‖ appended, for
 * chains of several signatures, and a record whose base is not what it
 * claims to build on is refused.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { BlobStore } from '../../../main/services/core/store/blobs';

const sha = (...parts: Uint8Array[]): string => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest('hex');

test('a chain of appended versions reads back byte for byte and costs only the appended bytes on disk', () => {
  const store = new BlobStore(mkdtempSync(join(tmpdir(), 'affix-blobs-')));
  const base = randomBytes(200_000);
  const first = randomBytes(3_000);
  const second = randomBytes(4_000);
  const v0 = store.put(base);
  assert.equal(v0, sha(base));
  const v1 = store.putAppended(v0, base.length, first, sha(base, first));
  const v2 = store.putAppended(v1, base.length + first.length, second, sha(base, first, second));
  assert.deepEqual(store.get(v1), Buffer.concat([base, first]));
  assert.deepEqual(store.get(v2), Buffer.concat([base, first, second]));
  assert.equal(sha(store.get(v2)), v2);
  assert.equal(store.lengthOf(v2), base.length + first.length + second.length);
  assert.ok(store.has(v1) && store.has(v2));
  assert.equal(store.lengthOf(sha(randomBytes(8))), null);
  const { count, bytes } = store.stats();
  assert.equal(count, 3);
  assert.ok(bytes < base.length + first.length + second.length + 300, `stored ${bytes} bytes`);
  // Storing the same full bytes again (e.g. re-importing the signed file) keeps one copy.
  assert.equal(store.put(Buffer.concat([base, first])), v1);
  assert.equal(store.stats().count, 3);
});

test('an appended version must build on the stored length of its base; nothing is written otherwise', () => {
  const root = mkdtempSync(join(tmpdir(), 'affix-blobs-'));
  const store = new BlobStore(root);
  const base = randomBytes(1000);
  const v0 = store.put(base);
  const extra = randomBytes(10);
  assert.throws(() => store.putAppended(v0, base.length - 1, extra, sha(base, extra)), /has 1000 bytes, not the 999/);
  assert.throws(() => store.putAppended(sha(extra), 5, extra, sha(base, extra)), /has no bytes/);
  const files = readdirSync(root).flatMap((d) => readdirSync(join(root, d)).filter((f) => statSync(join(root, d, f)).isFile()));
  assert.equal(files.length, 1);
});
