/**
 * The sender check seen from a real browser: a page that is not the app's
 * origin gets the very same `window.affix` (same binding, same router) and
 * must be refused with FORBIDDEN_SENDER for every method, without any
 * service running. The app's own origin gets exactly the contract's methods.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { methodIds } from '../../shared/contract';
import { launchChromium, openApp } from '../support/bridge';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

type Outcome = { method: string; code: string | null; message: string };

/** Calls every method of window.affix from inside the page. */
const callEverything = (ids: readonly string[]) =>
  Promise.all(
    ids.map(async (id) => {
      const [service, name] = id.split('.');
      const api = (
        window as unknown as { affix: Record<string, Record<string, (i: unknown) => Promise<{ ok: boolean; error?: { code: string; message: string } }>>> }
      ).affix;
      const r = await api[service][name]({});
      return { method: id, code: r.ok ? null : r.error!.code, message: r.ok ? '' : r.error!.message };
    }),
  );

test('a page at http://evil.test/ is refused FORBIDDEN_SENDER for every method', async () => {
  const app = await openApp({ browser, origin: 'http://evil.test', language: 'en' });
  try {
    const { page, services } = app;
    // The app itself, loaded from the wrong origin, cannot even read its settings and says so.
    await page.getByTestId('error-alert').waitFor();
    assert.equal(await page.getByTestId('error-code').first().textContent(), 'FORBIDDEN_SENDER');
    assert.match((await page.getByTestId('error-message').first().textContent()) ?? '', /evil\.test.*not the Affix app/);

    const outcomes: Outcome[] = await page.evaluate(callEverything, [...methodIds]);
    assert.equal(outcomes.length, methodIds.length);
    for (const o of outcomes) {
      assert.equal(o.code, 'FORBIDDEN_SENDER', `${o.method}: ${o.code} ${o.message}`);
      assert.match(o.message, new RegExp(`Refused ${o.method.replace('.', '\\.')}: caller http://evil\\.test/`));
    }

    // Valid input does not help, and the raw binding is checked the same way.
    const direct = await page.evaluate(async () => {
      const invoke = (window as unknown as { __affixInvoke: (m: string, i: unknown) => Promise<{ ok: boolean; error?: { code: string } }> }).__affixInvoke;
      return [
        await invoke('settings.setLanguage', { language: 'zh-CN' }),
        await invoke('documents.import', { path: '/etc/passwd' }),
        await invoke('no.suchMethod', {}),
      ];
    });
    assert.deepEqual(
      direct.map((r) => (r.ok ? 'ok' : r.error!.code)),
      ['FORBIDDEN_SENDER', 'FORBIDDEN_SENDER', 'FORBIDDEN_SENDER'],
    );
    assert.equal(services.settings.language(), 'en', 'a refused call changed the workspace');
    assert.equal(services.documents.list().length, 0);
  } finally {
    await app.close();
  }
});

test('the app origin gets exactly the contract methods, read-only, and they work', async () => {
  const app = await openApp({ browser, language: 'en' });
  try {
    const { page } = app;
    await page.getByTestId('status-view').waitFor();
    const surface = await page.evaluate(() => {
      const api = (window as unknown as { affix: Record<string, Record<string, unknown>> }).affix;
      const ids = Object.entries(api).flatMap(([s, methods]) => Object.keys(methods).map((m) => `${s}.${m}`));
      const before = api;
      try {
        (window as unknown as { affix: unknown }).affix = {};
      } catch {
        // Strict-mode pages throw; either way the property must not change.
      }
      return { ids, replaced: (window as unknown as { affix: unknown }).affix !== before, frozen: Object.isFrozen(api) };
    });
    assert.deepEqual(surface.ids, [...methodIds]);
    assert.equal(surface.replaced, false);
    assert.equal(surface.frozen, true);

    const outcomes: Outcome[] = await page.evaluate(callEverything, [...methodIds]);
    for (const o of outcomes) assert.notEqual(o.code, 'FORBIDDEN_SENDER', `${o.method} refused on the app origin`);
    const status = await page.evaluate(() =>
      (
        window as unknown as { affix: { workspace: { status: (i: object) => Promise<{ ok: boolean; value: { workspaceId: string } }> } } }
      ).affix.workspace.status({}),
    );
    assert.equal(status.ok, true);
    assert.equal(status.value.workspaceId, app.services.workspace.meta('workspace_id'));
    assert.deepEqual(app.problems(), []);
  } finally {
    await app.close();
  }
});
