/**
 * Checkpoint time-stamps in proof packages (issue 23, deliverable 3): the
 * package carries the tokens; `affix proof verify` reports each entry's
 * proven time when the verifier trusts the TSA, a claim when it does not,
 * and a failure when a token was altered; openssl accepts the token taken
 * out of the package; a package without tokens reports what it always did.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { startTsaServer, type TsaServer } from '../../../main/services/usecases/tsa/tsa-http';
import { PACKAGE_FILES } from '../../../shared/proof/container';
import { readPackageBounded } from '../../../shared/proof/package-budget';
import { CHECK_IDS } from '../../../shared/proof/proof-report';
import type { Evidence } from '../../../shared/proof/evidence';
import { affix } from '../../support/cli';
import { openssl, PASSPHRASE, tsaBench, type TsaBench } from '../tsa/fixtures';
import { checkOf, ENV, ensureVerifierBuilt, readBytes, SOURCE_PDF, verifyOffline, withEvidence, writeBytes } from './fixtures';

/** The checks every package had before checkpoint time-stamps (the new one appears only with tokens). */
const BEFORE_IDS = CHECK_IDS.filter((id) => id !== 'checkpoint-time');

const evidenceOf = (pkg: Uint8Array): Evidence => JSON.parse(new TextDecoder().decode(readPackageBounded(pkg).files.get(PACKAGE_FILES.evidence))) as Evidence;
const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The token with one byte changed at the first occurrence of `find` (or at `at` from the end). */
function alteredToken(b64: string, where: { find: Buffer } | { fromEnd: number }): string {
  const der = Buffer.from(b64, 'base64');
  const at = 'find' in where ? der.indexOf(where.find) : der.length - where.fromEnd;
  assert.ok(at >= 0, 'the byte to alter is in the token');
  der[at] ^= 0x01;
  return der.toString('base64');
}

describe('checkpoint time-stamps in proof packages', () => {
  let b: TsaBench;
  let server: TsaServer;
  let signed: string;
  let stamped: { size: number; genTime: string };
  let pkgPath: string;
  let pkg: Uint8Array;
  const cli = (args: string[]) => affix([...args, '--home', b.home], { AFFIX_PASSPHRASE: PASSPHRASE, ...ENV });
  const ok = async <T>(args: string[]): Promise<T> => {
    const r = await cli([...args, '--json']);
    assert.equal(r.status, 0, `affix ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };

  before(async () => {
    await ensureVerifierBuilt();
    b = await tsaBench();
    server = await startTsaServer(b.engine, { host: '127.0.0.1', port: 0 });
    const key = await ok<{ id: string }>(['key', 'create', '--label', 'Signer', '--passphrase-env', 'KEY_PASS']);
    signed = b.file('signed.pdf');
    await ok(['sign', SOURCE_PDF, '-o', signed, '--key', key.id, '--passphrase-env', 'KEY_PASS']);
  });
  after(async () => {
    await server.close();
    b.close();
  });

  it('a package exported before any checkpoint was time-stamped carries no tokens and reports the same checks as before', async () => {
    const path = b.file('untimed.affixproof');
    await ok(['proof', 'export', signed, '-o', path]);
    const untimed = readBytes(path);
    assert.equal(evidenceOf(untimed).checkpointTimestamps, undefined);
    const { report } = await verifyOffline(path, ['--trust', b.rootPem]);
    assert.deepEqual(
      report.checks.map((c) => c.id),
      BEFORE_IDS,
    );
  });

  it('export carries the earliest time-stamp of each entry and time-stamps its own checkpoint with the Settings TSA', async () => {
    stamped = await ok<{ size: number; genTime: string }>(['ledger', 'timestamp', '--tsa', server.url]);
    await ok(['tsa', 'url', server.url]);
    pkgPath = b.file('timed.affixproof');
    const r = await ok<{ warnings?: string[]; ledgerIndex: number }>(['proof', 'export', signed, '-o', pkgPath]);
    assert.equal(r.warnings, undefined);
    pkg = readBytes(pkgPath);
    const e = evidenceOf(pkg);
    const stamps = e.checkpointTimestamps ?? [];
    assert.equal(stamps.length, 2, 'the earlier checkpoint (signature events) and the export checkpoint (export event)');
    assert.equal(Number(stamps[0].note.split('\n')[1]), stamped.size);
    assert.ok(stamps[0].consistency, 'an older tree carries its consistency proof to the package checkpoint');
    assert.equal(Number(stamps[1].note.split('\n')[1]), e.checkpoint.size);
    assert.equal(stamps[1].consistency, null);
    assert.ok(r.ledgerIndex >= stamped.size, 'the export event is newer than the first time-stamped checkpoint');
  });

  it('with the TSA root trusted, each entry is proven by the earliest time-stamped checkpoint that includes it', async () => {
    const { report } = await verifyOffline(pkgPath, ['--trust', b.rootPem]);
    const c = checkOf(report, 'checkpoint-time');
    assert.equal(c.verdict, 'passed', c.messages.join('\n'));
    const e = evidenceOf(pkg);
    const sig = e.events.find((x) => x.type === 'signature.added')!;
    const proven = c.messages.find((m) => m.startsWith(`Entry ${sig.index} (signature.added)`));
    assert.equal(
      proven,
      `Entry ${sig.index} (signature.added) existed by ${stamped.genTime}: proven by a time-stamp of checkpoint ${stamped.size} from TSA ${proven?.match(/from TSA (.+); the node/)?.[1]}; the node claims ${sig.time}.`,
    );
    assert.match(proven!, /from TSA .*Affix Test TSA/);
    const exported = e.events.at(-1)!;
    assert.match(
      c.messages.find((m) => m.startsWith(`Entry ${exported.index} `))!,
      new RegExp(`proven by a time-stamp of checkpoint ${e.checkpoint.size} from TSA`),
    );
    const zh = (report.checks.find((x) => x.id === 'checkpoint-time')!.messagesZh ?? []).join('\n');
    assert.match(zh, new RegExp(`记录 ${sig.index}（signature\\.added）不晚于 ${stamped.genTime.replace(/\./g, '\\.')} 已存在`));
  });

  it('without trusting the TSA, the times are said to be only the node\u2019s claims (not a failure)', async () => {
    const { report } = await verifyOffline(pkgPath);
    const c = checkOf(report, 'checkpoint-time');
    assert.equal(c.verdict, 'passed');
    assert.ok(
      c.messages.some((m) => /^The time-stamp of checkpoint \d+ is intact, but its authority is not one you trust/.test(m)),
      c.messages.join('\n'),
    );
    const entries = c.messages.filter((m) => m.startsWith('Entry '));
    assert.equal(entries.length, evidenceOf(pkg).events.length);
    for (const m of entries) assert.match(m, /is only the node's claim/);
  });

  it("the verifier's own anchors count: a supplied trust policy with the organisation's root, or the workspace whose CA issued the TSA", async () => {
    const policy = b.file('policy.json');
    await ok(['proof', 'policy', '-o', policy]);
    const byPolicy = checkOf((await verifyOffline(pkgPath, ['--trust-policy', policy])).report, 'checkpoint-time');
    assert.equal(byPolicy.messages.filter((m) => / existed by /.test(m)).length, evidenceOf(pkg).events.length, byPolicy.messages.join('\n'));
    const inWorkspace = await cli(['proof', 'verify', pkgPath, '--json']);
    const c = checkOf(JSON.parse(inWorkspace.stdout) as Parameters<typeof checkOf>[0], 'checkpoint-time');
    assert.ok(
      c.messages.some((m) => m.startsWith(`Checkpoint ${stamped.size} was time-stamped at ${stamped.genTime} by `)),
      c.messages.join('\n'),
    );
  });

  it('a --trust file that is not a certificate is refused with exit 2 naming it', async () => {
    const r = await affix(['proof', 'verify', pkgPath, '--trust', signed, '--home', b.file('no-workspace')]);
    assert.equal(r.status, 2);
    assert.ok(r.stderr.includes(`The trust anchor ${signed} is not an X.509 certificate (PEM or DER).`), r.stderr);
    const inWorkspace = await cli(['proof', 'verify', pkgPath, '--trust', signed]);
    assert.equal(inWorkspace.status, 2, 'the same through the workspace (the contract carries --trust)');
    assert.ok(inWorkspace.stderr.includes(`The trust anchor ${signed} is not an X.509 certificate`), inWorkspace.stderr);
    const good = await cli(['proof', 'verify', pkgPath, '--trust', b.rootPem, '--json']);
    assert.equal(checkOf(JSON.parse(good.stdout) as Parameters<typeof checkOf>[0], 'checkpoint-time').verdict, 'passed');
  });

  it('a token whose imprint was altered fails the check, naming the checkpoint', async () => {
    const e = evidenceOf(pkg);
    const first = e.checkpointTimestamps![0];
    const imprint = Buffer.from(sha256Hex(first.note), 'hex');
    const altered = withEvidence(pkg, (x) => {
      x.checkpointTimestamps![0].token = alteredToken(first.token, { find: imprint });
    });
    writeBytes(b.file('imprint.affixproof'), altered);
    const { status, report } = await verifyOffline(b.file('imprint.affixproof'), ['--trust', b.rootPem]);
    assert.equal(status, 1);
    const c = checkOf(report, 'checkpoint-time');
    assert.equal(c.verdict, 'failed');
    assert.deepEqual(c.messages, [
      `The time-stamp token of checkpoint ${stamped.size} does not cover that checkpoint: its message imprint is not the SHA-256 of the signed note.`,
    ]);
  });

  it('a token whose signature bytes were altered fails the check: its own signature does not verify', async () => {
    const first = evidenceOf(pkg).checkpointTimestamps![0];
    const altered = withEvidence(pkg, (x) => {
      x.checkpointTimestamps![0].token = alteredToken(first.token, { fromEnd: 2 });
    });
    writeBytes(b.file('sig.affixproof'), altered);
    const { report } = await verifyOffline(b.file('sig.affixproof'), ['--trust', b.rootPem]);
    const c = checkOf(report, 'checkpoint-time');
    assert.equal(c.verdict, 'failed');
    assert.equal(c.messages.length, 1, c.messages.join('\n'));
    assert.match(
      c.messages[0],
      new RegExp(`^The time-stamp token of checkpoint ${stamped.size} is damaged or forged: the timestamp's own signature does not verify`),
    );
  });

  it('a time-stamped note the node did not sign fails the check', async () => {
    const altered = withEvidence(pkg, (x) => {
      const t = x.checkpointTimestamps![0];
      const [origin, size, ...rest] = t.note.split('\n');
      t.note = [origin, String(Number(size) - 1), ...rest].join('\n');
    });
    writeBytes(b.file('note.affixproof'), altered);
    const { report } = await verifyOffline(b.file('note.affixproof'), ['--trust', b.rootPem]);
    const c = checkOf(report, 'checkpoint-time');
    assert.equal(c.verdict, 'failed');
    assert.match(c.messages[0], /^Checkpoint time-stamp 1: its checkpoint is not one the node key signed/);
  });

  it('openssl ts -verify accepts the token taken out of the package, over the SHA-256 of the signed note', () => {
    const first = evidenceOf(pkg).checkpointTimestamps![0];
    const token = b.file('checkpoint-token.der');
    writeFileSync(token, Buffer.from(first.token, 'base64'));
    const verify = (digest: string) =>
      openssl(['ts', '-verify', '-digest', digest, '-in', token, '-token_in', '-CAfile', b.rootPem, '-untrusted', b.untrustedPem]);
    const accepted = verify(sha256Hex(first.note));
    assert.ok(accepted.ok, accepted.out);
    assert.match(accepted.out, /Verification: OK/);
    assert.equal(verify(sha256Hex(`${first.note} `)).ok, false, 'another digest is refused');
  });

  it('an unreachable Settings TSA does not fail the export: the result warns, and the package still verifies by the earlier token', async () => {
    await ok(['tsa', 'url', 'http://127.0.0.1:1/']);
    const path = b.file('unreachable.affixproof');
    const r = await ok<{ warnings?: string[] }>(['proof', 'export', signed, '-o', path]);
    assert.equal(r.warnings?.length, 1);
    assert.match(r.warnings![0], /^The checkpoint of size \d+ was not time-stamped \(TSA http:\/\/127\.0\.0\.1:1\/: /);
    const e = evidenceOf(readBytes(path));
    assert.equal(e.checkpointTimestamps?.length, 2, 'the first and the previous export checkpoints; none for the new export event');
    const { report } = await verifyOffline(path, ['--trust', b.rootPem]);
    const c = checkOf(report, 'checkpoint-time');
    assert.equal(c.verdict, 'passed');
    assert.match(
      c.messages.find((m) => m.startsWith(`Entry ${e.events.at(-1)!.index} `))!,
      /is only the node's claim/,
    );
  });
});
