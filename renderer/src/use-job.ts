/**
 * Long work in the main process as seen from the window: a start call that
 * returns a job id, then polls of `jobs.get` for progress until the job ends,
 * with Cancel. Used by the ledger audit and by signing a step.
 */
import { useEffect, useRef, useState } from 'react';
import type { JobKind, JobResult } from '../../shared/contract/jobs';
import { AffixCallError, affix, asCallError, unwrap } from './api';

export type JobState<K extends JobKind> =
  | { status: 'idle' }
  /** `jobId` is null until the start call answers (nothing to cancel yet). */
  | { status: 'running'; jobId: string | null; done: number; total: number; cancelling: boolean }
  | { status: 'done'; result: Extract<JobResult, { kind: K }> }
  | { status: 'cancelled'; done: number; total: number }
  | { status: 'error'; error: AffixCallError };

/** How often a running job is polled: the bar moves smoothly without flooding the main process. */
const POLL_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs jobs of one kind, one at a time. `run(start, total)` starts one
 * (`total` is shown until the first poll) and resolves with its final state;
 * leaving the component cancels a job it started.
 */
export function useJob<K extends JobKind>(kind: K) {
  const [state, setState] = useState<JobState<K>>({ status: 'idle' });
  // Each run gets a ticket; a poll loop whose ticket is stale (a newer run, or the component gone) stops.
  const ticket = useRef(0);
  const jobId = useRef<string | null>(null);
  useEffect(
    () => () => {
      ticket.current += 1;
      if (jobId.current) void affix().jobs.cancel({ jobId: jobId.current });
    },
    [],
  );

  const settle = (mine: number, next: JobState<K>): JobState<K> => {
    if (mine === ticket.current) setState(next);
    return next;
  };

  const run = async (start: () => Promise<{ jobId: string }>, total = 0): Promise<JobState<K>> => {
    const mine = ++ticket.current;
    setState({ status: 'running', jobId: null, done: 0, total, cancelling: false });
    try {
      const { jobId: id } = await start();
      jobId.current = id;
      for (;;) {
        const job = await unwrap(affix().jobs.get({ jobId: id }));
        if (mine !== ticket.current) return { status: 'idle' };
        if (job.state === 'running') {
          setState((s) => ({ status: 'running', jobId: id, done: job.done, total: job.total, cancelling: s.status === 'running' && s.cancelling }));
          await sleep(POLL_MS);
          continue;
        }
        jobId.current = null;
        if (job.state === 'done') {
          const result = job.result;
          if (result.kind !== kind)
            return settle(mine, { status: 'error', error: new AffixCallError('INTERNAL', `expected a ${kind} result, got ${result.kind}`) });
          return settle(mine, { status: 'done', result: result as Extract<JobResult, { kind: K }> });
        }
        if (job.state === 'cancelled') return settle(mine, { status: 'cancelled', done: job.done, total: job.total });
        return settle(mine, { status: 'error', error: new AffixCallError(job.error.code, job.error.message) });
      }
    } catch (e) {
      jobId.current = null;
      return settle(mine, { status: 'error', error: asCallError(e) });
    }
  };

  const cancel = async () => {
    const id = jobId.current;
    if (!id) return;
    setState((s) => (s.status === 'running' ? { ...s, cancelling: true } : s));
    try {
      // Answers once the work has stopped; the poll loop then sees the cancelled job.
      await unwrap(affix().jobs.cancel({ jobId: id }));
    } catch (e) {
      setState({ status: 'error', error: asCallError(e) });
    }
  };

  return { state, run, cancel };
}
