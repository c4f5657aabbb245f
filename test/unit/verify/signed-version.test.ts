/**
 * verification.signedVersion hands the window the bytes one signature
 * covers; a file that has shrunk since it was verified, or cannot be read,
 * is bad input naming the problem, never a short or partial version.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createAppRouter } from '../../../main/ipc/app-router';
import { openServices } from '../../../main/services/composition/container';
import { tempHome } from '../../support/cli';

/** Only the CLI names files; the window slices the bytes it already read (SignedVersionDialog). */
const app = { kind: 'cli' } as const;

test('the prefix a signature covers, and clear refusals for a shrunk or missing file', async () => {
  const services = openServices(tempHome(), { create: true });
  try {
    const router = createAppRouter(services);
    const file = join(mkdtempSync(join(tmpdir(), 'affix-signed-version-')), 'doc.pdf');
    const bytes = Buffer.from('%PDF-1.7\n' + 'x'.repeat(500) + '\n%%EOF\n' + 'later revision\n%%EOF\n', 'latin1');
    writeFileSync(file, bytes);
    const length = bytes.indexOf('%%EOF') + 6;
    const ok = await router.invoke('verification.signedVersion', { path: file, length }, app);
    assert.ok(ok.ok);
    const value = ok.value as { base64: string; sha256: string };
    const version = Buffer.from(value.base64, 'base64');
    assert.deepEqual(version, bytes.subarray(0, length));
    assert.equal(value.sha256, createHash('sha256').update(bytes.subarray(0, length)).digest('hex'));

    const shrunk = await router.invoke('verification.signedVersion', { path: file, length: bytes.length + 1 }, app);
    assert.ok(!shrunk.ok && shrunk.error.code === 'BAD_INPUT' && /fewer than the \d+ the signature covers/.test(shrunk.error.message));
    const missing = await router.invoke('verification.signedVersion', { path: file + '.gone', length }, app);
    assert.ok(!missing.ok && missing.error.code === 'BAD_INPUT' && /ENOENT/.test(missing.error.message));
    const fromWindow = await router.invoke('verification.signedVersion', { path: file, length }, { kind: 'frame', url: 'app://affix/index.html' });
    assert.ok(!fromWindow.ok && fromWindow.error.code === 'FORBIDDEN_SENDER', JSON.stringify(fromWindow));
    const malformed = await router.invoke('verification.signedVersion', { path: file, length: -3 }, app);
    assert.ok(!malformed.ok && malformed.error.code === 'BAD_INPUT');
  } finally {
    services.close();
  }
});
