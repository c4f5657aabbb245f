/**
 * Crash safety: a real child process appends batches (and signs checkpoints)
 * to one workspace and is SIGKILLed at a random moment, 200 times. After every
 * kill, each entry the child acknowledged (printed after its commit) must be
 * in the ledger with the same leaf hash, and `affix ledger verify` must pass.
 *
 * The child is test/unit/ledger/fixtures/append-child.ts, bundled once with esbuild so that a
 * round costs a Node start-up (~0.1 s) rather than a TypeScript compile.
 *
 * Kill moments are not fixed milliseconds: how long the child takes from
 * `ready` to its first commit (~10 ms on a quiet machine) stretches tenfold
 * on a loaded one, and a fixed 0-40 ms window then kills most children before
 * they append anything. Each lane therefore times an uninterrupted run (from
 * `ready` to its CALIBRATION_ACKS-th acknowledged entry, a few batches and
 * checkpoints in), every CALIBRATE_EVERY rounds so that the window follows the
 * machine's load, and kills at a uniformly random moment within that span:
 * some before the first commit, most in mid-stream.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { buildSync } from 'esbuild';
import { hashLeaf } from '../../../shared/ledger/merkle';
import { toHex } from '../../../shared/ledger/bytes';
import { affix, tempHome } from '../../support/cli';
import { repoRoot } from '../../support/repo';

const ROUNDS = 200;
/** An uninterrupted run is timed until it has acknowledged this many entries. */
const CALIBRATION_ACKS = 20;
/** Rounds between two timings of an uninterrupted run (load changes while the test runs). */
const CALIBRATE_EVERY = 10;
const work = mkdtempSync(join(tmpdir(), 'affix-crash-'));
const child = join(work, 'append-child.cjs');

before(() => {
  buildSync({
    entryPoints: [join(import.meta.dirname, '..', '..', 'unit', 'ledger', 'fixtures', 'append-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['better-sqlite3'],
    outfile: child,
    logLevel: 'error',
  });
});
after(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  acks: Map<number, string>;
  /** ms from `ready` to the CALIBRATION_ACKS-th acknowledged entry (calibration runs only). */
  span?: number;
}

/**
 * Runs the child until it has printed `ready`, then kills it `delayMs` later,
 * or (delayMs undefined: an uninterrupted run, timed) once it has acknowledged
 * CALIBRATION_ACKS entries. Returns the acknowledged entries.
 */
function runAndKill(home: string, seed: number, delayMs: number | undefined): Promise<Run> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, home, String(seed)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_PATH: join(repoRoot, 'node_modules') },
    });
    const acks = new Map<number, string>();
    let buffer = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let ready: number | undefined;
    let span: number | undefined;
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const m = /^ack (\d+) ([0-9a-f]{64})$/.exec(line);
        if (m) {
          acks.set(Number(m[1]), m[2]);
          if (delayMs === undefined && ready !== undefined && span === undefined && acks.size >= CALIBRATION_ACKS) {
            span = performance.now() - ready;
            p.kill('SIGKILL');
          }
        } else if (line === 'ready' && ready === undefined) {
          ready = performance.now();
          if (delayMs !== undefined) timer = setTimeout(() => p.kill('SIGKILL'), delayMs);
        }
      }
    });
    p.stderr.on('data', (c) => (stderr += String(c)));
    p.on('error', reject);
    p.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL') reject(new Error(`child ended by itself (code ${code}): ${stderr}`));
      else resolve({ acks, span });
    });
  });
}

/** One lane: its own workspace, killed and checked `rounds` times (plus a timed uninterrupted run every CALIBRATE_EVERY rounds). */
async function lane(id: number, rounds: number, random: () => number): Promise<{ withAcks: number; acknowledged: number }> {
  const home = tempHome(`affix-crash-${id}-`);
  assert.equal((await affix(['init', '--home', home])).status, 0);
  const acknowledged = new Map<number, string>();
  let withAcks = 0;
  /** Entries acknowledged in the randomly killed rounds only (the timing runs' entries do not count towards the test's goal). */
  let ackedInRounds = 0;
  let window = 0;

  const check = async (what: string, run: Run): Promise<void> => {
    for (const [i, h] of run.acks) acknowledged.set(i, h);
    const db = new Database(join(home, 'affix.db'), { readonly: true });
    const rows = db.prepare<[], { idx: number; entry: Buffer }>('SELECT idx, entry FROM ledger_entries').all();
    db.close();
    const stored = new Map(rows.map((r) => [r.idx, toHex(hashLeaf(r.entry))]));
    for (const [i, h] of acknowledged) assert.equal(stored.get(i), h, `lane ${id} ${what}: acknowledged entry ${i} lost or changed`);

    const verify = await affix(['ledger', 'verify', '--home', home, '--json']);
    assert.equal(verify.status, 0, `lane ${id} ${what}: ledger verify failed after the kill:\n${verify.stdout}${verify.stderr}`);
    assert.equal(JSON.parse(verify.stdout).entries, rows.length);
  };

  for (let round = 0; round < rounds; round++) {
    if (round % CALIBRATE_EVERY === 0) {
      // The uninterrupted run is SIGKILLed mid-stream as well, so it is checked like a round.
      const timed = await runAndKill(home, id * 1000 + 900 + round / CALIBRATE_EVERY, undefined);
      assert.ok(timed.span !== undefined, `lane ${id}: the uninterrupted run did not acknowledge ${CALIBRATION_ACKS} entries`);
      window = timed.span;
      await check(`timing run before round ${round}`, timed);
    }
    const run = await runAndKill(home, id * 1000 + round, random() * window);
    if (run.acks.size > 0) withAcks += 1;
    ackedInRounds += run.acks.size;
    await check(`round ${round}`, run);
  }
  // A checkpoint signed afterwards covers everything.
  const cp = await affix(['ledger', 'checkpoint', '--home', home, '--json']);
  assert.equal(cp.status, 0, cp.stderr);
  assert.ok(JSON.parse(cp.stdout).size >= acknowledged.size);
  return { withAcks, acknowledged: ackedInRounds };
}

test(`${ROUNDS} SIGKILLs at random moments lose no acknowledged entry and never break the audit`, { timeout: 600_000 }, async (t) => {
  let rng = 0x2545f491;
  const random = (): number => {
    rng ^= rng << 13;
    rng ^= rng >>> 17;
    rng ^= rng << 5;
    return (rng >>> 0) / 2 ** 32;
  };
  // Two workspaces side by side, so one child starts while the other is checked.
  const lanes = await Promise.all([lane(1, ROUNDS / 2, random), lane(2, ROUNDS / 2, random)]);
  const withAcks = lanes.reduce((a, l) => a + l.withAcks, 0);
  const acknowledged = lanes.reduce((a, l) => a + l.acknowledged, 0);
  t.diagnostic(`${withAcks} of ${ROUNDS} rounds acknowledged something; ${acknowledged} entries acknowledged in them`);
  // The kills must really have landed mid-stream, not only before the first append.
  assert.ok(withAcks > ROUNDS / 2, `only ${withAcks} rounds acknowledged anything`);
  assert.ok(acknowledged > ROUNDS, `only ${acknowledged} entries acknowledged`);
});
