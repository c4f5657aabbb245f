/**
 * Job ids on their own, so a contract that starts long work (ledger.ts,
 * later signing or proof export) can name its job without importing jobs.ts,
 * which imports those contracts' result schemas.
 */
import { z } from 'zod';

export const JobIdSchema = z.string().regex(/^job-[0-9a-f-]{36}$/, 'expected a job id (job-…)');
export type JobId = z.infer<typeof JobIdSchema>;

/** What a method that starts long work returns: poll `jobs.get` with it, stop it with `jobs.cancel`. */
export const JobStartedSchema = z.object({ jobId: JobIdSchema });
