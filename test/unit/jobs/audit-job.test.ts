/**
 * The ledger audit as a job (ledger.verifyStart + jobs.get) gives exactly the
 * report of the one-shot audit (ledger.verify, what the CLI prints) on an
 * honest ledger and on copies tampered by plain SQL, reports progress in
 * entries, stops when cancelled, and audits the ledger as it was when it
 * started even while entries are appended between its steps.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import type { JobView } from '../../../shared/contract/jobs';
import { createAppRouter } from '../../../main/ipc/app-router';
import type { Router } from '../../../main/ipc/router';
import { openServices, type Services } from '../../../main/services/composition/container';
import { affix, tempHome } from '../../support/cli';

const ENTRIES = 5000;
const APP = { kind: 'frame', url: 'app://affix/index.html' } as const;
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const homes: string[] = [];
let pristine: string;

before(() => {
  pristine = tempHome('affix-audit-job-');
  homes.push(pristine);
  const s = openServices(pristine, { create: true, ledger: { checkpointIntervalMs: 0 } });
  try {
    s.ledger.ensureNode();
    // Several checkpoints along the way, so the job checks roots at several sizes.
    for (const n of [1200, 1800, 2000]) {
      s.ledger.appendMany(Array.from({ length: n }, (_, i) => ({ type: 'document.anchored' as const, subjects: [sha(`${n}/${i}`)] })));
      s.ledger.checkpoint();
    }
    assert.equal(s.ledger.size(), ENTRIES);
  } finally {
    s.close();
  }
});
after(() => {
  for (const h of homes) rmSync(join(h, '..'), { recursive: true, force: true });
});

async function call<T>(router: Router, method: string, input: unknown): Promise<T> {
  const r = await router.invoke(method, input, APP);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** Runs the audit job to its end over the router, polling on every turn; returns the views seen. */
async function auditJob(router: Router, onRunning?: (v: JobView) => void): Promise<JobView[]> {
  const { jobId } = await call<{ jobId: string }>(router, 'ledger.verifyStart', {});
  const seen: JobView[] = [];
  for (;;) {
    const v = await call<JobView>(router, 'jobs.get', { jobId });
    seen.push(v);
    if (v.state !== 'running') return seen;
    onRunning?.(v);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function withCopy(tamper: ((db: Database.Database) => void) | null, fn: (s: Services, router: Router) => Promise<void>): Promise<void> {
  const home = tempHome('affix-audit-job-copy-');
  homes.push(home);
  cpSync(pristine, home, { recursive: true });
  if (tamper) {
    const db = new Database(join(home, 'affix.db'));
    tamper(db);
    db.close();
  }
  const s = openServices(home, { ledger: { checkpointIntervalMs: 0 } });
  try {
    await fn(s, createAppRouter(s));
  } finally {
    s.close();
  }
}

const finalReport = (seen: JobView[]) => {
  const last = seen.at(-1)!;
  assert.equal(last.state, 'done', JSON.stringify(last));
  return last.state === 'done' && last.result.kind === 'ledger.verify' ? last.result.report : assert.fail(`not an audit result: ${JSON.stringify(last)}`);
};

test('on an honest ledger the job reports the same passing report as ledger.verify, with monotone progress in entries', () =>
  withCopy(null, async (s, router) => {
    const seen = await auditJob(router);
    const report = finalReport(seen);
    assert.deepEqual(report, await call(router, 'ledger.verify', {}));
    assert.equal(report.ok, true);
    assert.equal(report.entries, ENTRIES);
    assert.equal(report.checkpointsChecked, 4); // three rows and the signed-head file
    const running = seen.filter((v) => v.state === 'running');
    assert.ok(running.length >= 3, `polls answered while it ran: ${running.length}`);
    assert.ok(running.every((v) => v.total === ENTRIES));
    const dones = seen.map((v) => v.done);
    for (let i = 1; i < dones.length; i++) assert.ok(dones[i] >= dones[i - 1], dones.join(','));
    assert.ok(
      running.some((v) => v.done > 0 && v.done < ENTRIES),
      `progress between 0 and the total: ${dones.join(',')}`,
    );
    assert.equal(seen.at(-1)!.done, ENTRIES);
    // The CLI (which drains the same steps) agrees.
    const cli = await affix(['ledger', 'verify', '--home', s.workspace.home, '--json']);
    assert.equal(cli.status, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout), report);
  }));

const TAMPERINGS: { name: string; firstBad: number | null; sql: (db: Database.Database) => void }[] = [
  {
    name: 'an edited entry',
    firstBad: 3017,
    sql: (db) => {
      const e = Buffer.from(db.prepare<[number], Buffer>('SELECT entry FROM ledger_entries WHERE idx = ?').pluck().get(3017)!);
      e[e.length - 1] ^= 1;
      db.prepare('UPDATE ledger_entries SET entry = ? WHERE idx = 3017').run(e);
    },
  },
  { name: 'a deleted entry row', firstBad: 2500, sql: (db) => db.prepare('DELETE FROM ledger_entries WHERE idx = 2500').run() },
  { name: 'the last entries removed', firstBad: ENTRIES - 10, sql: (db) => db.prepare(`DELETE FROM ledger_entries WHERE idx >= ${ENTRIES - 10}`).run() },
  { name: 'a subject index row removed', firstBad: 4321, sql: (db) => db.prepare('DELETE FROM ledger_subjects WHERE idx = 4321').run() },
  {
    name: 'a zeroed tree node',
    firstBad: 0,
    sql: (db) => db.prepare('UPDATE ledger_nodes SET hash = zeroblob(32) WHERE pos = (SELECT MIN(pos) FROM ledger_nodes)').run(),
  },
  {
    name: 'a forged checkpoint note',
    firstBad: null,
    sql: (db) => db.prepare("UPDATE ledger_checkpoints SET note = replace(note, '\n1200\n', '\n1201\n') WHERE size = 1200").run(),
  },
];

for (const t of TAMPERINGS) {
  test(`with ${t.name} the job's report equals ledger.verify's and names the first bad index`, () =>
    withCopy(t.sql, async (_s, router) => {
      const report = finalReport(await auditJob(router));
      assert.equal(report.ok, false);
      assert.equal(report.firstBadIndex, t.firstBad, JSON.stringify(report.problems.slice(0, 3)));
      assert.deepEqual(report, await call(router, 'ledger.verify', {}));
    }));
}

test('cancel stops the audit part-way and a later run still completes', () =>
  withCopy(null, async (_s, router) => {
    const { jobId } = await call<{ jobId: string }>(router, 'ledger.verifyStart', {});
    let v = await call<JobView>(router, 'jobs.get', { jobId });
    while (v.state === 'running' && v.done === 0) {
      await new Promise((resolve) => setImmediate(resolve));
      v = await call<JobView>(router, 'jobs.get', { jobId });
    }
    const stopped = await call<JobView>(router, 'jobs.cancel', { jobId });
    assert.equal(stopped.state, 'cancelled');
    assert.ok(stopped.done > 0 && stopped.done < ENTRIES, `stopped at ${stopped.done}`);
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await call(router, 'jobs.get', { jobId }), stopped);
    assert.equal(finalReport(await auditJob(router)).ok, true);
  }));

test('entries appended while the job runs are neither audited nor taken for damage', () =>
  withCopy(null, async (s, router) => {
    s.ledger.ensureNode();
    let appended = 0;
    const seen = await auditJob(router, (v) => {
      // The snapshot is taken by the job's first step; from then on the app keeps working:
      // appends and a checkpoint (which also rewrites the signed-head file) between the job's steps.
      if (v.done === 0) return;
      s.ledger.appendMany(Array.from({ length: 300 }, (_, i) => ({ type: 'access.viewed' as const, subjects: [sha(`late ${appended + i}`)] })));
      appended += 300;
      s.ledger.checkpoint();
    });
    assert.ok(appended >= 600, `appended ${appended} entries during the audit`);
    const report = finalReport(seen);
    assert.equal(report.ok, true, JSON.stringify(report.problems.slice(0, 3)));
    assert.equal(report.entries, ENTRIES);
    const now = await call<{ ok: boolean; entries: number }>(router, 'ledger.verify', {});
    assert.deepEqual([now.ok, now.entries], [true, ENTRIES + appended]);
  }));
