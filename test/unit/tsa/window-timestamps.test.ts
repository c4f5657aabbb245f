/**
 * Time-stamping as the window drives it, through the router (issue #23):
 * this install becomes a TSA (the passphrase asked only when refused for
 * want of it), serves on 127.0.0.1, is set as the workspace's TSA in
 * Settings, and a signing-order step signed then carries a signature
 * timestamp (PAdES B-T) that the verifier takes as the proven time. The
 * same TSA timestamps the ledger's latest checkpoint and answers a query
 * file into a reply file (air-gapped).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createAppRouter } from '../../../main/ipc/app-router';
import type { Router } from '../../../main/ipc/router';
import type { FileDialogs } from '../../../main/services/files/file-dialogs';
import { createTimestampRequest } from '../../../main/services/usecases/tsa/timestamp-request';
import { tokenFromReply } from '../../../main/services/usecases/tsa/tsa-client';
import { startTsaServer, type TsaServer } from '../../../main/services/usecases/tsa/tsa-http';
import { tsaServiceOf } from '../../../main/services/usecases/tsa/tsa-of';
import type { SigningPlan } from '../../../shared/contract/plans';
import type { SignatureResult } from '../../../shared/contract/signing';
import type { TimeStampingAuthority } from '../../../shared/contract/timestamps';
import type { VerificationReport } from '../../../shared/verify/report';
import { parseCms } from '../../../shared/verify/cms';
import { extractSignatures } from '../../support/pdf-tools';
import { Bench, PASSPHRASE, PERSON_PIN } from '../plans/fixtures';

let bench: Bench;
let server: TsaServer;
let tsa: TimeStampingAuthority;
let signer: string;

before(async () => {
  bench = new Bench();
  ({ signer } = await bench.signers());
});
after(async () => {
  await server?.close();
  bench.close();
});

test('creating a TSA asks for the passphrase only by refusing without it, then creates it', async () => {
  const refused = await bench.fail('timestamps.createAuthority', { name: 'Window TSA' });
  assert.equal(refused.code, 'BAD_SECRET');
  assert.deepEqual(refused.needs, { secret: 'workspace-passphrase' });
  assert.deepEqual(await bench.call('timestamps.authorities', {}), [], 'nothing was created without the passphrase');
  tsa = await bench.call<TimeStampingAuthority>('timestamps.createAuthority', { name: 'Window TSA', passphrase: PASSPHRASE });
  assert.equal(tsa.orgName, '北京测试科技有限公司');
  assert.equal(tsa.policy, '0.4.0.2023.1.1');
  assert.equal(tsa.tokensIssued, 0);
  assert.ok(Date.parse(tsa.notAfter) > Date.now());
  const wrong = await bench.fail('timestamps.createAuthority', { name: 'Another', passphrase: 'not the passphrase' });
  assert.equal(wrong.code, 'BAD_SECRET');
  const again = await bench.fail('timestamps.createAuthority', { name: 'Window TSA', passphrase: PASSPHRASE });
  assert.equal(again.code, 'CONFLICT');
});

test('Settings: the TSA URL is validated, tested against the live TSA and stored', async () => {
  server = await startTsaServer(tsaServiceOf(bench.services).open(tsa.id, PASSPHRASE), { host: '127.0.0.1', port: 0 });
  assert.deepEqual(await bench.call('timestamps.tsaUrl', {}), { url: null });
  for (const url of ['ftp://example.org/tsa', 'not a url', '']) {
    const e = await bench.fail('timestamps.setTsaUrl', { url });
    assert.equal(e.code, 'BAD_INPUT', url);
    assert.match(e.message, /url/i);
  }
  const unset = await bench.fail('timestamps.testTsaUrl', {});
  assert.match(unset.message, /No TSA is configured/);
  const closed = await bench.fail('timestamps.testTsaUrl', { url: 'http://127.0.0.1:9/' });
  assert.match(closed.message, /cannot be reached/);
  assert.deepEqual(await bench.call('timestamps.setTsaUrl', { url: server.url }), { url: server.url });
  const probe = await bench.call<{ url: string; genTime: string; millis: number }>('timestamps.testTsaUrl', {});
  assert.equal(probe.url, server.url);
  assert.ok(Math.abs(Date.parse(probe.genTime) - Date.now()) < 60_000, probe.genTime);
});

test('a signing-order step signed with the TSA configured is PAdES B-T: the verifier proves its time by the token', async () => {
  const doc = await bench.importContract('时间戳合同.pdf');
  await bench.call<SigningPlan>('plans.set', {
    documentId: doc.id,
    steps: [{ signer: { kind: 'person', personId: signer }, appearance: { kind: 'person' }, box: { page: 1, rect: [72, 120, 160, 60] }, label: '乙方' }],
  });
  const signed = await bench.call<SignatureResult>('plans.signNext', { documentId: doc.id, step: 1, secret: PASSPHRASE, pin: PERSON_PIN });
  const bytes = bench.services.documents.bytesOf(signed.sha256);
  const cms = parseCms(extractSignatures(bytes)[0].der);
  assert.ok(cms.timestampToken, 'the CMS carries id-aa-signatureTimeStampToken');
  const report = await bench.call<VerificationReport>('verification.verifyBytes', { name: 'signed.pdf', base64: Buffer.from(bytes).toString('base64') });
  const [s] = report.signatures;
  assert.equal(s.status.indication, 'TOTAL-PASSED', JSON.stringify(s.status));
  assert.equal(s.time?.checkedAtSource, 'timestamp');
  assert.ok(s.time?.timestamp);
  const listed = await bench.call<TimeStampingAuthority[]>('timestamps.authorities', {});
  assert.equal(listed[0].tokensIssued, 2, 'the reachability test and the signature timestamp');

  // Cleared: the next signature is B-B again.
  assert.deepEqual(await bench.call('timestamps.setTsaUrl', { url: null }), { url: null });
  const other = await bench.importContract('无时间戳合同.pdf');
  await bench.call('plans.set', {
    documentId: other.id,
    steps: [{ signer: { kind: 'person', personId: signer }, appearance: { kind: 'person' }, box: { page: 1, rect: [72, 120, 160, 60] }, label: '乙方' }],
  });
  const plain = await bench.call<SignatureResult>('plans.signNext', { documentId: other.id, step: 1, secret: PASSPHRASE, pin: PERSON_PIN });
  assert.equal(parseCms(extractSignatures(bench.services.documents.bytesOf(plain.sha256))[0].der).timestampToken, undefined);
  await bench.call('timestamps.setTsaUrl', { url: server.url });
});

test('the latest checkpoint is timestamped and listed, smallest tree first', async () => {
  const first = await bench.call<{ size: number; created: boolean; tsaUrl: string; tokenBytes: number }>('timestamps.timestampCheckpoint', {});
  assert.equal(first.created, true);
  assert.equal(first.tsaUrl, server.url);
  assert.ok(first.tokenBytes > 500);
  // This workspace is its own TSA here: issuing that token appended timestamp.issued, so the next checkpoint is one entry larger.
  const second = await bench.call<{ size: number; created: boolean }>('timestamps.timestampCheckpoint', {});
  assert.equal(second.size, first.size + 1);
  assert.equal(second.created, true);
  const list = await bench.call<{ size: number; tsaUrl: string }[]>('timestamps.checkpointTimestamps', {});
  assert.deepEqual(
    list.map((c) => [c.size, c.tsaUrl]),
    [
      [first.size, server.url],
      [second.size, server.url],
    ],
  );
});

test('the air-gapped TSA answers a chosen query file into a chosen reply file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'affix-tsq-'));
  const queryPath = join(dir, 'q.tsq');
  const replyPath = join(dir, 'r.tsr');
  writeFileSync(queryPath, createTimestampRequest('SHA-256', new Uint8Array(32).fill(7)).der);
  writeFileSync(join(dir, 'junk.tsq'), 'not a query');
  const answers: string[] = [queryPath, join(dir, 'junk.tsq')];
  const dialogs: FileDialogs = { open: () => Promise.resolve([answers.shift()!]), save: () => Promise.resolve(replyPath) };
  const router: Router = createAppRouter(bench.services, ['app://affix'], dialogs);
  const frame = { kind: 'frame', url: 'app://affix/index.html' } as const;
  const call = async (method: string, input: unknown) => router.invoke(method, input, frame);
  const open = async () => {
    const r = await call('files.open', { purpose: 'timestamp-query' });
    assert.ok(r.ok);
    return (r.value as { files: { handle: string }[] }).files[0].handle;
  };
  const save = async () => {
    const r = await call('files.save', { purpose: 'timestamp-reply', suggestedName: 'q.tsr' });
    assert.ok(r.ok);
    return (r.value as { handle: string }).handle;
  };
  const query = await open();
  const reply = await save();
  const noSecret = await call('timestamps.stamp', { tsaId: tsa.id, query, reply });
  assert.ok(!noSecret.ok && noSecret.error.code === 'BAD_SECRET' && noSecret.error.needs?.secret === 'workspace-passphrase');
  const r = await call('timestamps.stamp', { tsaId: tsa.id, query, reply, passphrase: PASSPHRASE });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  const stamped = r.value as { serial: string; reply: string };
  assert.equal(stamped.reply, 'r.tsr');
  const token = tokenFromReply(readFileSync(replyPath), undefined, 'r.tsr');
  assert.deepEqual([...token.imprint], [...new Uint8Array(32).fill(7)]);

  const junk = await call('timestamps.stamp', { tsaId: tsa.id, query: await open(), reply: await save(), passphrase: PASSPHRASE });
  assert.ok(!junk.ok);
  assert.equal(junk.error.code, 'BAD_INPUT');
  assert.match(junk.error.message, /junk\.tsq is refused/);
});
