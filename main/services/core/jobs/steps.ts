/**
 * Long work written once as an async generator that yields its progress
 * between chunks and returns its result. A job drives it step by step
 * (`runSteps`), pausing between steps so polls are answered and stopping at
 * the next step when cancelled; a caller that just wants the result drains it
 * (`drainSteps`), as the CLI does. Both see the same result.
 */
import type { JobContext } from './job-runner';

export interface StepProgress {
  done: number;
  total: number;
}

export type Steps<R> = AsyncGenerator<StepProgress, R, void>;

export async function drainSteps<R>(steps: Steps<R>): Promise<R> {
  for (;;) {
    const next = await steps.next();
    if (next.done) return next.value;
  }
}

export async function runSteps<R>(steps: Steps<R>, ctx: JobContext): Promise<R> {
  let finished = false;
  try {
    for (;;) {
      const next = await steps.next();
      if (next.done) {
        finished = true;
        return next.value;
      }
      ctx.progress(next.value.done, next.value.total);
      await ctx.pause();
    }
  } finally {
    // Stopped early (cancelled, or failed): let the generator run its own cleanup (`finally` blocks).
    if (!finished) await steps.return(undefined as never);
  }
}
