/**
 * Signing as a job: progress in bytes of the document hashed, and a pause
 * after each chunk where the window's polls are answered and a cancel stops
 * the pass (nothing is recorded then). Shared by "sign now" and signing-order steps.
 */
import type { SignatureResult } from '../../shared/contract/signing';
import type { JobRunner } from '../services/core/jobs/job-runner';
import type { PassProgress } from '../services/engines/pdf-signing/sign-pdf';

export function startSigningJob(jobs: JobRunner, totalBytes: number, sign: (progress: PassProgress) => Promise<SignatureResult>): { jobId: string } {
  const jobId = jobs.start('document.sign', totalBytes, async (ctx) => {
    const signature = await sign(async (done, total) => {
      ctx.progress(done, total);
      await ctx.pause();
    });
    return { kind: 'document.sign', signature };
  });
  return { jobId };
}
