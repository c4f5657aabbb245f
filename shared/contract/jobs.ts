/**
 * Long work with progress and cancel. A method such as `ledger.verifyStart`
 * starts the work in the main process and returns a job id at once; the
 * window polls `jobs.get` for progress (done of total, in the work's own unit)
 * and the outcome, and may `jobs.cancel` it. Finished jobs are kept for a
 * while, then forgotten (NOT_FOUND). A new kind of long work adds its result
 * variant to JobResultSchema.
 */
import { z } from 'zod';
import { ERROR_CODES } from '../errors/affix-error';
import { method } from './define';
import { JobIdSchema } from './job-id';
import { AuditReportSchema } from './ledger';
import { SignatureResultSchema } from './signing';
import { CertIssueSummarySchema } from './certificates';

export { JobIdSchema, JobStartedSchema } from './job-id';

/** What each kind of job hands back when it is done, tagged with the kind. */
export const JobResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ledger.verify'), report: AuditReportSchema }),
  z.object({ kind: z.literal('document.sign'), signature: SignatureResultSchema }),
  z.object({ kind: z.literal('certificates.issue'), summary: CertIssueSummarySchema }),
]);
export type JobResult = z.infer<typeof JobResultSchema>;
export type JobKind = JobResult['kind'];
export const JobKindSchema = z.enum(JobResultSchema.options.map((o) => o.shape.kind.value) as [JobKind, ...JobKind[]]);

const Count = z.number().int().nonnegative();
const common = {
  jobId: JobIdSchema,
  kind: JobKindSchema,
  /** Units of work finished so far (never decreases) … */
  done: Count,
  /** … out of this many (ledger audit: entries; signing: bytes of the document hashed). */
  total: Count,
  startedAt: z.string(),
};
const finished = { ...common, finishedAt: z.string() };

export const JobViewSchema = z.discriminatedUnion('state', [
  z.object({ ...common, state: z.literal('running') }),
  z.object({ ...finished, state: z.literal('done'), result: JobResultSchema }),
  z.object({
    ...finished,
    state: z.literal('failed'),
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      key: z.string().optional(),
      params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    }),
  }),
  z.object({ ...finished, state: z.literal('cancelled') }),
]);
export type JobView = z.infer<typeof JobViewSchema>;
export type JobState = JobView['state'];

export const jobsContract = {
  get: method(z.object({ jobId: JobIdSchema }).strict(), JobViewSchema, "A job's state and progress, and its result or error once finished."),
  cancel: method(
    z.object({ jobId: JobIdSchema }).strict(),
    JobViewSchema,
    'Stop a running job; answers once the work has stopped (a job that already finished is returned unchanged).',
  ),
} as const;
