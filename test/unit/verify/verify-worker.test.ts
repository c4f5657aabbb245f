/**
 * Verification off the main event loop (issues 16 and 20): through the
 * router with offThreadVerification, a long PDF verification runs in a
 * worker while IPC calls keep being answered and a heartbeat keeps ticking.
 * The assertions are on ordering and on the heartbeat's largest gap relative
 * to the verification's own length, not on wall-clock goals.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createAppRouter } from '../../../main/ipc/app-router';
import { openServices } from '../../../main/services/composition/container';
import { signPdfFile } from '../../../main/services/engines/pdf-signing/sign-pdf';
import { offThreadVerification } from '../../../main/services/composition/off-thread-verification';
import { VerifyWorker } from '../../../main/services/usecases/verification/verify-worker';
import { benchPdf } from '../../../bench/benches/signing';
import { repoRoot } from '../../support/repo';
import { createTestSigner } from '../../support/throwaway-signer';

/** Through the router as the CLI, the one caller that may name files by path (issue 16). */
const sender = { kind: 'cli' } as const;

/** The worker bundled as the app bundles it (build.mjs), into a temporary folder. */
let built: Promise<string> | undefined;
function workerScript(): Promise<string> {
  built ??= (async () => {
    const { buildVerifyWorker } = (await import(pathToFileURL(join(repoRoot, 'build', 'scripts', 'build.mjs')).href)) as {
      buildVerifyWorker(out: string): Promise<void>;
    };
    const out = join(mkdtempSync(join(tmpdir(), 'affix-worker-build-')), 'verify-worker.cjs');
    await buildVerifyWorker(out);
    return out;
  })();
  return built;
}

test('a long verification runs in the worker: IPC calls are answered and the loop keeps ticking meanwhile', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'affix-verify-worker-'));
  const signer = await createTestSigner('ecdsa-p256-sha256');
  const pdf = join(dir, 'signed.pdf');
  await signPdfFile(benchPdf(30), pdf, {}, signer.signer);
  const root = join(dir, 'root.pem');
  writeFileSync(root, signer.rootPem);

  const services = offThreadVerification(openServices(join(dir, 'home'), { create: true }), new VerifyWorker(await workerScript()));
  const router = createAppRouter(services);
  try {
    const first = await router.invoke('verification.verifyFile', { path: pdf, trust: [root] }, sender);
    assert.equal(first.ok, true, JSON.stringify(first));
    assert.equal((first as { value: { document: { indication: string } } }).value.document.indication, 'TOTAL-PASSED');

    let last = performance.now();
    let maxGap = 0;
    let beats = 0;
    const heartbeat = setInterval(() => {
      const now = performance.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
      beats += 1;
    }, 2);
    const order: string[] = [];
    const started = performance.now();
    let done = false;
    const long = router.invoke('verification.verifyFile', { path: pdf, trust: [root] }, sender).then((r) => {
      done = true;
      order.push('verify');
      return r;
    });
    let answered = 0;
    while (!done) {
      const r = await router.invoke('workspace.status', {}, sender);
      assert.equal(r.ok, true);
      if (!done) {
        answered += 1;
        if (answered === 1) order.push('status');
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const result = await long;
    const took = performance.now() - started;
    clearInterval(heartbeat);
    assert.equal(result.ok, true);
    t.diagnostic(`verification ${took.toFixed(0)} ms; ${answered} status calls answered meanwhile; ${beats} heartbeats, largest gap ${maxGap.toFixed(1)} ms`);
    assert.deepEqual(order, ['status', 'verify'], 'a call made after the verification started was answered before it ended');
    assert.ok(answered >= 3, `only ${answered} status calls were answered during the verification`);
    assert.ok(beats >= 3, `the heartbeat ticked ${beats} times during the verification`);
    assert.ok(maxGap < took / 2, `the event loop stalled ${maxGap.toFixed(1)} ms of a ${took.toFixed(0)} ms verification`);
  } finally {
    services.close();
  }
});

test("the worker's refusals come back as the router's error envelopes", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'affix-verify-worker-'));
  const notPdf = join(dir, 'not.pdf');
  writeFileSync(notPdf, 'this is not a PDF');
  const services = offThreadVerification(openServices(join(dir, 'home'), { create: true }), new VerifyWorker(await workerScript()));
  const router = createAppRouter(services);
  try {
    const pdf = await router.invoke('verification.verifyFile', { path: notPdf, trust: [] }, sender);
    assert.equal(pdf.ok, false);
    assert.equal((pdf as { error: { code: string } }).error.code, 'BAD_INPUT');
    const missing = await router.invoke('verification.verifyFile', { path: join(dir, 'missing.pdf'), trust: [] }, sender);
    assert.equal(missing.ok, false);
    assert.match((missing as { error: { message: string } }).error.message, /ENOENT/);
    const pkg = await router.invoke('proof.verify', { path: notPdf }, sender);
    assert.equal(pkg.ok, false);
    assert.equal((pkg as { error: { code: string } }).error.code, 'BAD_INPUT');
  } finally {
    services.close();
  }
});
