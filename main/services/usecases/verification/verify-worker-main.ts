/**
 * The verification worker's side (a node:worker_threads Worker; see
 * verify-worker.ts): runs PDF and proof-package verification away from the
 * main process's event loop and posts each report back. It reads the files
 * itself, so a large file is never read on the main thread either.
 */
import { parentPort } from 'node:worker_threads';
import { errorInfoOf, isAffixError } from '../../../../shared/errors/affix-error';
import { verifyPackageBytes, verifyPackageFile } from '../proof/proof-service';
import { VerificationService } from './verification-service';
import type { VerifyJob, VerifyReply } from './verify-worker';

async function run(job: VerifyJob): Promise<unknown> {
  switch (job.kind) {
    case 'pdfFile':
      return new VerificationService(
        () => job.anchors,
        async () => job.revocations,
      ).verifyFile(job.path, job.trust, job.crls);
    case 'pdfBytes':
      return new VerificationService(
        () => job.anchors,
        async () => job.revocations,
      ).verifyBytes(job.bytes, job.name, job.trust, job.crls);
    case 'packageFile':
      return verifyPackageFile(job.path, job.trustPolicy, job.pins);
    case 'packageBytes':
      return verifyPackageBytes(job.bytes, job.trustPolicy, job.pins);
  }
}

parentPort?.on('message', (message: { id: number; job: VerifyJob }) => {
  void run(message.job)
    .then(
      (value): VerifyReply => ({ id: message.id, ok: true, value }),
      (error: unknown): VerifyReply =>
        isAffixError(error)
          ? { id: message.id, ok: false, ...errorInfoOf(error) }
          : { id: message.id, ok: false, code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) },
    )
    .then((reply) => parentPort!.postMessage(reply));
});
