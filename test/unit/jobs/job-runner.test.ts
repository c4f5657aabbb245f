/**
 * The job runner on its own: progress never runs backwards, a cancelled job
 * stops doing work and says so, failures keep their code, polls are answered
 * while work runs, and finished jobs are kept only within their bounds.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JobResult, JobView } from '../../../shared/contract/jobs';
import { AffixError } from '../../../shared/errors/affix-error';
import { createAppRouter } from '../../../main/ipc/app-router';
import { JobRunner, type JobContext } from '../../../main/services/core/jobs/job-runner';
import { drainSteps, runSteps, type Steps } from '../../../main/services/core/jobs/steps';
import { openServices } from '../../../main/services/composition/container';
import { tempHome } from '../../support/cli';

const report = (entries: number): JobResult => ({
  kind: 'ledger.verify',
  report: { ok: true, entries, checkpointsChecked: 0, latestCheckpointSize: null, firstBadIndex: null, problemCount: 0, problems: [] },
});

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Polls `get` on every turn of the event loop until the job finishes; returns every view seen. */
async function watch(runner: JobRunner, jobId: string): Promise<JobView[]> {
  const seen: JobView[] = [];
  for (;;) {
    const v = runner.get(jobId);
    seen.push(v);
    if (v.state !== 'running') return seen;
    await turn();
  }
}

test('progress is monotone and clamped to the total; a done job shows all its work done', async () => {
  const runner = new JobRunner();
  const reported = [0, 10, 40, 25, 70, 500, 90];
  const jobId = runner.start('ledger.verify', 100, async (ctx) => {
    for (const done of reported) {
      ctx.progress(done, 100);
      await ctx.pause();
    }
    return report(100);
  });
  assert.match(jobId, /^job-[0-9a-f-]{36}$/);
  const seen = await watch(runner, jobId);
  const dones = seen.map((v) => v.done);
  for (let i = 1; i < dones.length; i++) assert.ok(dones[i] >= dones[i - 1], `progress went back: ${dones.join(',')}`);
  assert.ok(
    dones.every((d) => d <= 100),
    dones.join(','),
  );
  // The work's own backwards report (40 → 25) and overshoot (500) were seen by polls, but never shown as such.
  assert.ok(seen.some((v) => v.state === 'running' && v.done === 40));
  assert.ok(seen.some((v) => v.state === 'running' && v.done === 100));
  assert.ok(new Set(dones).size >= 4, `polls saw the progress move: ${dones.join(',')}`);
  const last = seen.at(-1)!;
  assert.equal(last.state, 'done');
  assert.equal(last.done, 100);
  assert.deepEqual(last.state === 'done' && last.result, report(100));
  assert.ok(last.state === 'done' && Date.parse(last.finishedAt) >= Date.parse(last.startedAt));
});

test('cancel stops the work at its next pause and reports cancelled with how far it got', async () => {
  const runner = new JobRunner();
  let steps = 0;
  let cleanedUp = false;
  const jobId = runner.start('ledger.verify', 1_000_000, async (ctx) => {
    try {
      for (;;) {
        steps += 1;
        ctx.progress(steps, 1_000_000);
        await ctx.pause();
      }
    } finally {
      cleanedUp = true;
    }
  });
  while (steps < 5) await turn();
  const view = await runner.cancel(jobId);
  assert.equal(view.state, 'cancelled');
  assert.ok(cleanedUp, 'the work ran its cleanup before cancel answered');
  const stoppedAt = steps;
  assert.ok(view.done >= 4 && view.done <= stoppedAt, `done ${view.done}, steps ${stoppedAt}`);
  for (let i = 0; i < 20; i++) await turn();
  assert.equal(steps, stoppedAt, 'no work after cancel');
  assert.deepEqual(runner.get(jobId), view);
  // Cancelling again, or cancelling a finished job, changes nothing.
  assert.deepEqual(await runner.cancel(jobId), view);
  const finished = runner.start('ledger.verify', 1, async () => report(1));
  await watch(runner, finished);
  assert.equal((await runner.cancel(finished)).state, 'done');
});

test('a job cancelled before its first step never starts its work', async () => {
  const runner = new JobRunner();
  let started = false;
  const jobId = runner.start('ledger.verify', 1, async () => {
    started = true;
    return report(1);
  });
  assert.equal((await runner.cancel(jobId)).state, 'cancelled');
  assert.equal(started, false);
});

test('a generator driven by runSteps is closed when cancelled, and drains to the same result', async () => {
  let closed = 0;
  async function* count(n: number): Steps<number> {
    try {
      for (let i = 1; i <= n; i++) yield { done: i, total: n };
      return n * 2;
    } finally {
      closed += 1;
    }
  }
  assert.equal(await drainSteps(count(10)), 20);
  const runner = new JobRunner();
  const done = runner.start('ledger.verify', 10, async (ctx) => report(await runSteps(count(10), ctx)));
  const view = (await watch(runner, done)).at(-1)!;
  assert.deepEqual(view.state === 'done' && view.result, report(20));
  const cancelled = runner.start('ledger.verify', 1e9, async (ctx) => report(await runSteps(count(1e9), ctx)));
  while (runner.get(cancelled).done < 3) await turn();
  assert.equal((await runner.cancel(cancelled)).state, 'cancelled');
  assert.equal(closed, 3, 'every generator ran its finally block');
});

test('failures are reported with their code; unexpected ones as INTERNAL with the message', async () => {
  const runner = new JobRunner();
  const refused = runner.start('ledger.verify', 10, async (ctx) => {
    ctx.progress(3, 10);
    await ctx.pause();
    throw new AffixError('REFUSED', 'not today');
  });
  const broken = runner.start('ledger.verify', 10, async () => {
    throw new TypeError('x is undefined');
  });
  const a = (await watch(runner, refused)).at(-1)!;
  const b = (await watch(runner, broken)).at(-1)!;
  assert.deepEqual(a.state === 'failed' && { error: a.error, done: a.done }, { error: { code: 'REFUSED', message: 'not today' }, done: 3 });
  assert.equal(b.state === 'failed' && b.error.code, 'INTERNAL');
  assert.match(b.state === 'failed' ? b.error.message : '', /x is undefined/);
  // A CANCELLED error from work nobody cancelled is a failure, not a cancellation.
  const odd = runner.start('ledger.verify', 1, async () => {
    throw new AffixError('CANCELLED', 'gave up');
  });
  assert.equal((await watch(runner, odd)).at(-1)!.state, 'failed');
});

test('finished jobs are kept within bounds; unknown ids are NOT_FOUND; too many running jobs are refused', async () => {
  const runner = new JobRunner({ keepFinished: 2, keepMs: 60_000, maxRunning: 2 });
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    ids.push(runner.start('ledger.verify', 1, async () => report(i)));
    await watch(runner, ids[i]);
  }
  assert.throws(
    () => runner.get(ids[0]),
    (e: AffixError) => e.code === 'NOT_FOUND' && /no job/i.test(e.message),
  );
  assert.equal(runner.get(ids[1]).state, 'done');
  assert.equal(runner.get(ids[2]).state, 'done');
  await assert.rejects(runner.cancel('job-00000000-0000-0000-0000-000000000000'), (e: AffixError) => e.code === 'NOT_FOUND');

  const forever = (ctx: JobContext) =>
    (async () => {
      for (;;) await ctx.pause();
    })();
  const r1 = runner.start('ledger.verify', 1, forever);
  const r2 = runner.start('ledger.verify', 1, forever);
  assert.throws(
    () => runner.start('ledger.verify', 1, forever),
    (e: AffixError) => e.code === 'REFUSED',
  );
  runner.cancelAll();
  await turn();
  await turn();
  assert.equal(runner.get(r1).state, 'cancelled');
  assert.equal(runner.get(r2).state, 'cancelled');
});

test('finished jobs are forgotten once they are older than keepMs', async () => {
  const runner = new JobRunner({ keepMs: 30 });
  const id = runner.start('ledger.verify', 1, async () => report(1));
  await watch(runner, id);
  assert.equal(runner.get(id).state, 'done');
  await new Promise((resolve) => setTimeout(resolve, 60));
  assert.throws(
    () => runner.get(id),
    (e: AffixError) => e.code === 'NOT_FOUND',
  );
});

test('over the router: jobs.get refuses unknown and malformed ids with distinct codes', async () => {
  const services = openServices(tempHome(), { create: true });
  try {
    const router = createAppRouter(services);
    const app = { kind: 'frame', url: 'app://affix/index.html' } as const;
    const unknown = await router.invoke('jobs.get', { jobId: 'job-00000000-0000-0000-0000-000000000000' }, app);
    assert.equal(unknown.ok ? null : unknown.error.code, 'NOT_FOUND');
    const malformed = await router.invoke('jobs.cancel', { jobId: '../etc' }, app);
    assert.equal(malformed.ok ? null : malformed.error.code, 'BAD_INPUT');
    const noLedger = await router.invoke('ledger.verifyStart', {}, app);
    assert.equal(noLedger.ok ? null : noLedger.error.code, 'NOT_INITIALISED');
  } finally {
    services.close();
  }
});
