/**
 * PKCS#11 modules in Settings, against a real SoftHSM2 token initialised by
 * the fixture: the module registers only after it loads and lists slots; the
 * token's label, manufacturer, model, serial and flags match what
 * pkcs11-tool (OpenSC, independent of pkcs11js) reports; its certificate is
 * listed without a PIN and matches openssl's fingerprint; private keys only
 * appear with the right PIN. Files that are not PKCS#11 libraries are
 * refused by name, through the router and the CLI (exit 2).
 */
import assert from 'node:assert/strict';
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { APP_ORIGIN, createAppRouter } from '../../../main/ipc/app-router';
import { scriptedDialogs } from '../../support/bridge';
import type { Router, Sender } from '../../../main/ipc/router';
import { openServices, type Services } from '../../../main/services/composition/container';
import type { Pkcs11Module, Pkcs11Objects } from '../../../shared/contract/settings';
import { affix, tempHome } from '../../support/cli';
import { tool } from '../../support/pdf-tools';
import { tempDir } from '../../support/signing-fixtures';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm';

const app = { kind: 'frame', url: 'app://affix/index.html' } as const;
const CLI: Sender = { kind: 'cli' };
/** A real shared library that is not a PKCS#11 module. */
const LIBZ = '/usr/lib/x86_64-linux-gnu/libz.so.1';

describe('PKCS#11 modules and tokens', () => {
  let token: SoftHsmToken;
  let services: Services;
  let router: Router;
  const tmp = tempDir('affix-p11-');
  const call = async <T>(method: string, input: unknown): Promise<T> => {
    const r = await router.invoke(method, input, app);
    if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
    return r.value as T;
  };
  const refused = async (method: string, input: unknown, code: string, message: RegExp, sender: Sender = app) => {
    const r = await router.invoke(method, input, sender);
    assert.equal(r.ok ? 'ok' : r.error.code, code, JSON.stringify(input));
    assert.match(r.ok ? '' : r.error.message, message);
  };

  // The window registers a module by the handle of a file chosen in the main process's open dialog (issue 16).
  const dialogs = scriptedDialogs();
  const chosen = async (path: string): Promise<{ module: string }> => {
    dialogs.nextOpen([path]);
    const [file] = (await call<{ files: { handle: string }[] }>('files.open', { purpose: 'pkcs11-module' })).files;
    return { module: file.handle };
  };

  before(() => {
    token = createSoftHsmToken({ tokenLabel: 'Settings Token' });
    services = openServices(tempHome('affix-p11-'), { create: true });
    router = createAppRouter(services, [APP_ORIGIN], dialogs);
  });
  after(() => {
    services?.close();
    token?.cleanup();
    tmp.cleanup();
  });

  it('refuses files that are not PKCS#11 libraries, naming the problem, and registers nothing', async () => {
    await refused('pkcs11.add', await chosen(LIBZ), 'BAD_INPUT', /libz\.so\.1 is a shared library but not a PKCS#11 module \(it has no C_GetFunctionList\)/);
    await refused('pkcs11.add', { path: LIBZ }, 'FORBIDDEN_SENDER', /the window cannot name files \(path\)/);
    await refused('pkcs11.add', { path: '/etc/hostname' }, 'BAD_INPUT', /\/etc\/hostname is not a PKCS#11 module library \(not a shared library at all\)/, CLI);
    await refused('pkcs11.add', { path: '/no/such/libpkcs11.so' }, 'BAD_INPUT', /No file at \/no\/such\/libpkcs11\.so/, CLI);
    await refused('pkcs11.add', { path: '/usr/lib' }, 'BAD_INPUT', /\/usr\/lib is not a file/, CLI);
    await refused('pkcs11.add', { path: 'libsofthsm2.so' }, 'BAD_INPUT', /absolute path/, CLI);
    assert.deepEqual(await call('pkcs11.list', {}), []);
  });

  it('registers SoftHSM2 and lists its token exactly as pkcs11-tool sees it', async () => {
    const added = await call<Pkcs11Module>('pkcs11.add', await chosen(token.modulePath));
    assert.equal(added.error, null);
    assert.equal(added.library?.manufacturer, 'SoftHSM');
    assert.match(added.library?.cryptokiVersion ?? '', /^2\.\d+$/);

    const [listed] = await call<Pkcs11Module[]>('pkcs11.list', {});
    assert.equal(listed.path, token.modulePath);
    const t = listed.tokens.find((x) => x.label === 'Settings Token');
    assert.ok(t, JSON.stringify(listed.tokens));
    assert.equal(t.initialized, true);
    assert.equal(t.loginRequired, true);
    assert.equal(t.userPinInitialized, true);
    // SoftHSM always offers one more, uninitialised token.
    assert.ok(listed.tokens.some((x) => !x.initialized));

    const opensc = await tool('pkcs11-tool', ['--module', token.modulePath, '-L']);
    assert.equal(opensc.code, 0, opensc.stderr);
    const block = opensc.stdout.split(/\nSlot /).find((b) => /token label\s*: Settings Token/.test(b));
    assert.ok(block, opensc.stdout);
    const field = (name: string) => new RegExp(`${name}\\s*: (.*)`).exec(block)![1].trim();
    assert.equal(t.manufacturer, field('token manufacturer'));
    assert.equal(t.model, field('token model'));
    assert.equal(t.serial, field('serial num'));
    assert.match(field('token flags'), /login required/);
    assert.match(field('token flags'), /token initialized/);

    await refused('pkcs11.add', await chosen(token.modulePath), 'CONFLICT', /already registered/);
  });

  it("lists the token's certificates without a PIN, and its private keys only with the right PIN", async () => {
    const [m] = await call<Pkcs11Module[]>('pkcs11.list', {});
    const slotId = m.tokens.find((x) => x.label === 'Settings Token')!.slotId;

    const open = await call<Pkcs11Objects>('pkcs11.objects', { modulePath: token.modulePath, slotId });
    assert.equal(open.loggedIn, false);
    assert.equal(open.privateKeys, null);
    const cert = open.certificates.find((c) => c.label === token.keyLabel);
    assert.ok(cert, JSON.stringify(open.certificates));
    assert.equal(cert.id, 'a1');
    assert.equal(cert.subject, 'CN=Affix SoftHSM signer, O=Affix Tests');
    const pemFile = join(tmp.dir, 'token-cert.pem');
    writeFileSync(pemFile, token.certPem);
    const fp = await tool('openssl', ['x509', '-in', pemFile, '-noout', '-fingerprint', '-sha256']);
    assert.equal(cert.sha256, /=([0-9A-F:]+)/.exec(fp.stdout)![1].replace(/:/g, '').toLowerCase());

    const withPin = await call<Pkcs11Objects>('pkcs11.objects', { modulePath: token.modulePath, slotId, pin: token.pin });
    assert.equal(withPin.loggedIn, true);
    assert.deepEqual(
      withPin.privateKeys?.map((k) => [k.label, k.id, k.keyType]).sort(),
      [
        [token.keyLabel, 'a1', 'EC'],
        [token.mismatchedKeyLabel, 'b2', 'EC'],
      ].sort(),
    );

    await refused('pkcs11.objects', { modulePath: token.modulePath, slotId, pin: '999999' }, 'BAD_SECRET', /Wrong PIN for PKCS#11 token "Settings Token"/);
    await refused('pkcs11.objects', { modulePath: token.modulePath, slotId: 'ffff' }, 'NOT_FOUND', /No token in slot ffff/);
    // The window names only registered modules: anything else is refused before any library is loaded.
    await refused('pkcs11.objects', { modulePath: LIBZ, slotId }, 'FORBIDDEN_SENDER', /not a registered PKCS#11 module/);
    await refused('pkcs11.objects', { modulePath: LIBZ, slotId }, 'NOT_FOUND', /No PKCS#11 module .* is registered/, CLI);
  });

  it('a registered module that later cannot load says why in the list, and can be removed', async () => {
    const copy = join(tmp.dir, 'libsofthsm2-copy.so');
    copyFileSync(token.modulePath, copy);
    await call('pkcs11.add', await chosen(copy));
    rmSync(copy);
    const broken = (await call<Pkcs11Module[]>('pkcs11.list', {})).find((m) => m.path === copy)!;
    assert.equal(broken.library, null);
    assert.match(broken.error ?? '', /cannot open shared object file|No such file/);
    assert.deepEqual(await call('pkcs11.remove', { path: copy }), { path: copy });
    await refused('pkcs11.remove', { path: copy }, 'FORBIDDEN_SENDER', /not a registered PKCS#11 module/);
    await refused('pkcs11.remove', { path: copy }, 'NOT_FOUND', /No PKCS#11 module .* is registered/, CLI);
    assert.deepEqual(
      (await call<Pkcs11Module[]>('pkcs11.list', {})).map((m) => m.path),
      [token.modulePath],
    );
  });

  it('the same through the CLI: add, list, objects, remove; bad input exits 2 with a message', async () => {
    const home = tempHome('affix-p11-cli-');
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => affix([...args, '--home', home], env);
    assert.equal((await run(['init'])).status, 0);
    const bad = await run(['pkcs11', 'add', LIBZ]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /not a PKCS#11 module/);
    const add = await run(['pkcs11', 'add', token.modulePath]);
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /"Settings Token".*initialised, PIN required/);
    const list = await run(['pkcs11', 'list', '--json']);
    const slotId = (JSON.parse(list.stdout) as Pkcs11Module[])[0].tokens.find((x) => x.label === 'Settings Token')!.slotId;
    const objects = await run(['pkcs11', 'objects', token.modulePath, '--slot', slotId, '--pin-env', 'P11_PIN'], { P11_PIN: token.pin });
    assert.equal(objects.status, 0, objects.stderr);
    assert.match(objects.stdout, /\[a1\] signing-key {2}CN=Affix SoftHSM signer/);
    assert.match(objects.stdout, /Private keys: 2/);
    const noSlot = await run(['pkcs11', 'objects', token.modulePath]);
    assert.equal(noSlot.status, 2);
    assert.match(noSlot.stderr, /missing required option --slot/);
    const wrongPin = await run(['pkcs11', 'objects', token.modulePath, '--slot', slotId, '--pin-env', 'P11_PIN'], { P11_PIN: '0000' });
    assert.equal(wrongPin.status, 2);
    assert.match(wrongPin.stderr, /Wrong PIN/);
    assert.equal((await run(['pkcs11', 'remove', token.modulePath])).status, 0);
    assert.match((await run(['pkcs11', 'list'])).stdout, /No PKCS#11 modules/);
  });
});
