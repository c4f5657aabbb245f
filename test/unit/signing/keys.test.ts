/**
 * Key sources: PKCS#12 files as OpenSSL 3 writes them (PBES2/AES, SHA-256
 * MAC) and with -legacy (SHA-1 PBE: 3DES key, RC2-40 certificates), RSA and
 * EC; workspace software keys sealed with a passphrase; PKCS#11 via SoftHSM2.
 * Every signer's output is checked with node:crypto against its certificate.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { X509Certificate, createHash, createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openServices } from '../../../main/services/composition/container';
import { orderChain } from '../../../main/services/domain/keys/node-key-signer';
import { rawEcdsaToDer } from '../../../main/services/domain/keys/pkcs11-signer';
import { pkcs12Signer, readPkcs12 } from '../../../main/services/domain/keys/pkcs12';
import type { Signer } from '../../../main/services/domain/keys/signer';
import { opensslP12 } from '../../support/key-fixtures';
import { tempDir } from '../../support/signing-fixtures';
import { tempHome } from '../../support/cli';

let tmp: ReturnType<typeof tempDir>;
before(() => {
  tmp = tempDir('affix-keys-');
});
after(() => tmp.cleanup());

/** The signer's output verifies with its own certificate's public key. */
async function assertSigns(signer: Signer): Promise<void> {
  const data = Buffer.from('signed attributes stand-in');
  const sig = await signer.sign(data);
  const cert = new X509Certificate(signer.certificates[0]);
  assert.equal(verify('sha256', data, { key: cert.publicKey, dsaEncoding: 'der' }, sig), true, `${signer.algorithm} signature verifies`);
}

describe('PKCS#12 import', () => {
  for (const key of ['rsa', 'ec'] as const) {
    for (const legacy of [false, true]) {
      it(`reads an OpenSSL ${legacy ? '-legacy (3DES + RC2)' : 'default (PBES2/AES-256)'} ${key.toUpperCase()} file and signs with it`, async () => {
        const files = opensslP12(tmp.dir, { name: `${key}-${legacy ? 'legacy' : 'modern'}`, key, legacy });
        const signer = pkcs12Signer(files.path, files.password);
        assert.equal(signer.algorithm, key === 'rsa' ? 'rsa-pkcs1-sha256' : 'ecdsa-p256-sha256');
        assert.equal(new X509Certificate(signer.certificates[0]).toString(), new X509Certificate(files.certPem).toString());
        await assertSigns(signer);
        signer.close();
        assert.throws(
          () => pkcs12Signer(files.path, 'not the password'),
          (e: Error & { code?: string }) => e.code === 'BAD_SECRET' && /Wrong PKCS#12 password/.test(e.message),
        );
      });
    }
  }

  it('puts the signer certificate first and its issuer after it', () => {
    const dir = tmp.dir;
    const run = (args: string[]): void => void execFileSync('openssl', args, { stdio: 'pipe' });
    run([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'ca.key'),
      '-out',
      join(dir, 'ca.crt'),
      '-subj',
      '/CN=Chain CA',
      '-days',
      '30',
    ]);
    run([
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      join(dir, 'leaf.key'),
      '-out',
      join(dir, 'leaf.csr'),
      '-subj',
      '/CN=Chain Leaf',
    ]);
    run([
      'x509',
      '-req',
      '-in',
      join(dir, 'leaf.csr'),
      '-CA',
      join(dir, 'ca.crt'),
      '-CAkey',
      join(dir, 'ca.key'),
      '-out',
      join(dir, 'leaf.crt'),
      '-days',
      '30',
    ]);
    run([
      'pkcs12',
      '-export',
      '-inkey',
      join(dir, 'leaf.key'),
      '-in',
      join(dir, 'leaf.crt'),
      '-certfile',
      join(dir, 'ca.crt'),
      '-out',
      join(dir, 'chain.p12'),
      '-passout',
      'pass:pw',
    ]);
    const signer = pkcs12Signer(join(dir, 'chain.p12'), 'pw');
    assert.deepEqual(
      signer.certificates.map((c) => new X509Certificate(c).subject),
      ['CN=Chain Leaf', 'CN=Chain CA'],
    );
    // Whatever order a file lists them in, the leaf is found by its key and the issuer follows it.
    const der = (f: string): Uint8Array => new Uint8Array(new X509Certificate(readFileSync(join(dir, f))).raw);
    const leafKey = createPublicKey(createPrivateKey(readFileSync(join(dir, 'leaf.key'))));
    assert.deepEqual(
      orderChain(leafKey, [der('ca.crt'), der('leaf.crt')], 'test').map((c) => new X509Certificate(c).subject),
      ['CN=Chain Leaf', 'CN=Chain CA'],
    );
  });

  it('names a damaged file as such', () => {
    const path = join(tmp.dir, 'damaged.p12');
    writeFileSync(path, readFileSync(opensslP12(tmp.dir, { name: 'damage' }).path).subarray(0, 200));
    assert.throws(
      () => pkcs12Signer(path, 'p12-secret'),
      (e: Error & { code?: string }) => e.code === 'BAD_INPUT' && /not a readable PKCS#12 file/.test(e.message),
    );
    assert.throws(() => readPkcs12(Buffer.from('not der'), 'x'), /not a readable PKCS#12 file/);
  });
});

describe('workspace keys', () => {
  it('creates a P-256 key with a self-signed certificate, sealed at rest, and signs after unlocking', async () => {
    const s = openServices(tempHome(), { create: true });
    try {
      const key = await s.keys.create('Seal Keeper', 'a long passphrase');
      const record = readFileSync(join(s.workspace.home, 'keys', `${key.id}.json`), 'utf8');
      const sealed = Buffer.from(JSON.parse(record).sealedKey, 'base64');
      assert.equal(sealed.subarray(0, 4).toString('latin1'), 'AFXB', 'scrypt + AES-GCM box');
      const cert = new X509Certificate(key.certificatePem);
      assert.equal(cert.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
      assert.equal(cert.verify(cert.publicKey), true, 'self-signed');
      assert.equal(key.certificateSha256, createHash('sha256').update(cert.raw).digest('hex'));
      const signer = s.keys.open({ kind: 'workspace', id: key.id, passphrase: 'a long passphrase' });
      await assertSigns(signer);
      signer.close();
      await assert.rejects(signer.sign(Buffer.from('abc')), /closed/);
      assert.throws(
        () => s.keys.open({ kind: 'workspace', id: key.id, passphrase: 'wrong passphrase' }),
        (e: Error & { code?: string }) => e.code === 'BAD_SECRET',
      );
      await assert.rejects(s.keys.create('Seal Keeper', 'a long passphrase'), /already exists/);
    } finally {
      s.close();
    }
  });
});

describe('PKCS#11 helpers', () => {
  it('turns a raw r‖s ECDSA signature into DER, with sign padding and leading zeros removed', () => {
    const r = Buffer.alloc(32, 0);
    r[1] = 0x7f;
    const s = Buffer.alloc(32, 0xff);
    const der = Buffer.from(rawEcdsaToDer(Buffer.concat([r, s])));
    assert.equal(der.toString('hex'), `3044021f7f${'00'.repeat(30)}022100${'ff'.repeat(32)}`);
  });
});
