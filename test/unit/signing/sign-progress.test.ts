/**
 * The progress hook of both engines (what a cancellable signing job is built
 * on): reports in bytes, in order, one at a time, ending at the total; a
 * throwing callback stops the signing, and signPdfFile then leaves neither
 * the output nor a temp file beside it.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signPdf, signPdfFile, type PassProgress } from '../../../main/services/engines/pdf-signing/sign-pdf';
import { handmadePdf } from '../../support/handmade-pdf';
import { pdfsig } from '../../support/pdf-tools';
import { outputOf, tempDir } from '../../support/signing-fixtures';
import { createTestSigner, type TestSigner } from '../../support/throwaway-signer';

/** Unreferenced stream data: several chunks for either pass (1 MiB in files, 4 MiB in memory). */
const PAD = 9 * 1024 * 1024 + 12345;

let tmp: ReturnType<typeof tempDir>;
let signer: TestSigner;
let input: string;
let inputBytes: Buffer;
before(async () => {
  tmp = tempDir('affix-sign-progress-');
  signer = await createTestSigner('ecdsa-p256-sha256');
  inputBytes = handmadePdf({ style: 'table', objects: { 6: `<< /Length ${PAD} >>\nstream\n${'x'.repeat(PAD)}\nendstream` } });
  input = join(tmp.dir, 'large.pdf');
  writeFileSync(input, inputBytes);
});
after(() => tmp.cleanup());

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Records each call; checks that no call starts before the previous one (awaited for `delay` ms) has ended. */
function recorder(delay = 0): { progress: PassProgress; calls: [number, number][] } {
  const calls: [number, number][] = [];
  let busy = false;
  return {
    calls,
    progress: async (done, total) => {
      assert.equal(busy, false, 'a progress call started before the previous one ended');
      busy = true;
      calls.push([done, total]);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      busy = false;
    },
  };
}

function assertMonotoneToTotal(calls: [number, number][], total: number, minCalls: number): void {
  assert.ok(calls.length >= minCalls, `only ${calls.length} progress calls`);
  for (const [, t] of calls) assert.equal(t, total, 'every call reports the total');
  const dones = calls.map(([d]) => d);
  for (let i = 1; i < dones.length; i++) assert.ok(dones[i] > dones[i - 1], `progress went from ${dones[i - 1]} to ${dones[i]}`);
  assert.ok(dones[0] > 0);
  assert.equal(dones[dones.length - 1], total, 'the last call reports the whole input');
}

/** A callback that throws on its `n`th call. */
function failingAt(n: number): { progress: PassProgress; calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    progress: async (done) => {
      calls.push(done);
      await new Promise((r) => setImmediate(r));
      if (calls.length === n) throw new Error('cancelled by the test');
    },
  };
}

describe('signPdfFile progress', () => {
  it('reports monotone progress one call at a time, ending at the input size, and signs', async () => {
    const dir = join(tmp.dir, 'ok');
    mkdirSync(dir);
    const output = join(dir, 'signed.pdf');
    const { progress, calls } = recorder(2);
    const r = await signPdfFile(input, output, {}, signer.signer, { progress });
    assertMonotoneToTotal(calls, inputBytes.length, 10);
    assert.equal(r.inputSha256, sha256(inputBytes));
    assert.equal(r.sha256, sha256(readFileSync(output)));
    assert.deepEqual(readdirSync(dir), ['signed.pdf']);
    const sig = await pdfsig(output);
    assert.equal(sig.signatures.length, 1, sig.output);
    assert.equal(sig.signatures[0].valid, true, sig.output);
  });

  for (const n of [1, 3]) {
    it(`a callback throwing on call ${n} stops the signing: no output, no temp file, input untouched`, async () => {
      const dir = join(tmp.dir, `cancel-${n}`);
      mkdirSync(dir);
      const output = join(dir, 'signed.pdf');
      const { progress, calls } = failingAt(n);
      await assert.rejects(signPdfFile(input, output, {}, signer.signer, { progress }), /cancelled by the test/);
      assert.equal(calls.length, n, 'no call after the one that threw');
      assert.equal(existsSync(output), false);
      assert.deepEqual(readdirSync(dir), [], 'a temp file was left behind');
      assert.equal(statSync(input).size, inputBytes.length);
      assert.equal(sha256(readFileSync(input)), sha256(inputBytes));
    });
  }

  it('a throwing beforeCommit after the whole pass also leaves nothing', async () => {
    const dir = join(tmp.dir, 'late');
    mkdirSync(dir);
    const output = join(dir, 'signed.pdf');
    const { progress, calls } = recorder();
    const beforeCommit = (): void => {
      throw new Error('refused by the test');
    };
    await assert.rejects(signPdfFile(input, output, {}, signer.signer, { progress, beforeCommit }), /refused by the test/);
    assertMonotoneToTotal(calls, inputBytes.length, 10);
    assert.deepEqual(readdirSync(dir), []);
  });
});

describe('signPdfFile on an input that changes during the pass', () => {
  const changes: [string, (path: string) => void][] = [
    // The tail was parsed before the pass reached it: its hashed bytes must match what was parsed.
    [
      'a parsed byte rewritten',
      (path) => {
        const fd = openSync(path, 'r+');
        writeSync(fd, Buffer.from('X'), 0, 1, inputBytes.length - 2);
        closeSync(fd);
      },
    ],
    ['the file cut short', (path) => truncateSync(path, Math.floor(inputBytes.length / 2))],
  ];
  for (const [label, change] of changes) {
    it(`refuses to sign when ${label}, leaving nothing`, async () => {
      const dir = join(tmp.dir, `changed-${label.replace(/\W+/g, '-')}`);
      mkdirSync(dir);
      const copy = join(dir, 'input.pdf');
      writeFileSync(copy, inputBytes);
      const out = join(dir, 'out');
      mkdirSync(out);
      let changed = false;
      const progress: PassProgress = () => {
        if (!changed) change(copy);
        changed = true;
      };
      await assert.rejects(signPdfFile(copy, join(out, 'signed.pdf'), {}, signer.signer, { progress }), (e: Error & { code?: string }) => {
        assert.equal(e.code, 'BAD_INPUT');
        assert.match(e.message, /changed while it was being signed; nothing was written/);
        return true;
      });
      assert.deepEqual(readdirSync(out), []);
    });
  }
});

describe('signPdf progress', () => {
  it('reports monotone progress one call at a time, ending at the input size, and signs', async () => {
    const { progress, calls } = recorder(2);
    const r = await signPdf(inputBytes, {}, signer.signer, progress);
    assertMonotoneToTotal(calls, inputBytes.length, 3);
    const output = join(tmp.dir, 'in-memory.pdf');
    writeFileSync(output, outputOf(r));
    assert.equal(r.sha256, sha256(outputOf(r)));
    const sig = await pdfsig(output);
    assert.equal(sig.signatures[0]?.valid, true, sig.output);
  });

  it('a throwing callback stops the signing: no result, no call after it', async () => {
    const { progress, calls } = failingAt(2);
    await assert.rejects(signPdf(inputBytes, {}, signer.signer, progress), /cancelled by the test/);
    assert.equal(calls.length, 2);
  });
});
