/**
 * A log may hold two byte-identical entries (two views of one document in the
 * same millisecond): RFC 9162 hashes an entry, not its position, so both have
 * one leaf hash, each proven at its own index. A package whose trail carries
 * them must pass; only the same index listed twice is a tampered evidence.json.
 * (The bench's 100-event package failed on exactly this.)
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openServices, type Services } from '../../../main/services/composition/container';
import { duplicateEvents } from '../../../shared/proof/package-budget';
import { affix, tempHome } from '../../support/cli';
import { ensureVerifierBuilt, SOURCE_PDF } from './fixtures';

describe('identical ledger entries in one proof package', () => {
  const home = tempHome('affix-identical-');
  const pkg = join(home, '..', 'case.affixproof');
  const policy = join(home, '..', 'policy.json');
  let services: Services;
  let leafHashes: string[] = [];

  before(async () => {
    await ensureVerifierBuilt();
    services = openServices(home, { create: true, ledger: { checkpointIntervalMs: 0 } });
    const doc = services.documents.importFile(SOURCE_PDF);
    const key = await services.keys.create('Signer', 'correct horse battery');
    await services.signing.signDocument(doc.id, {}, { kind: 'workspace', id: key.id, passphrase: 'correct horse battery' });
    const sha = services.documents.get(doc.id).currentSha256;
    const view = { type: 'access.viewed' as const, subjects: [sha], refs: { documentId: doc.id }, time: '2026-12-06T00:00:00.000Z' };
    leafHashes = services.ledger.appendMany([view, view, view]).map((r) => r.leafHash);
    services.ledger.checkpoint();
    await services.proof.exportPackage(doc.id, pkg, {});
    writeFileSync(policy, JSON.stringify(await services.proof.trustPolicy()));
  });
  after(() => services?.close());

  it('the three views share one leaf hash (the case is real)', () => {
    assert.equal(new Set(leafHashes).size, 1);
  });

  it('verify passes: each is proven at its own index', async () => {
    const r = await affix(['proof', 'verify', pkg, '--trust-policy', policy, '--home', join(home, '..', 'no-home'), '--json']);
    const report = JSON.parse(r.stdout) as { verdict: string; checks: { id: string; verdict: string }[] };
    const proofs = report.checks.find((c) => c.id === 'ledger-proofs');
    assert.equal(proofs?.verdict, 'passed', JSON.stringify(proofs));
    assert.equal(report.verdict, 'passed', r.stdout.slice(0, 2000));
    assert.equal(r.status, 0);
  });

  it('the same index listed twice is still a duplicate; the same leaf at two indices is not', () => {
    assert.deepEqual(duplicateEvents([{ index: 4 }, { index: 5 }, { index: 6 }]), []);
    assert.deepEqual(duplicateEvents([{ index: 4 }, { index: 5 }, { index: 4 }, { index: 4 }]), [{ where: 'ledger index 4', n: 3 }]);
  });
});
