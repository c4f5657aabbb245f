import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAppRouter } from '../../../main/ipc/app-router';
import { isTrustedSender } from '../../../main/ipc/router';
import { openServices } from '../../../main/services/composition/container';
import { tempHome } from '../../support/cli';

const withRouter = async (fn: (r: ReturnType<typeof createAppRouter>) => Promise<void>) => {
  const services = openServices(tempHome(), { create: true });
  try {
    await fn(createAppRouter(services));
  } finally {
    services.close();
  }
};

test('trusted sender check compares the exact origin', () => {
  const trusted = ['app://affix'];
  assert.equal(isTrustedSender({ kind: 'frame', url: 'app://affix/index.html' }, trusted), true);
  assert.equal(isTrustedSender({ kind: 'frame', url: 'app://affix.evil/index.html' }, trusted), false);
  assert.equal(isTrustedSender({ kind: 'frame', url: 'https://affix/index.html' }, trusted), false);
  assert.equal(isTrustedSender({ kind: 'frame', url: 'file:///tmp/index.html' }, trusted), false);
  assert.equal(isTrustedSender({ kind: 'frame', url: '' }, trusted), false);
  assert.equal(isTrustedSender({ kind: 'cli' }, trusted), true);
});

test('a foreign frame is refused before its input is even parsed', () =>
  withRouter(async (router) => {
    const r = await router.invoke('settings.setLanguage', { language: 'klingon' }, { kind: 'frame', url: 'https://evil.example/' });
    assert.deepEqual(r.ok ? null : r.error.code, 'FORBIDDEN_SENDER');
  }));

test('unknown methods, prototype keys and bad input get distinct codes', () =>
  withRouter(async (router) => {
    const app = { kind: 'frame', url: 'app://affix/index.html' } as const;
    for (const m of ['nope.nothing', 'workspace.constructor', 'workspace.__proto__', 'toString']) {
      const r = await router.invoke(m, {}, app);
      assert.equal(r.ok ? null : r.error.code, 'UNKNOWN_METHOD', m);
    }
    const bad = await router.invoke('settings.setLanguage', { language: 'klingon' }, app);
    assert.equal(bad.ok ? null : bad.error.code, 'BAD_INPUT');
    assert.match(bad.ok ? '' : bad.error.message, /settings\.setLanguage.*language/);
  }));

test('service errors keep their code; success returns the parsed value', () =>
  withRouter(async (router) => {
    const app = { kind: 'frame', url: 'app://affix/' } as const;
    const missing = await router.invoke('documents.get', { id: 'no-such-id' }, app);
    assert.equal(missing.ok ? null : missing.error.code, 'NOT_FOUND');
    const set = await router.invoke('settings.setLanguage', { language: 'zh-CN' }, app);
    assert.deepEqual(set, { ok: true, value: { language: 'zh-CN' } });
    const got = await router.invoke('settings.get', {}, app);
    assert.deepEqual(got, { ok: true, value: { language: 'zh-CN' } });
  }));
