/**
 * Trust from outside the package (#17): a real party exports a package whose
 * checkpoint its consortium witness (served over HTTP on loopback) cosigned;
 * a forger exports one in another workspace with the same signer names.
 * Without pinned trust both are at best INDETERMINATE (exit 3); the real
 * party's policy fails the forgery (exit 1); a clerk who pins only the
 * witness key passes the real package and not the forgery, and each verdict
 * names the witnesses that cosigned.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { workspaceSealing } from '../../../main/services/composition/workspace-sealing';
import { WitnessServer } from '../../../main/services/usecases/witness/witness-server';
import { WitnessService } from '../../../main/services/usecases/witness/witness-service';
import { Workspace } from '../../../main/services/core/workspace/workspace';
import { PACKAGE_FILES } from '../../../shared/proof/container';
import { readPackageBounded } from '../../../shared/proof/package-budget';
import { EvidenceSchema } from '../../../shared/proof/evidence';
import { parseNote } from '../../../shared/ledger/note';
import { affix, tempHome } from '../../support/cli';
import { checkOf, ensureVerifierBuilt, ProofBench, readBytes, SOURCE_PDF, verifyOffline } from '../proof/fixtures';
import { moduleSchemas } from '../../../main/services/composition/schema-registry';

const skip = existsSync(SOURCE_PDF) ? false : 'the corpus (../shared/corpus) is absent';

describe('trust from outside the package', { skip }, () => {
  const real = new ProofBench();
  const forger = new ProofBench();
  const witnessHome = tempHome('affix-court-');
  let ws: Workspace;
  let server: WitnessServer;
  let witnessKey: string;
  let realPkg: string;
  let forgedPkg: string;
  let realPolicy: string;

  before(async () => {
    await ensureVerifierBuilt();
    ws = Workspace.open(witnessHome, { create: true, schemas: moduleSchemas });
    const witness = new WitnessService(ws, workspaceSealing(ws));
    witnessKey = witness.init('court.example/witness').verifierKey;
    server = new WitnessServer(witness, { host: '127.0.0.1', port: 0 });
    const { url } = await server.listen();

    const signed = await real.signedDocument(1);
    const pk = (await real.cli(['ledger', 'pubkey'])).stdout.split('\n');
    witness.addLog(pk[0].slice('origin '.length), pk[1]);
    const policyFile = real.file('witness-policy.txt');
    writeFileSync(policyFile, `witness court ${witnessKey} ${url}\nquorum court\n`);
    assert.equal((await real.cli(['ledger', 'witness-policy', policyFile])).status, 0);
    realPkg = real.file('real.affixproof');
    await real.ok(['proof', 'export', signed, '-o', realPkg]);
    realPolicy = real.file('policy.json');
    assert.equal((await real.cli(['proof', 'policy', '-o', realPolicy])).status, 0);

    forgedPkg = forger.file('forged.affixproof');
    await forger.ok(['proof', 'export', await forger.signedDocument(1), '-o', forgedPkg]);
  });
  after(async () => {
    await server?.close();
    ws?.close();
    real.cleanup();
    forger.cleanup();
  });

  it('the export carries the checkpoint cosigned online by the witness, and the witness policy', () => {
    const evidence = EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(readPackageBounded(readBytes(realPkg)).files.get(PACKAGE_FILES.evidence)!)));
    const names = parseNote(evidence.checkpoint.note).signatures.map((s) => s.name);
    assert.ok(names.includes('court.example/witness'), names.join(', '));
    assert.match(evidence.trustPolicy.witnessPolicy ?? '', /quorum court/);
    for (const e of evidence.events) assert.ok(e.proof.endsWith(evidence.checkpoint.note), 'every tlog-proof carries the cosigned checkpoint');
  });

  it('without pinned trust, the real and the forged package are INDETERMINATE (exit 3), saying why', async () => {
    for (const path of [realPkg, forgedPkg]) {
      const r = await verifyOffline(path);
      assert.equal(r.status, 3, JSON.stringify(r.report.checks.filter((c) => c.verdict !== 'passed')));
      const t = checkOf(r.report, 'trust');
      assert.equal(t.verdict, 'indeterminate');
      assert.match(t.messages[0], /trust not established: the package's own policy was used/);
    }
    const named = checkOf((await verifyOffline(realPkg)).report, 'trust').messages.join('\n');
    assert.match(named, /Checkpoint cosigned by: court \(court\.example\/witness\)/);
  });

  it("with the real party's policy, the forgery fails (exit 1) and the real package passes (exit 0)", async () => {
    const forged = await verifyOffline(forgedPkg, ['--trust-policy', realPolicy]);
    assert.equal(forged.status, 1);
    assert.equal(checkOf(forged.report, 'checkpoint').verdict, 'failed');
    const genuine = await verifyOffline(realPkg, ['--trust-policy', realPolicy]);
    assert.equal(genuine.status, 0, JSON.stringify(genuine.report.checks.filter((c) => c.verdict !== 'passed')));
    assert.match(checkOf(genuine.report, 'checkpoint').messages.join('\n'), /Witness policy met; cosigned by court/);
  });

  it('pinning only the witness key passes the real package and leaves the forgery indeterminate', async () => {
    const genuine = await verifyOffline(realPkg, ['--witness-key', witnessKey]);
    assert.equal(genuine.status, 0, JSON.stringify(genuine.report.checks.filter((c) => c.verdict !== 'passed')));
    assert.match(checkOf(genuine.report, 'trust').messages[0], /Trust established by 1 pinned witness\(es\) \(quorum 1 of 1\): court\.example\/witness/);
    const forged = await verifyOffline(forgedPkg, ['--witness-key', witnessKey]);
    assert.equal(forged.status, 3);
    assert.match(checkOf(forged.report, 'trust').messages[0], /only 0 of the 1 pinned witness/);
    const quorum = await verifyOffline(realPkg, ['--witness-key', witnessKey, '--witness-quorum', '2']);
    assert.equal(quorum.status, 2, 'a quorum above the number of keys is a usage error');
  });

  it("the witness's own workspace pins its key: the court verifies with no option at all", async () => {
    const r = await affix(['proof', 'verify', realPkg, '--home', witnessHome, '--json']);
    assert.equal(r.status, 0, r.stdout);
    const f = await affix(['proof', 'verify', forgedPkg, '--home', witnessHome, '--json']);
    assert.equal(f.status, 3);
  });

  it("proof policy pins the organisations' root CAs and the witness policy", async () => {
    const env = { AFFIX_PASSPHRASE: 'witness test passphrase' };
    const org = await affix(['org', 'create', '--name', '北京某某科技有限公司', '--uscc', '91110000600037341L', '--home', real.home], env);
    assert.equal(org.status, 0, org.stderr);
    const path = real.file('policy-with-org.json');
    assert.equal((await real.cli(['proof', 'policy', '-o', path])).status, 0);
    const p = JSON.parse(readFileSync(path, 'utf8')) as { witnessPolicy: string; trustAnchors: string[] };
    assert.match(p.witnessPolicy, /witness court court\.example\/witness\+/);
    const subjects = p.trustAnchors.map((a) => new X509Certificate(Buffer.from(a, 'base64')));
    assert.ok(
      subjects.some((c) => c.ca && c.subject.includes('北京某某科技有限公司') && c.subject === c.issuer),
      subjects.map((c) => c.subject).join(' | '),
    );
  });
});
