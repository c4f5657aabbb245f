/**
 * A document signed with a person's PKI certificate (identity verified, then
 * certified by the organisation's CA): the package carries their identity
 * commitments and the disclosed fields (value + salt), which must match the
 * commitments anchored by identity.verified — and an altered value is caught.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { openServices } from '../../../main/services/composition/container';
import { identitySigningKey } from '../../../main/services/domain/seals/seal-signing-key';
import { signPdf } from '../../../main/services/engines/pdf-signing/sign-pdf';
import { PACKAGE_FILES } from '../../../shared/proof/container';
import { readPackageBounded } from '../../../shared/proof/package-budget';
import { EvidenceSchema } from '../../../shared/proof/evidence';
import { outputOf } from '../../support/signing-fixtures';
import { PASSPHRASE, PERSON_PIN, Workbench } from '../identity/fixtures';
import { checkOf, ensureVerifierBuilt, readBytes, SOURCE_PDF, verifyOffline, withEvidence, writeBytes } from './fixtures';

const wb = new Workbench();
let pkgPath: string;
let personId: string;
let documentId: string;
let orgId: string;
let certSerial: string;

before(async () => {
  await ensureVerifierBuilt();
  await wb.init();
  const org = await wb.createOrg();
  orgId = org.id;
  personId = (await wb.verifyPerson('孙签名', '360426199101010071')).id;
  certSerial = (await wb.json<{ serial: string }>(['pki', 'issue', '--org', org.id, '--person', personId, '--pin-env', 'AFFIX_TEST_PIN'])).serial;
  const s = openServices(wb.home);
  try {
    const doc = s.documents.importFile(SOURCE_PDF);
    documentId = doc.id;
    const key = identitySigningKey(s, personId, PASSPHRASE, { pin: PERSON_PIN });
    const signed = await signPdf(readFileSync(SOURCE_PDF), { appearance: { kind: 'invisible' } }, key);
    // The bookkeeping SigningService does for workspace keys (person keys are not among its key sources yet).
    s.documents.addVersion(doc.id, { kind: 'whole', bytes: outputOf(signed) }, 'signed');
    s.ledger.append({
      type: 'signature.added',
      subjects: [signed.sha256, signed.inputSha256],
      actorKeyId: key.keyId,
      refs: { documentId: doc.id, field: signed.field, revision: String(signed.revision), subFilter: signed.subFilter },
    });
  } finally {
    s.close();
  }
  await wb.json(['pki', 'crl', '--org', org.id]);
  pkgPath = wb.file('person.affixproof');
  const grant = await wb.appointCustodian(org.id);
  const r = await wb.run(['proof', 'export', documentId, '-o', pkgPath, '--disclose', `${personId}:name,birthDate`, '--json', ...grant]);
  assert.equal(r.status, 0, r.stderr);
});
after(() => wb.cleanup());

test('the disclosed fields verify against their anchored commitments', async () => {
  const evidence = EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(readPackageBounded(readBytes(pkgPath)).files.get(PACKAGE_FILES.evidence)!)));
  const id = evidence.signers[0].identity;
  assert.ok(id);
  assert.deepEqual(
    id.disclosed.map((d) => [d.field, d.value]),
    [
      ['name', '孙签名'],
      ['birthDate', '1991-01-01'],
    ],
  );
  assert.ok(evidence.events.some((e) => e.type === 'identity.verified' && e.index === id.ledgerIndex));
  // Issue #17: PASSED needs an independent anchor of trust — pin the producer's policy, as the README walkthrough does.
  const r = await verifyOffline(pkgPath, ['--trust-policy', await producerPolicy()]);
  assert.equal(r.status, 0, JSON.stringify(r.report, null, 2));
  assert.match(checkOf(r.report, 'disclosures').messages.join('\n'), /name = "孙签名" matches its commitment anchored at ledger index \d+/);
  assert.match(checkOf(r.report, 'signer-certificates').messages.join('\n'), /CN=孙签名/);
  assert.match(evidence.signers[0].subject, /CN=孙签名/);
  assert.equal(evidence.signers[0].certificates.length, 3, 'person, issuing CA, root');
  assert.match(checkOf(r.report, 'signer-certificates').messages.join('\n'), /Signature1: not revoked according to the issuer's CRL of \S+/);
});

test('an altered disclosed field is detected (exit 1, disclosures)', async () => {
  const path = wb.file('altered.affixproof');
  writeBytes(
    path,
    withEvidence(readBytes(pkgPath), (e) => {
      e.signers[0].identity!.disclosed[0].value = '孙签各';
    }),
  );
  const r = await verifyOffline(path);
  assert.equal(r.status, 1);
  const c = checkOf(r.report, 'disclosures');
  assert.equal(c.verdict, 'failed');
  assert.ok(
    c.messages.some((m) => /disclosed field "name" does not match its anchored commitment \(the value or salt was altered\)/.test(m)),
    c.messages.join(' | '),
  );
});

test('refuses to disclose a person who did not sign, with exit 2', async () => {
  const out = wb.file('x.affixproof');
  const r = await wb.run(['proof', 'export', documentId, '-o', out, '--disclose', 'person-nobody:name']);
  assert.equal(r.status, 2);
  // The access check comes first (issue #18): an unknown person is refused before any package is built.
  assert.match(r.stderr, /No person person-nobody in this workspace/);
  assert.throws(() => readFileSync(out));
});

// Issue #23 (ETSI EN 319 102-1): with no timestamp proving the signature existed before the
// revocation, the certificate is checked now; revoked by now, with no proof of existence, it fails.
test('a certificate revoked after signing, with no timestamp proving earlier existence: the CRL says so and the signature fails', async () => {
  await wb.json(['pki', 'revoke', certSerial, '--reason', 'superseded'], false);
  await wb.json(['pki', 'crl', '--org', orgId]);
  const path = wb.file('after-revocation.affixproof');
  const r = await wb.run(['proof', 'export', documentId, '-o', path, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const v = await verifyOffline(path, ['--trust-policy', await producerPolicy()]);
  assert.equal(v.status, 1, JSON.stringify(v.report, null, 2));
  assert.equal(v.report.verdict, 'failed');
  const c = checkOf(v.report, 'signer-certificates');
  assert.equal(c.verdict, 'failed');
  assert.match(c.messages.join('\n'), new RegExp(`certificate ${certSerial}\\S* was revoked on \\S+, before the signature \\(\\S+\\)`, 'i'));
});

/** The producer's trust policy (`affix proof policy -o FILE`), handed to the verifier out of band. */
async function producerPolicy(): Promise<string> {
  const policy = wb.file('policy.json');
  assert.equal((await wb.plain(['proof', 'policy', '-o', policy])).status, 0);
  return policy;
}
