/**
 * Crash test (issue #17): an `affix witness serve` child process is SIGKILLed
 * at random moments while 200 add-checkpoint requests arrive from two logs and
 * a fork of one of them (a second copy of the same log, same origin and key,
 * whose history diverges). After each kill the witness restarts on the same
 * workspace. Every cosignature it ever returned is then checked: it verifies
 * under the witness key over the checkpoint that was sent; per origin there is
 * one root per size; and every pair of cosigned sizes is consistent (an RFC
 * 9162 consistency proof from the history that produced the larger one
 * verifies against the smaller one's root). A witness that answered before its
 * record was durable would, after a kill, cosign the fork or an old size again.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Agent, request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ed25519VerifyNative } from '../../../main/services/usecases/witness/witness-key';
import { bytesEqual, readU64 } from '../../../shared/ledger/bytes';
import { parseCheckpointText } from '../../../shared/ledger/checkpoint';
import { cosignatureMessage } from '../../../shared/ledger/cosignature';
import { verifyConsistency } from '../../../shared/ledger/merkle';
import { parseNote, parseVerifierKey, type VerifierKey } from '../../../shared/ledger/note';
import { parseCosignatureResponse, parseTlogSize } from '../../../shared/ledger/tlog-witness';
import { consistencyProof, memorySource } from '../../../shared/ledger/tree';
import { affix, tempHome } from '../../support/cli';
import { repoRoot } from '../../support/repo';
import { TestLog } from './fixtures/test-log';

const REQUESTS = 200;
const KILL_CHANCE = 0.05;

interface Answer {
  status: number;
  body: string;
}

interface Cosigned {
  log: TestLog;
  text: string;
  size: number;
  root: Uint8Array;
}

class WitnessChild {
  private child: ChildProcess | null = null;
  port = 0;
  constructor(private readonly home: string) {}

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'main/cli/affix.ts', 'witness', 'serve', '--listen', '127.0.0.1:0', '--home', this.home, '--json'],
      {
        cwd: repoRoot,
        env: { ...process.env, AFFIX_HOME: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the witness did not start: ${err}`)), 120_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /"listening":\s*"http:\/\/127\.0\.0\.1:(\d+)"/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the witness exited (${code}) before listening: ${err}`));
      });
    });
  }

  /** SIGKILL, then wait until the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await gone;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }
}

function post(port: number, agent: Agent, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/add-checkpoint', method: 'POST', agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('a witness killed at random moments never cosigns two inconsistent checkpoints', () => {
  const home = tempHome('affix-witness-crash-');
  const witness = new WitnessChild(home);
  let witnessKey: VerifierKey;
  const main = new TestLog().append(3);
  const other = new TestLog().append(2);
  let fork: TestLog;

  before(async () => {
    assert.equal((await affix(['init', '--home', home])).status, 0);
    const init = await affix(['witness', 'init', '--name', 'crash.example/witness', '--home', home, '--json']);
    assert.equal(init.status, 0, init.stderr);
    witnessKey = parseVerifierKey((JSON.parse(init.stdout) as { verifierKey: string }).verifierKey);
    for (const log of [main, other]) assert.equal((await affix(['witness', 'add-log', '--origin', log.origin, '--key', log.vkey, '--home', home])).status, 0);
    fork = main.fork();
  });
  after(async () => {
    await witness.kill();
    rmSync(dirname(home), { recursive: true, force: true });
  });

  it(`survives kills during ${REQUESTS} requests from two logs and a fork, and its answers agree`, async () => {
    let random = 0x2545f491;
    const rand = (): number => {
      random ^= random << 13;
      random ^= random >>> 17;
      random ^= random << 5;
      return (random >>> 0) / 2 ** 32;
    };
    const cosigned: Cosigned[] = [];
    // What each history believes the witness holds for its origin (the fork shares main's origin).
    const known = new Map<TestLog, number>([
      [main, 0],
      [fork, 0],
      [other, 0],
    ]);
    const counts = { kills: 0, killedInFlight: 0, ok: 0, conflict: 0, badProof: 0, other: 0 };
    const refusedFork = { count: 0 };
    await witness.start();
    let agent = new Agent({ keepAlive: true });

    for (let i = 0; i < REQUESTS; i++) {
      const r = rand();
      const log = r < 0.45 ? main : r < 0.75 ? fork : other;
      // The fork diverges from main after the first few requests: both append their own leaves from then on.
      log.append(1 + Math.floor(rand() * 3));
      const size = log.leaves.length;
      const old = Math.min(known.get(log)!, size);
      const body = log.request(old, size);
      let killer: NodeJS.Timeout | undefined;
      let killing: Promise<void> | undefined;
      if (rand() < KILL_CHANCE) {
        killer = setTimeout(
          () => {
            killing = witness.kill();
          },
          Math.floor(rand() * 4),
        );
      }
      let answer: Answer | null = null;
      try {
        answer = await post(witness.port, agent, body);
      } catch {
        counts.killedInFlight++;
      }
      clearTimeout(killer);
      // A kill drawn for this request that had not fired yet lands now, between answer and next request.
      if (killer && !killing) killing = witness.kill();
      if (killing || !witness.running) {
        await killing;
        await witness.kill();
        counts.kills++;
        agent.destroy();
        agent = new Agent({ keepAlive: true });
        await witness.start();
      }
      if (!answer) continue;
      if (answer.status === 200) {
        counts.ok++;
        const text = parseNote(log.checkpoint(size)).text;
        const checkpoint = parseCheckpointText(text);
        for (const sig of parseCosignatureResponse(answer.body)) {
          assert.equal(sig.name, witnessKey.name);
          assert.ok(bytesEqual(sig.keyId, witnessKey.keyId), 'the key ID is the witness key');
          const timestamp = readU64(sig.signature, 0);
          assert.ok(timestamp !== null && timestamp > 0, 'a cosignature carries its timestamp');
          assert.ok(
            ed25519VerifyNative(sig.signature.subarray(8), cosignatureMessage(text, timestamp), witnessKey.publicKey),
            'each cosignature verifies over the checkpoint sent',
          );
          cosigned.push({ log, text, size: checkpoint.size, root: checkpoint.rootHash });
        }
        known.set(log, size);
      } else if (answer.status === 409) {
        counts.conflict++;
        known.set(log, parseTlogSize(answer.body));
        if (log === fork || log === main) refusedFork.count++;
      } else if (answer.status === 422) {
        counts.badProof++;
        if (log === fork || log === main) refusedFork.count++;
      } else {
        counts.other++;
        assert.fail(`unexpected ${answer.status}: ${answer.body}`);
      }
    }
    await witness.kill();

    assert.ok(counts.kills >= 5, `the witness was killed several times (${JSON.stringify(counts)})`);
    assert.ok(counts.killedInFlight >= 1, `at least one kill landed while a request was in flight (${JSON.stringify(counts)})`);
    assert.ok(counts.ok >= 20, `it cosigned along the way (${JSON.stringify(counts)})`);
    assert.ok(refusedFork.count >= 1, `the fork of the main log was refused (${JSON.stringify(counts)})`);

    // Per origin: one root per size, and every pair of sizes consistent.
    const byOrigin = new Map<string, Cosigned[]>();
    for (const c of cosigned) byOrigin.set(c.log.origin, [...(byOrigin.get(c.log.origin) ?? []), c]);
    let pairs = 0;
    for (const [origin, list] of byOrigin) {
      const bySize = new Map<number, Uint8Array>();
      for (const c of list) {
        const seen = bySize.get(c.size);
        if (seen) assert.ok(bytesEqual(seen, c.root), `${origin}: two roots cosigned for size ${c.size}`);
        bySize.set(c.size, c.root);
      }
      const sorted = [...list].sort((a, b) => a.size - b.size);
      for (let a = 0; a < sorted.length; a++) {
        for (let b = a + 1; b < sorted.length; b++) {
          const small = sorted[a];
          const large = sorted[b];
          if (small.size === large.size || small.size === 0) continue;
          const proof = consistencyProof(memorySource(large.log.leaves), small.size, large.size);
          assert.ok(
            verifyConsistency(small.size, large.size, proof, small.root, large.root),
            `${origin}: sizes ${small.size} and ${large.size} are consistent`,
          );
          pairs++;
        }
      }
    }
    assert.ok(pairs > 0, 'consistency was checked between cosigned sizes');
  });
});
