/**
 * The browser shell's loopback server: only the browser handed the one-time
 * launch link may load the app or call the router; pages carry the app's CSP;
 * calls from another origin, another host name or without the session cookie
 * are refused; and `affix ui --no-open` serves a real workspace until stopped.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { browserCandidates, findBrowser } from '../../../main/browser-shell/find-browser';
import { BRIDGE_PATH, RPC_HEADER, RPC_PATH } from '../../../main/browser-shell/protocol';
import { browserArgs } from '../../../main/browser-shell/run-shell';
import { startShellServer, type ShellServer } from '../../../main/browser-shell/server';
import { createAppRouter } from '../../../main/ipc/app-router';
import { openServices, type Services } from '../../../main/services/composition/container';
import { CONTENT_SECURITY_POLICY } from '../../../main/security/content-security-policy';
import { tempHome } from '../../support/cli';

describe('browser shell server', () => {
  const dist = mkdtempSync(join(tmpdir(), 'affix-shell-dist-'));
  const home = tempHome('affix-shell-');
  let services: Services;
  let server: ShellServer;
  let cookie = '';

  before(async () => {
    mkdirSync(join(dist, 'renderer', 'assets'), { recursive: true });
    mkdirSync(join(dist, 'browser-shell'));
    writeFileSync(join(dist, 'renderer', 'index.html'), '<!doctype html><html><head><title>Affix</title></head><body></body></html>');
    writeFileSync(join(dist, 'renderer', 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(dist, 'browser-shell', 'page-bridge.js'), '/* bridge */');
    writeFileSync(join(dist, 'secret.txt'), 'outside the renderer');
    services = openServices(home, { create: true });
    server = await startShellServer({
      rendererDir: join(dist, 'renderer'),
      bridgeFile: join(dist, 'browser-shell', 'page-bridge.js'),
      router: (origin) => createAppRouter(services, [origin]),
    });
  });
  after(async () => {
    await server.close();
    services.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const call = (method: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${server.origin}${RPC_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [RPC_HEADER]: '1', Origin: server.origin, cookie, ...headers },
      body: JSON.stringify({ method, input: {} }),
    });

  it('listens on 127.0.0.1 only, on a random port, with an unguessable launch link', () => {
    assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.launchUrl, /\/__affix\/launch\/[A-Za-z0-9_-]{43}$/);
  });

  it('refuses everything before the launch link is used', async () => {
    assert.equal((await fetch(`${server.origin}/index.html`)).status, 403);
    assert.equal((await call('workspace.status')).status, 403);
    assert.equal((await fetch(`${server.origin}/__affix/launch/guess`, { redirect: 'manual' })).status, 403);
  });

  it('trades the launch link, once, for an HttpOnly SameSite=Strict session cookie', async () => {
    const r = await fetch(server.launchUrl, { redirect: 'manual' });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/index.html');
    const set = r.headers.get('set-cookie') ?? '';
    assert.match(set, /HttpOnly/);
    assert.match(set, /SameSite=Strict/);
    cookie = set.split(';')[0];
    assert.equal((await fetch(server.launchUrl, { redirect: 'manual' })).status, 403, 'a second use is refused');
  });

  it('serves the app with the page bridge first and the app CSP, and nothing outside the renderer', async () => {
    const index = await fetch(`${server.origin}/`, { headers: { cookie } });
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
    // With nosniff, a page served under any other type is downloaded, not shown.
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await index.text(), new RegExp(`<script src="${BRIDGE_PATH}"></script>\\s*</head>`));
    const named = await fetch(`${server.origin}/index.html`, { headers: { cookie } });
    assert.equal(named.headers.get('content-type'), 'text/html; charset=utf-8');
    const bridge = await fetch(`${server.origin}${BRIDGE_PATH}`, { headers: { cookie } });
    assert.equal(bridge.status, 200);
    assert.equal(bridge.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const app = await fetch(`${server.origin}/assets/app.js`, { headers: { cookie } });
    assert.equal(app.status, 200);
    assert.equal(app.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal((await fetch(`${server.origin}/assets/..%2f..%2fsecret.txt`, { headers: { cookie } })).status, 404);
    assert.equal((await fetch(`${server.origin}/index.html`, { headers: { cookie: 'affix_session_1=nope' } })).status, 403);
  });

  it('runs router calls for the app origin and refuses other origins, hosts and plain requests', async () => {
    const ok = await call('workspace.status');
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as { ok: boolean; value: { home: string } };
    assert.equal(body.ok, true);
    assert.equal(body.value.home, home);

    const foreign = (await (await call('workspace.status', { Origin: 'http://127.0.0.1:1' })).json()) as { ok: boolean; error: { code: string } };
    assert.deepEqual([foreign.ok, foreign.error.code], [false, 'FORBIDDEN_SENDER']);
    const noOrigin = (await (await call('workspace.status', { Origin: '' })).json()) as { ok: boolean; error: { code: string } };
    assert.equal(noOrigin.ok, false);
    assert.equal((await call('workspace.status', { [RPC_HEADER]: '' })).status, 400, 'no custom header: no call');
    assert.equal((await call('workspace.status', { 'Content-Type': 'text/plain' })).status, 400, 'a form-like POST is not a call');
    // fetch() sets Host itself; node:http lets the test name another host (as a DNS-rebinding page would).
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${server.origin}${RPC_PATH}`,
        {
          method: 'POST',
          headers: {
            Host: `evil.example:${new URL(server.origin).port}`,
            cookie,
            Origin: server.origin,
            [RPC_HEADER]: '1',
            'Content-Type': 'application/json',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ method: 'workspace.status', input: {} }));
    });
    assert.equal(status, 421, 'another host name (DNS rebinding)');
  });
});

describe('finding a browser', () => {
  it('tries AFFIX_BROWSER first, then Chromium, Chrome and Edge on the PATH', () => {
    const c = browserCandidates({ AFFIX_BROWSER: '/opt/x/chrome', PATH: '/a:/b' }, 'linux');
    assert.equal(c[0], '/opt/x/chrome');
    assert.ok(c.indexOf('/a/chromium') < c.indexOf('/a/google-chrome'));
    assert.ok(c.includes('/b/microsoft-edge'));
    assert.equal(findBrowser({ AFFIX_BROWSER: '/nonexistent', PATH: '/nonexistent' }, 'linux'), undefined);
  });

  it('opens an app window on a private profile, sandboxed unless run as root', () => {
    const args = browserArgs('http://127.0.0.1:1/x', '/tmp/p', false);
    assert.ok(args.includes('--app=http://127.0.0.1:1/x'));
    assert.ok(args.includes('--user-data-dir=/tmp/p'));
    assert.ok(!args.includes('--no-sandbox'));
    assert.ok(browserArgs('u', 'p', true).includes('--no-sandbox'));
  });
});
