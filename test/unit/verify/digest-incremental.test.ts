/**
 * The verifier's digests (shared/verify/digest.ts) are the same whether the
 * host supplies incremental hashing (Node, main/services/usecases/verification/
 * node-digest.ts) or WebCrypto's one-shot digest is used (browsers), for any
 * split of the bytes into parts, checked against node:crypto.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { digest, useIncrementalHash, type HashName } from '../../../shared/verify/digest';

const NODE: Record<HashName, string> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

async function check(): Promise<void> {
  for (const hash of Object.keys(NODE) as HashName[]) {
    for (let trial = 0; trial < 20; trial++) {
      const whole = randomBytes(Math.floor(Math.random() * 5000));
      const cuts = Array.from({ length: trial % 4 }, () => Math.floor(Math.random() * (whole.length + 1))).sort((a, b) => a - b);
      const parts = [0, ...cuts, whole.length].slice(1).map((end, i, ends) => whole.subarray(i === 0 ? 0 : ends[i - 1], end));
      const expected = createHash(NODE[hash]).update(whole).digest();
      assert.deepEqual(Buffer.from(await digest(hash, parts)), expected, `${hash}, ${parts.length} parts`);
    }
  }
}

test('one-shot (WebCrypto) and incremental (node:crypto) digests agree with node:crypto over random splits', async () => {
  useIncrementalHash(undefined);
  await check();
  await import('../../../main/services/usecases/verification/node-digest');
  let calls = 0;
  const real = (h: HashName) => {
    calls += 1;
    const x = createHash(NODE[h]);
    return { update: (p: Uint8Array) => void x.update(p), digest: () => new Uint8Array(x.digest()) };
  };
  useIncrementalHash(real);
  await check();
  assert.ok(calls > 0, 'the incremental path was taken');
  useIncrementalHash(undefined);
});
