/**
 * The key sources the signing engine takes from this workspace
 * (`workspaceSigningKey`, behind `affix sign --key ID`): a seal used by an
 * authorised person, and a person's own certificate — signed with signPdf
 * and checked by pdfsig and openssl against the organisation's root.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openServices, type Services } from '../../../main/services/composition/container';
import { workspaceSigningKey } from '../../../main/services/domain/seals/seal-signing-key';
import { signPdf } from '../../../main/services/engines/pdf-signing/sign-pdf';
import { extractSignatures, opensslCmsVerify, pdfsig, tool } from '../../support/pdf-tools';
import { outputOf, pdfWithEmptySignatureField } from '../../support/signing-fixtures';
import { PASSPHRASE, PERSON_PIN, Workbench } from './fixtures';

describe('workspace identities and seals as signing keys', () => {
  const wb = new Workbench();
  let s: Services;
  let orgId: string;
  let personId: string;
  let sealId: string;
  let rootPem: string;

  before(async () => {
    await wb.init();
    orgId = (await wb.createOrg()).id;
    personId = (await wb.verifyPerson('孙签名', '360426199101010071')).id;
    await wb.json(['pki', 'issue', '--org', orgId, '--person', personId, '--pin-env', 'AFFIX_TEST_PIN']);
    sealId = (await wb.json<{ sealId: string }>(['seal', 'create', '--org', orgId, '--type', 'official', '--name', '测试公章', '--valid-until', '2099-01-01']))
      .sealId;
    await wb.json(['seal', 'authorize', sealId, '--person', personId], false);
    rootPem = (await wb.json<{ pem: string }>(['pki', 'show', (await wb.json<{ rootSerial: string }[]>(['org', 'list'], false))[0].rootSerial], false)).pem;
    s = openServices(wb.home);
  });
  after(() => {
    s?.close();
    wb.cleanup();
  });

  async function signAndCheck(keyId: string, asPersonId?: string): Promise<void> {
    const key = workspaceSigningKey(s, keyId, { asPersonId, passphrase: PASSPHRASE, pin: PERSON_PIN });
    assert.equal(key.certificates.length, 3, 'own certificate, issuing CA, root');
    const path = wb.file(`${keyId}.pdf`);
    writeFileSync(path, outputOf(await signPdf(pdfWithEmptySignatureField(), {}, key)));
    const check = await pdfsig(path);
    assert.ok(
      check.signatures.some((x) => x.valid && x.totalDocumentSigned),
      check.output,
    );
    const [sig] = extractSignatures(readFileSync(path));
    const cms = await opensslCmsVerify(sig, rootPem);
    assert.equal(cms.code, 0, cms.stderr);
  }

  it("the seal record is signed by the organisation's seal-making key (openssl dgst) and anchored under its hash", async () => {
    const { record, signature, makerCertSerial } = s.seals.signedRecord(sealId);
    writeFileSync(wb.file('seal-record.json'), record);
    writeFileSync(wb.file('seal-record.sig'), signature);
    await wb.json(['pki', 'show', makerCertSerial, '-o', wb.file('maker.pem')], false);
    const pub = await tool('openssl', ['x509', '-in', wb.file('maker.pem'), '-noout', '-pubkey']);
    writeFileSync(wb.file('maker-pub.pem'), pub.stdout);
    const v = await tool('openssl', [
      'dgst',
      '-sha256',
      '-verify',
      wb.file('maker-pub.pem'),
      '-signature',
      wb.file('seal-record.sig'),
      wb.file('seal-record.json'),
    ]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /Verified OK/);
    assert.equal(s.pki.certificate(makerCertSerial).purpose, 'seal-maker');
    const hash = createHash('sha256').update(record).digest('hex');
    assert.equal(hash, s.seals.get(sealId).recordSha256);
    assert.ok(s.ledger.findBySubject(hash).some((e) => e.entry.type === 'seal.created' && e.entry.actorKeyId === makerCertSerial));
  });

  it('signs with a seal for its authorised user and anchors each signature as seal.used', async () => {
    const before = s.ledger.entries(0, 100_000).filter((e) => e.entry.type === 'seal.used').length;
    await signAndCheck(sealId, personId);
    const used = s.ledger.entries(0, 100_000).filter((e) => e.entry.type === 'seal.used');
    assert.ok(used.length > before);
    assert.equal(used.at(-1)!.entry.refs?.personId, personId);
  });

  it('signs with a person identity certificate', () => signAndCheck(personId));

  it('refuses a seal without the person using it, and an unknown key id', () => {
    assert.throws(() => workspaceSigningKey(s, sealId, { passphrase: PASSPHRASE }), /--as PERSON_ID/);
    assert.throws(() => workspaceSigningKey(s, 'key-123', { passphrase: PASSPHRASE }), /neither a seal id/);
  });

  it('refuses a person whose certificate was revoked', () => {
    const [cert] = s.pki.certificatesOf(personId);
    s.pki.revoke(cert.serial, 'superseded');
    assert.throws(
      () => workspaceSigningKey(s, personId, { passphrase: PASSPHRASE }),
      (e: Error & { code?: string }) => e.code === 'REFUSED',
    );
  });

  it('refuses a seal whose certificate was revoked, anchoring the refusal', () => {
    const seal = s.seals.get(sealId);
    s.pki.revoke(seal.certSerial, 'keyCompromise');
    assert.throws(() => workspaceSigningKey(s, sealId, { asPersonId: personId, passphrase: PASSPHRASE }), /revoked/);
    const last = s.ledger.entries(0, 100_000).at(-1)!;
    assert.equal(last.entry.type, 'seal.refused');
  });
});
