/**
 * Proof of existence and revocation in the shared verifier (ETSI EN 319
 * 102-1): a claimed signing time never rescues an expired certificate; a
 * checked signature timestamp (PAdES B-T) does; a token over something else
 * fails; a timestamp authority without the critical timeStamping EKU proves
 * nothing; a revoked certificate fails unless a timestamp proves the
 * signature predates the revocation. "Later" is a settable clock
 * (verifyPdf's `now`), never a wait.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { importPrivateKey } from '../../../main/services/domain/pki/key-pair';
import { signPdf } from '../../../main/services/engines/pdf-signing/sign-pdf';
import type { SigningKey } from '../../../main/services/domain/keys/signing-key';
import { requestTimestamp } from '../../../main/services/usecases/tsa/tsa-client';
import { startTsaServer, type TsaServer } from '../../../main/services/usecases/tsa/tsa-http';
import { createTimestampRequest, parseTimestampRequest } from '../../../main/services/usecases/tsa/timestamp-request';
import { issueToken, type TsaSigner } from '../../../main/services/usecases/tsa/timestamp-token';
import { VerificationService } from '../../../main/services/usecases/verification/verification-service';
import { verifyPdf } from '../../../shared/verify';
import { affix } from '../../support/cli';
import { handmadePdf } from '../../support/handmade-pdf';
import { extractSignatures, pdfsig } from '../../support/pdf-tools';
import { parseCms } from '../../../shared/verify/cms';
import { outputOf } from '../../support/signing-fixtures';
import { createTestSigner, type TestSigner } from '../../support/throwaway-signer';
import { PASSPHRASE, tsaBench, type TsaBench } from './fixtures';
import { contractSealKey } from '../../support/seal-fixtures';

const YEAR = 365 * 86400_000;

describe('proof of existence and revocation', () => {
  let b: TsaBench;
  let server: TsaServer;
  let signer: TestSigner;
  let anchors: Uint8Array[];
  const pdf = handmadePdf({ style: 'table' });

  before(async () => {
    b = await tsaBench();
    server = await startTsaServer(b.engine, { host: '127.0.0.1', port: 0 });
    signer = await createTestSigner();
    anchors = [Buffer.from(signer.rootPem), Buffer.from(b.tsa.chainPem[b.tsa.chainPem.length - 1])];
  });
  after(async () => {
    await server.close();
    b.close();
  });

  const tsa = (imprint: Uint8Array) => requestTimestamp(server.url, 'SHA-256', imprint);
  /** Two years on: the test signer's certificate (one year) has expired, the TSA's (five years) has not. */
  const later = () => new Date(Date.now() + 2 * YEAR);

  it('B-T: the signature timestamp is checked and becomes the time certificates are checked at; pdfsig accepts the file', async () => {
    const out = outputOf(await signPdf(pdf, { timestamp: tsa }, signer.signer));
    const report = await verifyPdf(out, { trustAnchors: anchors });
    const [s] = report.signatures;
    assert.equal(s.status.indication, 'TOTAL-PASSED', JSON.stringify(s.status));
    assert.equal(s.time?.checkedAtSource, 'timestamp');
    assert.ok(s.time?.timestamp);
    assert.ok(
      s.notes.some((n) => n.includes('Affix Test TSA') && n.includes('proves the signature existed')),
      s.notes.join('\n'),
    );
    const path = b.file('b-t.pdf');
    writeFileSync(path, out);
    const ps = await pdfsig(path);
    assert.equal(ps.signatures[0]?.valid, true, ps.output);
    // poppler 22 does not print timestamps; OpenSSL checks the embedded token against the signature value instead.
    const cms = parseCms(extractSignatures(out)[0].der);
    assert.ok(cms.timestampToken, 'id-aa-signatureTimeStampToken present');
    writeFileSync(b.file('sig-token.der'), cms.timestampToken);
    const digest = createHash('sha256').update(cms.signature).digest('hex');
    const verified = spawnSync('openssl', [
      'ts',
      '-verify',
      '-digest',
      digest,
      '-token_in',
      '-in',
      b.file('sig-token.der'),
      '-CAfile',
      b.rootPem,
      '-untrusted',
      b.untrustedPem,
    ]);
    assert.equal(verified.status, 0, verified.stderr.toString());
    assert.match(verified.stdout.toString(), /Verification: OK/);
  });

  it('an expired certificate with a back-dated claim and no timestamp → INDETERMINATE (OUT_OF_BOUNDS_NO_POE)', async () => {
    const out = outputOf(await signPdf(pdf, { signingTime: new Date(Date.now() - 86400_000 / 2), subFilter: 'adbe.pkcs7.detached' }, signer.signer));
    const now = await verifyPdf(out, { trustAnchors: anchors });
    assert.equal(now.signatures[0].status.indication, 'TOTAL-PASSED');
    const report = await verifyPdf(out, { trustAnchors: anchors, now: later() });
    const [s] = report.signatures;
    assert.deepEqual([s.status.indication, s.status.indication !== 'TOTAL-PASSED' && s.status.subIndication], ['INDETERMINATE', 'OUT_OF_BOUNDS_NO_POE']);
    assert.equal(s.time?.checkedAtSource, 'now');
    assert.ok(s.time?.claimed && s.time.signingTimeAttribute, 'the claims are still reported');
    assert.ok(
      s.notes.some((n) => n.includes("the signer's claim, proven by no timestamp")),
      s.notes.join('\n'),
    );
  });

  it('the same expired certificate with a timestamp from before its expiry → TOTAL-PASSED', async () => {
    const out = outputOf(await signPdf(pdf, { timestamp: tsa }, signer.signer));
    const report = await verifyPdf(out, { trustAnchors: anchors, now: later() });
    const [s] = report.signatures;
    assert.equal(s.status.indication, 'TOTAL-PASSED', JSON.stringify(s.status));
    assert.equal(s.time?.checkedAtSource, 'timestamp');
    assert.ok(new Date(s.time!.checkedAt) < new Date(s.signer!.notAfter));
  });

  it('a token whose imprint does not match the signature value → TOTAL-FAILED', async () => {
    const out = outputOf(await signPdf(pdf, { timestamp: () => tsa(randomBytes(32)) }, signer.signer));
    const [s] = (await verifyPdf(out, { trustAnchors: anchors })).signatures;
    assert.equal(s.status.indication, 'TOTAL-FAILED');
    assert.ok(s.status.indication === 'TOTAL-FAILED' && /does not cover this signature value/.test(s.status.reason), JSON.stringify(s.status));
  });

  it('a timestamp authority whose certificate lacks the timeStamping EKU is not trusted: no proof of existence', async () => {
    // Certified by the organisation's issuing CA (so it chains to a trusted root), but as an ordinary signer.
    const rogue = await rogueTsa(b);
    const token = async (imprint: Uint8Array) =>
      issueToken(rogue, parseTimestampRequest(createTimestampRequest('SHA-256', imprint).der), randomBytes(16), new Date()).token;
    const out = outputOf(await signPdf(pdf, { timestamp: token }, signer.signer));
    const [s] = (await verifyPdf(out, { trustAnchors: anchors })).signatures;
    assert.equal(s.status.indication, 'TOTAL-PASSED', 'the signature itself is fine now');
    assert.equal(s.time?.checkedAtSource, 'now');
    assert.ok(
      s.notes.some((n) => /is not a time-stamping authority: its certificate has no extendedKeyUsage/.test(n)),
      s.notes.join('\n'),
    );
    const [old] = (await verifyPdf(out, { trustAnchors: anchors, now: later() })).signatures;
    assert.equal(old.status.indication, 'INDETERMINATE', 'two years on, nothing proves it existed before expiry');
  });

  describe('revocation', () => {
    let sealSerial: string;
    let sealKey: SigningKey;
    let rootPem: string;
    before(async () => {
      const org = b.services.pki.listOrgs()[0];
      ({ certSerial: sealSerial, key: sealKey } = await contractSealKey(b.services, org.id, PASSPHRASE));
      rootPem = b.rootPem;
    });

    it('a revoked seal certificate → TOTAL-FAILED (REVOKED) in the workspace and with --crl; a timestamp from before the revocation keeps it valid', async () => {
      const plain = b.file('seal.pdf');
      writeFileSync(plain, outputOf(await signPdf(pdf, {}, sealKey)));
      const stamped = b.file('seal-bt.pdf');
      writeFileSync(stamped, outputOf(await signPdf(pdf, { timestamp: tsa }, sealKey)));
      const before = await b.services.verification.verifyFile(plain);
      assert.equal(before.document.indication, 'TOTAL-PASSED');
      assert.ok(
        before.signatures[0].notes.some((n) => n.includes('not revoked according to the verifying workspace')),
        before.signatures[0].notes.join('\n'),
      );

      // CRLs state revocation to the second: revoke in the next second, after the timestamp's genTime.
      await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
      b.services.pki.revoke(sealSerial, 'keyCompromise');
      const inWorkspace = await b.services.verification.verifyFile(plain);
      const [s] = inWorkspace.signatures;
      assert.deepEqual([s.status.indication, s.status.indication === 'TOTAL-FAILED' && s.status.subIndication], ['TOTAL-FAILED', 'REVOKED']);
      assert.match(s.status.indication === 'TOTAL-FAILED' ? s.status.reason : '', /revoked .*keyCompromise.*the verifying workspace revoked it/);

      const provenEarlier = await b.services.verification.verifyFile(stamped);
      assert.equal(provenEarlier.document.indication, 'TOTAL-PASSED', JSON.stringify(provenEarlier.signatures[0].status));
      assert.ok(
        provenEarlier.signatures[0].notes.some((n) => /was revoked .* after .* when a timestamp proves the signature existed/.test(n)),
        provenEarlier.signatures[0].notes.join('\n'),
      );

      // Elsewhere, with only the organisation's root and its CRL.
      const crl = await b.services.pki.issueCrl(b.services.pki.listOrgs()[0].id, PASSPHRASE);
      const crlPath = b.file('org.crl.pem');
      writeFileSync(crlPath, crl.pem);
      const outside = new VerificationService(() => []);
      const unknown = await outside.verifyFile(plain, [rootPem]);
      assert.equal(unknown.document.indication, 'TOTAL-PASSED');
      assert.ok(
        unknown.signatures[0].notes.some((n) => /revocation status unknown/.test(n)),
        unknown.signatures[0].notes.join('\n'),
      );
      const withCrl = await outside.verifyFile(plain, [rootPem], [crlPath]);
      assert.equal(withCrl.signatures[0].status.indication, 'TOTAL-FAILED');
      assert.equal(withCrl.signatures[0].status.indication === 'TOTAL-FAILED' && withCrl.signatures[0].status.subIndication, 'REVOKED');

      const cli = await affix(['verify', plain, '--trust', rootPem, '--crl', crlPath, '--home', b.file('no-workspace')]);
      assert.equal(cli.status, 1, cli.stdout + cli.stderr);
      assert.match(cli.stdout, /REVOKED/);
      const cliStamped = await affix([
        'verify',
        stamped,
        '--trust',
        rootPem,
        '--trust',
        b.file('root.pem'),
        '--crl',
        crlPath,
        '--home',
        b.file('no-workspace'),
      ]);
      assert.equal(cliStamped.status, 0, cliStamped.stdout + cliStamped.stderr);
    });
  });
});

/** A TSA signer whose certificate, issued by the organisation's issuing CA, has no extendedKeyUsage. */
async function rogueTsa(b: TsaBench): Promise<TsaSigner> {
  const org = b.services.pki.listOrgs()[0];
  const issuerDer = b.services.pki.certificateDer(org.issuingSerial);
  const issuer = new x509.X509Certificate(new Uint8Array(issuerDer));
  const issuerKey = await importPrivateKey(b.services.pki.privateKey(org.issuingSerial));
  const keys = (await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: '1a2b3c4d5e',
    subject: 'CN=Not A TSA, O=Affix Tests',
    issuer: issuer.subjectName,
    publicKey: keys.publicKey,
    signingKey: issuerKey,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 5 * YEAR),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
    extensions: [
      await x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
    ],
  });
  const key = createPrivateKey({ key: Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)), format: 'der', type: 'pkcs8' });
  return { key, certificates: [new Uint8Array(cert.rawData), new Uint8Array(issuerDer)], policy: b.tsa.policy, accuracyMs: 1000 };
}
