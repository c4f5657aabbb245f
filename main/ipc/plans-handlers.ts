/** The signing-order contract methods, bound to PlansService (listed in handlers.ts). */
import type { Services } from '../services/composition/container';
import type { Handlers } from './router';
import { startSigningJob } from './signing-job';

export function plansHandlers(s: Services): Handlers['plans'] {
  return {
    get: ({ documentId }) => s.plans.get(documentId),
    set: ({ documentId, steps, certify }) => s.plans.set(documentId, steps, certify),
    changeSigner: ({ documentId, step, signer, appearance }) => s.plans.changeSigner(documentId, step, signer, appearance),
    signNext: ({ documentId, step, secret, pin }) => s.plans.signNext(documentId, step, secret, undefined, pin),
    // A step out of turn is refused here, at once, rather than as a failed job.
    signNextStart: ({ documentId, step, secret, pin }) =>
      startSigningJob(s.jobs, s.plans.checkNext(documentId, step), (progress) => s.plans.signNext(documentId, step, secret, progress, pin)),
  };
}
