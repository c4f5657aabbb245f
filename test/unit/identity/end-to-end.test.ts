/**
 * The whole chain through the CLI: organisation → verified person →
 * certificate → contract seal → sealed PDF (pdfsig, openssl cms) →
 * revocation → CRL (openssl crl) → `openssl verify -crl_check` rejects —
 * with every step found in the ledger and `affix ledger verify` passing.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import * as x509 from '@peculiar/x509';
import { readIdentityBinding } from '../../../main/services/domain/pki/profiles';
import { OID_KP_DOCUMENT_SIGNING } from '../../../shared/identity/oids';
import { extractSignatures, opensslCmsVerify, pdfsig, tool } from '../../support/pdf-tools';
import { pdfWithEmptySignatureField } from '../../support/signing-fixtures';
import { openServices } from '../../../main/services/composition/container';
import { openWithPassphrase } from '../../../main/services/core/secrets/passphrase-box';
import { affix } from '../../support/cli';
import { PASSPHRASE, Workbench } from './fixtures';

/** pdf-tools decodes tool output as latin1; the names here are UTF-8. */
const utf8 = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');

describe('organisation → person → certificate → seal → signed PDF → revocation', () => {
  const wb = new Workbench();
  let org: { id: string; rootSerial: string; issuingSerial: string };
  let person: Awaited<ReturnType<Workbench['verifyPerson']>>;
  let cert: { serial: string; sha256: string };
  let seal: { sealId: string; certSerial: string; recordSha256: string; certSha256: string };
  let sealed: string;
  const f = (n: string) => wb.file(n);

  before(async () => {
    await wb.init();
    org = await wb.createOrg();
    person = await wb.verifyPerson('李四', '360426199101010071');
  });
  after(() => wb.cleanup());

  it('verifies the person at IAL2 with keyed commitments', () => {
    assert.equal(person.verification.ial, 'IAL2');
    assert.deepEqual(Object.keys(person.verification.commitments).sort(), ['birthDate', 'consent', 'idNumber', 'name', 'operator', 'photo1']);
  });

  it('issues a person certificate that openssl verify accepts with the org chain', async () => {
    cert = await wb.json([
      'pki',
      'issue',
      '--org',
      org.id,
      '--person',
      person.id,
      '--days',
      '365',
      '--pin-env',
      'AFFIX_TEST_PIN',
      '-o',
      f('person.pem'),
      '--chain-out',
      f('chain.pem'),
    ]);
    const root = await wb.json<{ pem: string }>(['pki', 'show', org.rootSerial, '-o', f('root.pem')], false);
    await wb.json(['pki', 'show', org.issuingSerial, '-o', f('issuing.pem')], false);
    assert.match(root.pem, /^-----BEGIN CERTIFICATE-----/);
    const v = await tool('openssl', ['verify', '-CAfile', f('root.pem'), '-untrusted', f('issuing.pem'), f('person.pem')]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /person\.pem: OK/);

    const leaf = new x509.X509Certificate(readFileSync(f('person.pem'), 'utf8'));
    const ku = leaf.getExtension(x509.KeyUsagesExtension)!;
    assert.equal(ku.usages, x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation);
    assert.ok(ku.critical);
    assert.deepEqual([...leaf.getExtension(x509.ExtendedKeyUsageExtension)!.usages], [OID_KP_DOCUMENT_SIGNING]);
    assert.deepEqual(readIdentityBinding(leaf), { recordSha256: person.verification.recordSha256, ial: 'IAL2' });
    const text = await tool('openssl', ['x509', '-in', f('person.pem'), '-noout', '-text', '-nameopt', 'utf8']);
    assert.match(utf8(text.stdout), /CN ?= ?李四/);
    assert.match(text.stdout, new RegExp(`Explicit Text: Affix identity verification record sha256:${person.verification.recordSha256} IAL2`));
  });

  it("exports the root CA key sealed with the passphrase; opened, it is the root certificate's key", async () => {
    await wb.json(['org', 'export-root-key', org.id, '-o', f('root-key.afxb')]);
    const sealedKey = readFileSync(f('root-key.afxb'));
    assert.equal(sealedKey.subarray(0, 4).toString('latin1'), 'AFXB');
    writeFileSync(f('root-key.der'), openWithPassphrase(sealedKey, PASSPHRASE));
    const fromKey = await tool('openssl', ['pkey', '-inform', 'DER', '-in', f('root-key.der'), '-pubout']);
    const fromCert = await tool('openssl', ['x509', '-in', f('root.pem'), '-noout', '-pubkey']);
    assert.equal(fromKey.code, 0, fromKey.stderr);
    assert.equal(fromKey.stdout, fromCert.stdout);
    assert.throws(() => openWithPassphrase(sealedKey, 'wrong'), /Wrong passphrase/);
    const wrong = await affix(['org', 'export-root-key', org.id, '-o', f('nope.afxb'), '--home', wb.home, '--passphrase-env', 'P'], { P: 'wrong' });
    assert.equal(wrong.status, 2);
    assert.equal(existsSync(f('nope.afxb')), false);
  });

  it('creates a contract seal whose certificate names the organisation and credit code', async () => {
    seal = await wb.json([
      'seal',
      'create',
      '--org',
      org.id,
      '--type',
      'contract',
      '--name',
      '北京测试科技有限公司合同专用章',
      '--valid-until',
      new Date(Date.now() + 30 * 86400_000).toISOString(),
    ]);
    await wb.json(['pki', 'show', seal.certSerial, '-o', f('seal.pem')], false);
    const text = await tool('openssl', ['x509', '-in', f('seal.pem'), '-noout', '-subject', '-nameopt', 'utf8,sep_comma_plus_space']);
    assert.match(utf8(text.stdout), /O ?= ?北京测试科技有限公司/);
    assert.match(text.stdout, /organizationIdentifier ?= ?NTRCN-91110000600037341L/);
    const v = await tool('openssl', ['verify', '-CAfile', f('root.pem'), '-untrusted', f('issuing.pem'), f('seal.pem')]);
    assert.equal(v.code, 0, v.stderr);
    const listed = await wb.json<{ sealId: string }[]>(['seal', 'list', '--org', org.id], false);
    assert.deepEqual(
      listed.map((s) => s.sealId),
      [seal.sealId],
    );
  });

  it('seals a PDF for an authorised person: pdfsig valid, CMS chains to the org root', async () => {
    await wb.json(['seal', 'authorize', seal.sealId, '--person', person.id], false);
    writeFileSync(f('contract.pdf'), pdfWithEmptySignatureField());
    sealed = f('contract-sealed.pdf');
    const r = await wb.json<{ sha256: string; documentId: string; ledgerIndex: number | null }>([
      'seal',
      'sign',
      f('contract.pdf'),
      '-o',
      sealed,
      '--seal',
      seal.sealId,
      '--as',
      person.id,
      '--reason',
      '合同签署',
    ]);
    // `seal sign` takes the one signing path: the sealed bytes become a new version of the document and are anchored as signature.added.
    const outputSha = createHash('sha256').update(readFileSync(sealed)).digest('hex');
    const inputSha = createHash('sha256')
      .update(readFileSync(f('contract.pdf')))
      .digest('hex');
    assert.equal(r.sha256, outputSha);
    const s = openServices(wb.home);
    try {
      const doc = s.documents.get(r.documentId);
      assert.equal(doc.sha256, inputSha);
      assert.equal(doc.currentSha256, outputSha);
      assert.equal(doc.versions, 2);
    } finally {
      s.close();
    }
    const added = wb.entries().filter((e) => e.entry.type === 'signature.added' && e.entry.subjects[0] === outputSha);
    assert.equal(added.length, 1, 'one signature.added entry for the sealed output');
    assert.equal(added[0].index, r.ledgerIndex);
    assert.deepEqual(added[0].entry.subjects, [outputSha, inputSha]);
    assert.equal(added[0].entry.refs?.documentId, r.documentId);
    assert.equal(added[0].entry.actorKeyId, seal.certSerial);
    // The seal is drawn from its record: pdftotext reads the text under the star off the page.
    assert.match(utf8((await tool('pdftotext', [sealed, '-'])).stdout), /合同专用章/);
    const check = await pdfsig(sealed);
    const signed = check.signatures.filter((s) => s.validation !== '');
    assert.equal(signed.length, 1, check.output);
    assert.ok(signed[0].valid, check.output);
    assert.ok(signed[0].totalDocumentSigned, check.output);
    assert.match(utf8(check.output), /合同专用章/);
    const [sig] = extractSignatures(readFileSync(sealed));
    const cms = await opensslCmsVerify(sig, readFileSync(f('root.pem'), 'utf8'));
    assert.equal(cms.code, 0, cms.stderr);
  });

  it('affix sign takes the seal (for its authorised user) and the person as keys; affix verify trusts the workspace roots', async () => {
    const bySeal = f('by-seal.pdf');
    await wb.json([
      'sign',
      f('contract.pdf'),
      '-o',
      bySeal,
      '--key',
      seal.sealId,
      '--as',
      person.id,
      '--appearance',
      'seal',
      '--org-name',
      '测试科技有限公司',
      '--seal-text',
      '合同专用章',
      '--page',
      '1',
      '--rect',
      '300,80,120,120',
    ]);
    // With a seal key and no --appearance, the seal is drawn from its record (organisation, seal name, USCC).
    const byDefault = f('by-seal-default.pdf');
    await wb.json(['sign', f('contract.pdf'), '-o', byDefault, '--key', seal.sealId, '--as', person.id, '--page', '1', '--rect', '300,80,120,120']);
    assert.match(utf8((await tool('pdftotext', [byDefault, '-'])).stdout), /合同专用章/);
    const twice = f('by-seal-then-person.pdf');
    await wb.json([
      'sign',
      bySeal,
      '-o',
      twice,
      '--key',
      person.id,
      '--pin-env',
      'AFFIX_TEST_PIN',
      '--appearance',
      'person',
      '--page',
      '1',
      '--rect',
      '60,80,200,70',
    ]);
    const check = await pdfsig(twice);
    const signed = check.signatures.filter((s) => s.validation !== '');
    assert.equal(signed.length, 2, check.output);
    assert.ok(
      signed.every((s) => s.valid),
      check.output,
    );

    // Inside the workspace its organisations' roots are trust anchors; outside it nothing is trusted.
    const inside = await wb.plain(['verify', twice, '--json']);
    assert.equal(inside.status, 0, inside.stdout + inside.stderr);
    const report = JSON.parse(inside.stdout) as { signatures: { status: { indication: string } }[] };
    assert.deepEqual(
      report.signatures.map((x) => x.status.indication),
      ['TOTAL-PASSED', 'TOTAL-PASSED'],
    );
    assert.equal((await affix(['verify', twice, '--home', f('no-workspace-here')])).status, 3);

    // The seal needs its user: without --as it is refused before anything is written.
    const refused = await wb.run(['sign', f('contract.pdf'), '-o', f('refused.pdf'), '--key', seal.sealId]);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /needs the person using it \(--as PERSON_ID\)/);
    assert.equal(existsSync(f('refused.pdf')), false);
  });

  it('revokes the person certificate and lists it in the CRL; openssl -crl_check then rejects', async () => {
    const r = await wb.json<{ revokedAt: string | null }>(['pki', 'revoke', cert.serial, '--reason', 'keyCompromise'], false);
    assert.ok(r.revokedAt);
    const crl = await wb.json<{ number: number; revoked: string[] }>(['pki', 'crl', '--org', org.id, '-o', f('crl.pem')]);
    assert.deepEqual(crl.revoked, [cert.serial]);
    const text = await tool('openssl', ['crl', '-in', f('crl.pem'), '-noout', '-text']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, new RegExp(`Serial Number: ${cert.serial}`, 'i'));
    assert.match(text.stdout, /Key Compromise/);
    assert.match(text.stdout, /CRL Number:\s*\n\s*1\b/);
    const crlSig = await tool('openssl', ['crl', '-in', f('crl.pem'), '-noout', '-CAfile', f('issuing.pem')]);
    assert.match(crlSig.stdout + crlSig.stderr, /verify OK/);
    const v = await tool('openssl', [
      'verify',
      '-crl_check',
      '-CAfile',
      f('root.pem'),
      '-untrusted',
      f('issuing.pem'),
      '-CRLfile',
      f('crl.pem'),
      f('person.pem'),
    ]);
    assert.notEqual(v.code, 0);
    assert.match(v.stdout + v.stderr, /certificate revoked/);
    const seal = await tool('openssl', [
      'verify',
      '-crl_check',
      '-CAfile',
      f('root.pem'),
      '-untrusted',
      f('issuing.pem'),
      '-CRLfile',
      f('crl.pem'),
      f('seal.pem'),
    ]);
    assert.equal(seal.code, 0, 'the seal certificate is not revoked');
  });

  it('anchored every step, and the ledger verifies', async () => {
    const entries = wb.entries();
    const has = (type: string, pred: (e: (typeof entries)[number]['entry']) => boolean = () => true) =>
      assert.ok(
        entries.some((e) => e.entry.type === type && pred(e.entry)),
        `no ${type} entry`,
      );
    has('org.created', (e) => e.refs?.orgId === org.id);
    has(
      'identity.verified',
      (e) => e.subjects.includes(person.verification.recordSha256) && Object.values(person.verification.commitments).every((c) => e.commitments?.includes(c)),
    );
    has('key.created', (e) => e.refs?.ownerId === person.id);
    has('certificate.issued', (e) => e.subjects.includes(cert.sha256) && e.refs?.purpose === 'person');
    has('seal.created', (e) => e.subjects.includes(seal.recordSha256) && e.subjects.includes(seal.certSha256));
    has('seal.authorized', (e) => e.refs?.personId === person.id && e.refs?.action === 'grant');
    has('seal.used', (e) => e.refs?.sealId === seal.sealId && e.refs?.personId === person.id);
    has('certificate.revoked', (e) => e.subjects.includes(cert.sha256) && e.refs?.reason === 'keyCompromise');
    has('crl.issued', (e) => e.refs?.orgId === org.id && e.refs?.revoked === '1');
    // The sealed input document's digest is named by the seal.used entry.
    const inputSha = (await import('node:crypto'))
      .createHash('sha256')
      .update(readFileSync(f('contract.pdf')))
      .digest('hex');
    has('seal.used', (e) => e.subjects.includes(inputSha));
    // No personal data in any entry.
    const raw = JSON.stringify(entries.map((e) => e.entry));
    assert.ok(!raw.includes('李四') && !raw.includes('360426199101010071'));
    const audit = await wb.plain(['ledger', 'verify']);
    assert.equal(audit.status, 0, audit.stdout + audit.stderr);
    assert.match(audit.stdout, /^OK/);
  });
});
