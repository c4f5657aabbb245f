/**
 * Signing a large document from the window shows how far the main process has
 * read and hashed it, and can be stopped:
 * - "Sign now": the dialog shows the progress bar with bytes done of the
 *   document's size; "Stop signing" stops the pass; the dialog says nothing
 *   was signed and the workspace has no new version, ledger entry or seal use;
 *   signing again then succeeds and pdfsig accepts it;
 * - a signing-order step shows the same progress and completes.
 * The pass over a few megabytes takes milliseconds here, so each progress
 * report is delayed (as a slow disk would delay it) by wrapping the real
 * SigningService method; the job, its polling and cancelling are all real.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { Browser, Page } from 'playwright-core';
import type { SigningService } from '../../main/services/usecases/signing/signing-service';
import { contractPdf } from '../support/appearance-fixtures';
import { launchChromium, openApp, type OpenApp } from '../support/bridge';
import { pdfsig } from '../support/pdf-tools';
import { awaitSigned, checkDialog, selectLabels, importBehindWindow, openFromList, submitStep } from '../support/plan-ui';
import { chooseOption } from '../support/antd-select';

const KEY_PASS = 'key passphrase';
const PAD = 14 * 1024 * 1024; // four progress reports of 4 MB
const SLOW_MS = 500;

let browser: Browser;
let dir: string;
before(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'affix-signing-progress-'));
});
after(() => browser?.close());

/**
 * Every progress report of the pass waits SLOW_MS first, as if the document
 * came off a slow disk; after a report the pass also waits while the test
 * holds it (`hold()` returns the release), so a scan of the dialog is sure
 * to see the bar mid-way.
 */
function slowDown(signing: SigningService): { hold: () => () => void } {
  let held: Promise<void> = Promise.resolve();
  const signDocument = signing.signDocument.bind(signing);
  signing.signDocument = (documentId, options, source, hook) =>
    signDocument(documentId, options, source, {
      ...hook,
      progress: async (done, total) => {
        await new Promise((r) => setTimeout(r, SLOW_MS));
        await hook?.progress?.(done, total);
        await held;
      },
    });
  return {
    hold: () => {
      let release = (): void => undefined;
      held = new Promise((r) => (release = r));
      return () => release();
    },
  };
}

async function largeDocument(app: OpenApp, name: string): Promise<{ id: string; bytes: number }> {
  const doc = await PDFDocument.load(await contractPdf(), { updateMetadata: false });
  doc.setTitle(name);
  doc.context.register(doc.context.stream(randomBytes(PAD)));
  const bytes = await doc.save({ useObjectStreams: false });
  return { id: await importBehindWindow(app, dir, name, bytes), bytes: bytes.length };
}

/** Waits until the bar shows part, not all, of the document read; returns [done, total]. */
async function midway(page: Page): Promise<[number, number]> {
  const bar = page.getByTestId('signing-progress');
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="signing-progress"]');
    const done = Number(el?.getAttribute('data-done'));
    return done > 0 && done < Number(el?.getAttribute('data-total'));
  });
  return [Number(await bar.getAttribute('data-done')), Number(await bar.getAttribute('data-total'))];
}

test('"Sign now" on a large document shows progress and stops on request with nothing recorded; signing again succeeds', async () => {
  const app = await openApp({ browser, route: 'documents', language: 'en' });
  try {
    const { page, services, router } = app;
    const pass = slowDown(services.signing);
    const key = await router.invoke('keys.create', { label: 'Clerk key', passphrase: KEY_PASS }, { kind: 'cli' });
    assert.ok(key.ok);
    const doc = await largeDocument(app, 'large-contract');
    await openFromList(page, doc.id);
    const before = { versions: services.documents.versionDigests(doc.id), ledger: services.ledger.size() };

    await page.getByTestId('document-view-sign-now').click();
    await chooseOption(page.getByTestId('sign-form'), selectLabels.en.signer, /Clerk key/);
    await page.getByTestId('sign-passphrase').fill(KEY_PASS);
    const release = pass.hold();
    await page.getByTestId('sign-submit').click();
    const [done, total] = await midway(page);
    assert.equal(total, doc.bytes, 'the bar counts the bytes of the document being signed');
    assert.ok(done < total);
    assert.match(await page.getByTestId('signing-progress').innerText(), /Signing… .* of 14(\.\d)? MB read and hashed/);
    await checkDialog(page, 'signing-progress-en');
    release();

    await page.getByTestId('sign-cancel').click();
    await page.getByTestId('signing-stopped').waitFor();
    assert.match(await page.getByTestId('signing-stopped').innerText(), /nothing was signed, recorded or anchored/);
    assert.deepEqual(
      { versions: services.documents.versionDigests(doc.id), ledger: services.ledger.size() },
      before,
      'nothing was signed, recorded or anchored',
    );

    const releaseAgain = pass.hold();
    await page.getByTestId('sign-submit').click();
    await midway(page);
    releaseAgain();
    await page.getByTestId('sign-form').waitFor({ state: 'detached', timeout: 60_000 });
    const versions = services.documents.versionDigests(doc.id);
    assert.equal(versions.length, 2, 'signing again recorded one signed version');
    const out = join(dir, 'signed-now.pdf');
    writeFileSync(out, services.documents.bytesOf(versions[1]));
    const sig = await pdfsig(out);
    assert.deepEqual(
      sig.signatures.map((s) => s.valid),
      [true],
      sig.output,
    );
  } finally {
    await app.close();
  }
});

test('a signing-order step on a large document shows progress and completes', async () => {
  const app = await openApp({ browser, route: 'documents', language: 'zh-CN' });
  try {
    const { page, services, router } = app;
    const pass = slowDown(services.signing);
    const key = await router.invoke('keys.create', { label: '经办人密钥', passphrase: KEY_PASS }, { kind: 'cli' });
    assert.ok(key.ok);
    const doc = await largeDocument(app, 'large-order');
    const set = await router.invoke(
      'plans.set',
      {
        documentId: doc.id,
        steps: [
          {
            signer: { kind: 'key', keyId: (key.value as { id: string }).id },
            appearance: { kind: 'person' },
            box: { page: 1, rect: [72, 100, 120, 50] },
            label: '甲方',
          },
        ],
      },
      { kind: 'cli' },
    );
    assert.ok(set.ok);
    await openFromList(page, doc.id);
    const release = pass.hold();
    await submitStep(page, 1, KEY_PASS);
    const [, total] = await midway(page);
    assert.equal(total, doc.bytes);
    assert.match(await page.getByTestId('signing-progress').innerText(), /正在签署…已读取并计算摘要/);
    await checkDialog(page, 'signing-progress-zh-CN');
    release();
    await awaitSigned(page, 1, 60_000);
    assert.equal(services.plans.get(doc.id)?.next, null);
  } finally {
    await app.close();
  }
});
