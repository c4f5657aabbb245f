/**
 * Trust anchors: the organisations' own roots are listed and cannot be
 * removed; CA certificates made by openssl import from PEM and DER with the
 * fingerprint openssl computes; leaf certificates, CAs that may not sign
 * certificates, private keys and junk are refused by name; an expired CA is
 * kept and flagged. Verification (the service and `affix verify` in the
 * workspace) trusts an imported anchor — a pyHanko-signed PDF goes from
 * INDETERMINATE to TOTAL-PASSED and back when it is removed.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createAppRouter } from '../../../main/ipc/app-router';
import type { Router, Sender } from '../../../main/ipc/router';
import { openServices, type Services } from '../../../main/services/composition/container';
import type { TrustAnchor } from '../../../shared/contract/settings';
import { affix } from '../../support/cli';
import { tool } from '../../support/pdf-tools';
import { corpusDir, corpusSkip } from '../../support/corpus';
import { tempDir } from '../../support/signing-fixtures';
import { Workbench } from '../identity/fixtures';

const app = { kind: 'frame', url: 'app://affix/index.html' } as const;
/** Files are named by path only from the CLI; the window drops them (importBytes) or is refused (issue 16). */
const CLI: Sender = { kind: 'cli' };
const SAMPLE_ROOT = join(corpusDir, 'signed-by-others', 'sample-root-ca.pem');
const SIGNED = join(corpusDir, 'signed-by-others', 'pyhanko-ecdsa-p256.pdf');

async function openssl(args: string[]): Promise<string> {
  const r = await tool('openssl', args);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

const selfSigned = (dir: string, name: string, ...ext: string[]) =>
  openssl([
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    join(dir, `${name}.key`),
    '-out',
    join(dir, `${name}.pem`),
    '-days',
    '365',
    '-subj',
    `/CN=${name}/O=Affix Trust Tests`,
    ...ext.flatMap((e) => ['-addext', e]),
  ]);

const fingerprint = async (pem: string) =>
  /=([0-9A-F:]+)/
    .exec(await openssl(['x509', '-in', pem, '-noout', '-fingerprint', '-sha256']))![1]
    .replace(/:/g, '')
    .toLowerCase();

describe('trust anchors', () => {
  const wb = new Workbench();
  const tmp = tempDir('affix-trust-');
  let s: Services;
  let router: Router;
  const call = async <T>(method: string, input: unknown, sender: Sender = app): Promise<T> => {
    const r = await router.invoke(method, input, sender);
    if (!r.ok) throw Object.assign(new Error(`${r.error.code}: ${r.error.message}`), { code: r.error.code });
    return r.value as T;
  };
  const refused = async (method: string, input: unknown, code: string, message: RegExp, sender: Sender = app) => {
    const r = await router.invoke(method, input, sender);
    assert.equal(r.ok ? 'ok' : r.error.code, code, JSON.stringify(input).slice(0, 200));
    assert.match(r.ok ? '' : r.error.message, message);
  };
  const file = (name: string) => join(tmp.dir, name);

  before(async () => {
    await wb.init();
    await wb.createOrg();
    await selfSigned(tmp.dir, 'Imported CA', 'basicConstraints=critical,CA:TRUE', 'keyUsage=critical,keyCertSign,cRLSign');
    await openssl(['x509', '-in', file('Imported CA.pem'), '-outform', 'DER', '-out', file('Imported CA.der')]);
    await selfSigned(tmp.dir, 'Leaf', 'basicConstraints=critical,CA:FALSE');
    await selfSigned(tmp.dir, 'No CertSign CA', 'basicConstraints=critical,CA:TRUE', 'keyUsage=critical,digitalSignature');
    s = openServices(wb.home);
    router = createAppRouter(s);
  });
  after(() => {
    s?.close();
    wb.cleanup();
    tmp.cleanup();
  });

  it("lists every organisation's root CA as an anchor that cannot be removed", async () => {
    const [org] = s.pki.listOrgs();
    const anchors = await call<TrustAnchor[]>('trust.list', {});
    assert.equal(anchors.length, 1);
    const [root] = anchors;
    assert.equal(root.source, 'organisation');
    assert.deepEqual(root.org, { id: org.id, legalName: org.legalName });
    assert.equal(root.validity, 'valid');
    assert.equal(root.selfSigned, true);
    assert.equal(root.sha256, s.pki.certificate(org.rootSerial).sha256);
    await refused('trust.remove', { sha256: root.sha256 }, 'REFUSED', /organisation's own root CA is always trusted/);
    // Importing it again is pointless and said so.
    writeFileSync(file('org-root.der'), s.pki.certificateDer(org.rootSerial));
    await refused('trust.importFile', { path: file('org-root.der') }, 'CONFLICT', /already trusted: it is the root CA of 北京测试科技有限公司/, CLI);
  });

  it('refuses what is not a CA certificate, naming why, and stores nothing', async () => {
    await refused('trust.importFile', { path: file('Leaf.pem') }, 'BAD_INPUT', /is not a CA certificate \(its basic constraints say cA=false\)/, CLI);
    await refused('trust.importFile', { path: file('No CertSign CA.pem') }, 'BAD_INPUT', /key usage does not allow signing certificates/, CLI);
    await refused('trust.importFile', { path: file('Leaf.key') }, 'BAD_INPUT', /holds no certificate \(it holds PRIVATE KEY\)/, CLI);
    writeFileSync(file('junk.der'), Buffer.from('this is not DER at all'));
    await refused('trust.importFile', { path: file('junk.der') }, 'BAD_INPUT', /junk\.der is not an X\.509 certificate/, CLI);
    writeFileSync(file('two.pem'), readFileSync(file('Imported CA.pem'), 'utf8') + readFileSync(file('No CertSign CA.pem'), 'utf8'));
    await refused('trust.importFile', { path: file('two.pem') }, 'BAD_INPUT', /holds 2 certificates; import them one at a time/, CLI);
    await refused('trust.importFile', { path: file('missing.pem') }, 'BAD_INPUT', /Cannot read the certificate file .*missing\.pem: .*ENOENT/, CLI);
    await refused('trust.importBytes', { name: 'x.pem', base64: 'not base64!' }, 'BAD_INPUT', /not valid base64/);
    assert.equal((await call<TrustAnchor[]>('trust.list', {})).filter((a) => a.source === 'imported').length, 0);
  });

  it('imports a CA from PEM (file) and DER (bytes) with the fingerprint openssl computes', async () => {
    await refused('trust.importFile', { path: file('Imported CA.pem') }, 'FORBIDDEN_SENDER', /the window cannot name files \(path\)/);
    const pem = await call<TrustAnchor>('trust.importFile', { path: file('Imported CA.pem') }, CLI);
    assert.equal(pem.sha256, await fingerprint(file('Imported CA.pem')));
    assert.equal(pem.source, 'imported');
    assert.match(pem.subject, /CN=Imported CA/);
    assert.equal(pem.validity, 'valid');
    assert.ok(pem.importedAt);
    // The same certificate as DER is the same anchor.
    const der = readFileSync(file('Imported CA.der')).toString('base64');
    await refused('trust.importBytes', { name: 'Imported CA.der', base64: der }, 'CONFLICT', /already a trust anchor/);
    await call('trust.remove', { sha256: pem.sha256 });
    const again = await call<TrustAnchor>('trust.importBytes', { name: 'Imported CA.der', base64: der });
    assert.equal(again.sha256, pem.sha256);
    await call('trust.remove', { sha256: pem.sha256 });
    await refused('trust.remove', { sha256: pem.sha256 }, 'NOT_FOUND', /No imported trust anchor/);
  });

  it('keeps an expired CA and flags it', async () => {
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name: 'CN=Expired CA, O=Affix Trust Tests',
      notBefore: new Date('2015-01-01T00:00:00Z'),
      notAfter: new Date('2020-01-01T00:00:00Z'),
      signingAlgorithm: alg,
      keys,
      extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
    });
    const expired = await call<TrustAnchor>('trust.importBytes', { name: 'expired.pem', base64: Buffer.from(cert.toString('pem')).toString('base64') });
    assert.equal(expired.validity, 'expired');
    assert.equal(expired.notAfter, '2020-01-01T00:00:00.000Z');
    await call('trust.remove', { sha256: expired.sha256 });
  });

  it('verification trusts an imported anchor: service and `affix verify` in the workspace', { skip: corpusSkip }, async () => {
    const indication = async () => (await s.verification.verifyFile(SIGNED)).document.indication;
    const cli = () => affix(['verify', SIGNED, '--home', wb.home]);
    assert.equal(await indication(), 'INDETERMINATE');
    assert.equal((await cli()).status, 3);

    const added = await affix(['trust', 'add', SAMPLE_ROOT, '--home', wb.home, '--json']);
    assert.equal(added.status, 0, added.stderr);
    const anchor = JSON.parse(added.stdout) as TrustAnchor;
    assert.equal(anchor.sha256, await fingerprint(SAMPLE_ROOT));
    assert.equal(await indication(), 'TOTAL-PASSED');
    const verified = await cli();
    assert.equal(verified.status, 0, verified.stdout + verified.stderr);

    const listed = await affix(['trust', 'list', '--home', wb.home]);
    assert.match(listed.stdout, new RegExp(`${anchor.sha256} {2}imported`));
    assert.match(listed.stdout, /organisation root \(北京测试科技有限公司\)/);

    assert.equal((await affix(['trust', 'remove', anchor.sha256, '--home', wb.home])).status, 0);
    assert.equal(await indication(), 'INDETERMINATE');
    assert.equal((await cli()).status, 3);
  });

  it('the CLI refuses bad input with exit 2 and a message', async () => {
    const leaf = await affix(['trust', 'add', file('Leaf.pem'), '--home', wb.home]);
    assert.equal(leaf.status, 2);
    assert.match(leaf.stderr, /not a CA certificate/);
    const bad = await affix(['trust', 'remove', 'abc', '--home', wb.home]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /sha256/);
    const none = await affix(['trust', 'add', '--home', wb.home]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /expects 1 argument/);
  });
});
