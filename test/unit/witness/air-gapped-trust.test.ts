/**
 * An air-gapped court's witness (#17): the court's witness is reached only by
 * files carried between machines (ledger witness-request → witness cosign →
 * ledger add-cosignature), so it cosigns the ledger before the export record
 * is appended and never the export's own checkpoint. The package then starts
 * its consistency proof from the checkpoint the court cosigned, and a clerk
 * pinning only the court's witness key gets PASSED, with the reason spelled
 * out. When the trail grew after the court's last visit — an event the
 * witness never saw — the same pin leaves the verdict INDETERMINATE; and a
 * package whose consistency proof is broken FAILS whatever is pinned.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PACKAGE_FILES, writePackage } from '../../../shared/proof/container';
import { readPackageBounded } from '../../../shared/proof/package-budget';
import { EvidenceSchema, type Evidence } from '../../../shared/proof/evidence';
import { parseNote } from '../../../shared/ledger/note';
import { affix, tempHome } from '../../support/cli';
import { checkOf, ensureVerifierBuilt, ENV, ProofBench, readBytes, SOURCE_PDF, verifyOffline } from '../proof/fixtures';

const skip = existsSync(SOURCE_PDF) ? false : 'the corpus (../shared/corpus) is absent';
const WITNESS = 'court.example/witness';

describe("a court's witness reached only by carried files", { skip }, () => {
  const party = new ProofBench();
  const court = tempHome('affix-court-');
  const courtCli = (args: string[]) => affix([...args, '--home', court], ENV);
  let witnessKey: string;
  let signed: string;

  /** One round trip of files: the party's request, the court's cosignature, stored back. */
  async function carryToCourt(name: string): Promise<void> {
    const request = party.file(`${name}.req`);
    const response = party.file(`${name}.resp`);
    await party.ok(['ledger', 'witness-request', '-o', request]);
    const cosign = await courtCli(['witness', 'cosign', request, '-o', response]);
    assert.equal(cosign.status, 0, cosign.stderr + cosign.stdout);
    await party.ok(['ledger', 'add-cosignature', response]);
  }

  const evidenceOf = (path: string): Evidence =>
    EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(readPackageBounded(readBytes(path)).files.get(PACKAGE_FILES.evidence)!)));

  before(async () => {
    await ensureVerifierBuilt();
    signed = await party.signedDocument(1);
    const init = await courtCli(['witness', 'init', '--name', WITNESS, '--json']);
    assert.equal(init.status, 0, init.stderr);
    witnessKey = (JSON.parse(init.stdout) as { verifierKey: string }).verifierKey;
    const pk = (await party.cli(['ledger', 'pubkey'])).stdout.split('\n');
    const add = await courtCli(['witness', 'add-log', '--origin', pk[0]!.slice('origin '.length), '--key', pk[1]!]);
    assert.equal(add.status, 0, add.stderr);
    // A policy witness without a URL: reachable by files only.
    const policy = party.file('witness-policy.txt');
    writeFileSync(policy, `witness court ${witnessKey}\nquorum court\n`);
    assert.equal((await party.cli(['ledger', 'witness-policy', policy])).status, 0);
    await carryToCourt('first');
  });
  after(() => party.cleanup());

  it("starts the consistency proof from the court's cosigned checkpoint, and the court's key alone passes it", async () => {
    const pkg = party.file('carried.affixproof');
    await party.ok(['proof', 'export', signed, '-o', pkg]);
    const evidence = evidenceOf(pkg);
    assert.ok(!parseNote(evidence.checkpoint.note).signatures.some((s) => s.name === WITNESS), "the export's own checkpoint was never carried to the court");
    assert.ok(evidence.consistency, 'the package has a consistency proof');
    assert.ok(
      parseNote(evidence.consistency.oldCheckpoint).signatures.some((s) => s.name === WITNESS),
      'it starts from the checkpoint the court cosigned',
    );

    const unpinned = await verifyOffline(pkg);
    assert.equal(unpinned.status, 3, 'without a pin, trust is not established');
    const r = await verifyOffline(pkg, ['--witness-key', witnessKey]);
    assert.equal(r.status, 0, JSON.stringify(r.report.checks.filter((c) => c.verdict !== 'passed')));
    const trust = checkOf(r.report, 'trust');
    assert.equal(trust.verdict, 'passed');
    assert.match(trust.messages[0]!, /court\.example\/witness cosigned the ledger at size \d+, which holds every event of the trail/);
    assert.match(trust.messages[0]!, /only the export record itself \(entry #\d+\) came after it/);
  });

  it('a broken consistency proof fails the package, and the pin does not vouch for it', async () => {
    const pkg = party.file('carried.affixproof');
    const files = readPackageBounded(readBytes(pkg)).files;
    const evidence = evidenceOf(pkg);
    const lines = evidence.consistency!.proof.split('\n');
    const hashLine = lines.findIndex((l, i) => i > 0 && /^[A-Za-z0-9+/]{43}=$/.test(l));
    assert.ok(hashLine > 0, 'the consistency proof has a hash line to alter');
    lines[hashLine] = lines[hashLine]!.startsWith('A') ? `B${lines[hashLine]!.slice(1)}` : `A${lines[hashLine]!.slice(1)}`;
    const broken = { ...evidence, consistency: { ...evidence.consistency!, proof: lines.join('\n') } };
    files.set(PACKAGE_FILES.evidence, new TextEncoder().encode(JSON.stringify(broken)));
    const path = join(party.dir, 'broken.affixproof');
    writeFileSync(path, writePackage([...files]));
    const r = await verifyOffline(path, ['--witness-key', witnessKey]);
    assert.equal(r.status, 1, JSON.stringify(r.report?.checks.map((c) => [c.id, c.verdict])));
    assert.equal(checkOf(r.report, 'consistency').verdict, 'failed');
    assert.notEqual(checkOf(r.report, 'trust').verdict, 'passed');
  });

  it('an event the court never saw leaves the same pin INDETERMINATE', async () => {
    // The document is signed again after the court's last visit: that signature is in the trail, uncosigned.
    const again = party.file('signed-again.pdf');
    await party.ok(['sign', signed, '-o', again, '--key', party.keys[0]!, '--passphrase-env', 'KEY_PASS']);
    const pkg = party.file('grown.affixproof');
    await party.ok(['proof', 'export', again, '-o', pkg]);
    const r = await verifyOffline(pkg, ['--witness-key', witnessKey]);
    assert.equal(r.status, 3, JSON.stringify(r.report.checks.filter((c) => c.verdict !== 'passed')));
    assert.match(checkOf(r.report, 'trust').messages[0]!, /only 0 of the 1 pinned witness/);

    // Carried to the court once more, the grown trail passes on the same pin.
    await carryToCourt('second');
    const later = party.file('grown-later.affixproof');
    await party.ok(['proof', 'export', again, '-o', later]);
    const ok = await verifyOffline(later, ['--witness-key', witnessKey]);
    assert.equal(ok.status, 0, JSON.stringify(ok.report.checks.filter((c) => c.verdict !== 'passed')));
  });
});
