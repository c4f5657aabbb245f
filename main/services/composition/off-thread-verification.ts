/**
 * Wiring, so it lives with the container: the same services with PDF and
 * proof-package verification handed to a VerifyWorker
 * (usecases/verification/verify-worker.ts).
 */
import type { ProofReport } from '../../../shared/proof/proof-report';
import type { VerificationReport } from '../../../shared/verify';
import type { PinnedWitnessInput, ProofService } from '../usecases/proof/proof-service';
import type { VerificationService } from '../usecases/verification/verification-service';
import { VerifyWorker } from '../usecases/verification/verify-worker';
import type { Services } from './container';

/**
 * The same services, with PDF and package verification run by `worker`.
 * Everything else (and close(), which also stops the worker) is unchanged.
 */
export function offThreadVerification(services: Services, worker = new VerifyWorker()): Services {
  const anchors = (): Uint8Array[] => services.trust.anchors();
  const verification: VerificationService = Object.assign(Object.create(services.verification) as VerificationService, {
    // The workspace's own anchors, revocations and pins travel with each job, so the worker's verdict is the service's.
    verifyFile: async (path: string, trust: string[] = [], crls: string[] = []) =>
      worker.run<VerificationReport>({ kind: 'pdfFile', path, trust, crls, anchors: anchors(), revocations: await services.verification.ownRevocations() }),
    verifyBytes: async (bytes: Uint8Array, name: string, trust: string[] = [], crls: string[] = []) =>
      worker.run<VerificationReport>({
        kind: 'pdfBytes',
        bytes,
        name,
        trust,
        crls,
        anchors: anchors(),
        revocations: await services.verification.ownRevocations(),
      }),
  });
  const proof: ProofService = Object.assign(Object.create(services.proof) as ProofService, {
    verifyFile: (path: string, trustPolicy?: string, pins: PinnedWitnessInput = {}) =>
      worker.run<ProofReport>({ kind: 'packageFile', path, trustPolicy, pins: services.proof.withWorkspacePins(pins) }),
    verifyBytes: (bytes: Uint8Array, trustPolicy?: string, pins: PinnedWitnessInput = {}) =>
      worker.run<ProofReport>({ kind: 'packageBytes', bytes, trustPolicy, pins: services.proof.withWorkspacePins(pins) }),
  });
  return {
    ...services,
    verification,
    proof,
    close: () => {
      worker.close();
      services.close();
    },
  };
}
