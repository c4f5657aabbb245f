/** The signing-order contract methods, bound to PlansService (listed in handlers.ts). */
import type { Services } from '../services/composition/container';
import type { StepSigner } from '../../shared/contract/plans';
import type { AppearanceSpec } from '../../shared/contract/signing';
import { recordedSealFace, sealFaceOrNull } from '../services/domain/seals/seal-face-rule';
import type { Handlers } from './router';
import { startSigningJob } from './signing-job';

/** A seal step's appearance as its seal record draws it (the window sends only the kind that matters). */
const withSealFace = <T extends { signer: StepSigner; appearance?: AppearanceSpec }>(s: Services, step: T): T =>
  step.signer.kind === 'seal' && step.appearance
    ? {
        ...step,
        appearance: recordedSealFace(
          step.appearance,
          sealFaceOrNull((id) => s.seals.get(id), step.signer.sealId),
        ),
      }
    : step;

export function plansHandlers(s: Services): Handlers['plans'] {
  return {
    get: ({ documentId }) => s.plans.get(documentId),
    set: ({ documentId, steps, certify }) =>
      s.plans.set(
        documentId,
        steps.map((step) => withSealFace(s, step)),
        certify,
      ),
    changeSigner: ({ documentId, step, signer, appearance }) =>
      s.plans.changeSigner(documentId, step, signer, withSealFace(s, { signer, appearance }).appearance),
    signNext: ({ documentId, step, secret, pin }) => s.plans.signNext(documentId, step, secret, undefined, pin),
    // A step out of turn is refused here, at once, rather than as a failed job.
    signNextStart: ({ documentId, step, secret, pin }) =>
      startSigningJob(s.jobs, s.plans.checkNext(documentId, step), (progress) => s.plans.signNext(documentId, step, secret, progress, pin)),
  };
}
