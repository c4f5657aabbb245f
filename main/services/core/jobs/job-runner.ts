/**
 * Runs long work in the main process while the window stays responsive. The
 * work reports progress and calls `ctx.pause()` between chunks: that lets the
 * event loop answer other calls (the window's `jobs.get` polls among them) and
 * is where a cancelled job stops. Finished jobs are kept for a while so a late
 * poll still sees the outcome, within a bound, then forgotten.
 */
import { randomUUID } from 'node:crypto';
import type { JobKind, JobResult, JobView } from '../../../../shared/contract/jobs';
import { AffixError, errorInfoOf, isAffixError, type ErrorInfo } from '../../../../shared/errors/affix-error';

export interface JobContext {
  /** Aborted when the job is cancelled (or the runner closes). */
  readonly signal: AbortSignal;
  /** Reports progress; `done` is clamped to [previous done, total] so the view never runs backwards. */
  progress(done: number, total: number): void;
  /** Lets other calls in, then throws CANCELLED if the job was cancelled meanwhile. */
  pause(): Promise<void>;
}

export type JobWork<K extends JobKind> = (ctx: JobContext) => Promise<Extract<JobResult, { kind: K }>>;

export interface JobRunnerOptions {
  /** How long a finished job stays readable. */
  keepMs?: number;
  /** At most this many finished jobs are kept (the oldest go first). */
  keepFinished?: number;
  /** At most this many jobs run at once; more are refused. */
  maxRunning?: number;
  now?: () => Date;
}

interface Job {
  view: JobView;
  controller: AbortController;
  settled: Promise<void>;
  finishedAtMs: number | null;
}

const DEFAULTS = { keepMs: 15 * 60_000, keepFinished: 50, maxRunning: 4 };

const cancelled = (): AffixError => new AffixError('CANCELLED', 'The job was cancelled.');

export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly keepMs: number;
  private readonly keepFinished: number;
  private readonly maxRunning: number;
  private readonly now: () => Date;

  constructor(options: JobRunnerOptions = {}) {
    this.keepMs = options.keepMs ?? DEFAULTS.keepMs;
    this.keepFinished = options.keepFinished ?? DEFAULTS.keepFinished;
    this.maxRunning = options.maxRunning ?? DEFAULTS.maxRunning;
    this.now = options.now ?? (() => new Date());
  }

  /** Starts `work` on the next turn of the event loop and returns its id at once. */
  start<K extends JobKind>(kind: K, total: number, work: JobWork<K>): string {
    this.prune();
    const running = [...this.jobs.values()].filter((j) => j.view.state === 'running').length;
    if (running >= this.maxRunning) throw new AffixError('REFUSED', `${running} long jobs are already running; wait for one to finish or cancel it.`);
    const jobId = `job-${randomUUID()}`;
    const controller = new AbortController();
    const job: Job = {
      view: { jobId, kind, state: 'running', done: 0, total: Math.max(0, total), startedAt: this.now().toISOString() },
      controller,
      settled: Promise.resolve(),
      finishedAtMs: null,
    };
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (done, newTotal) => {
        if (job.view.state !== 'running') return;
        const t = Math.max(0, Math.floor(newTotal));
        job.view = { ...job.view, total: t, done: Math.min(t, Math.max(job.view.done, Math.floor(done))) };
      },
      pause: async () => {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (controller.signal.aborted) throw cancelled();
      },
    };
    job.settled = (async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (controller.signal.aborted) throw cancelled();
      return work(ctx);
    })().then(
      (result) => this.finish(job, { state: 'done', result }),
      (error: unknown) =>
        this.finish(job, controller.signal.aborted && isCancellation(error) ? { state: 'cancelled' } : { state: 'failed', error: errorInfo(error) }),
    );
    this.jobs.set(jobId, job);
    return jobId;
  }

  get(jobId: string): JobView {
    this.prune();
    return this.find(jobId).view;
  }

  /** Cancels a running job and answers once its work has stopped; a finished job is returned as it is. */
  async cancel(jobId: string): Promise<JobView> {
    const job = this.find(jobId);
    job.controller.abort();
    await job.settled;
    return job.view;
  }

  /** Cancels every running job (the workspace is closing) without waiting. */
  cancelAll(): void {
    for (const job of this.jobs.values()) job.controller.abort();
  }

  private find(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new AffixError('NOT_FOUND', `No job ${jobId}: it never existed here, or it finished long enough ago to be forgotten.`);
    return job;
  }

  private finish(job: Job, outcome: { state: 'done'; result: JobResult } | { state: 'failed'; error: ErrorInfo } | { state: 'cancelled' }): void {
    const { jobId, kind, startedAt } = job.view;
    const finishedAt = this.now().toISOString();
    // A finished job shows all its work done; a stopped one shows how far it got.
    const done = outcome.state === 'done' ? job.view.total : job.view.done;
    job.view = { jobId, kind, startedAt, total: job.view.total, done, finishedAt, ...outcome };
    job.finishedAtMs = Date.now();
    this.prune();
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => j.finishedAtMs !== null).sort((a, b) => a.finishedAtMs! - b.finishedAtMs!);
    const cutoff = Date.now() - this.keepMs;
    finished.forEach((job, i) => {
      if (job.finishedAtMs! < cutoff || i < finished.length - this.keepFinished) this.jobs.delete(job.view.jobId);
    });
  }
}

const isCancellation = (error: unknown): boolean => isAffixError(error) && error.code === 'CANCELLED';

function errorInfo(error: unknown): ErrorInfo {
  if (isAffixError(error)) return errorInfoOf(error);
  return { code: 'INTERNAL', message: `The job failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` };
}
