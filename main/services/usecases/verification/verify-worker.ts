/**
 * PDF and proof-package verification off the main process's event loop
 * (issues 16 and 20). Verifying a large or hostile file takes CPU for
 * seconds; run on the main thread it would hold every IPC call (and the
 * window's progress polling) behind it. `offThreadVerification(services)`
 * (composition/off-thread-verification.ts) gives the router the same services with verification handed to one
 * node:worker_threads Worker, started on first use; the app (main/electron)
 * and any plain-Node router use it alike.
 *
 * The worker reads files itself; the trust anchors come from the workspace
 * (its database stays on the main thread) and travel with each job.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AffixError, fromInfo, type ErrorInfo } from '../../../../shared/errors/affix-error';
import type { VerifyPins } from '../proof/proof-service';
import type { WorkspaceRevocations } from './workspace-revocations';

export type VerifyJob =
  | { kind: 'pdfFile'; path: string; trust: string[]; crls: string[]; anchors: Uint8Array[]; revocations: WorkspaceRevocations }
  | { kind: 'pdfBytes'; bytes: Uint8Array; name: string; trust: string[]; crls: string[]; anchors: Uint8Array[]; revocations: WorkspaceRevocations }
  | { kind: 'packageFile'; path: string; trustPolicy?: string; pins: VerifyPins }
  | { kind: 'packageBytes'; bytes: Uint8Array; trustPolicy?: string; pins: VerifyPins };

export type VerifyReply = { id: number; ok: true; value: unknown } | ({ id: number; ok: false } & ErrorInfo);

/** The worker's script: dist/main/verify-worker.cjs, bundled beside the app's main bundle (build/scripts/build.mjs). */
function workerScript(): string {
  return join(typeof __dirname === 'string' ? __dirname : process.cwd(), 'verify-worker.cjs');
}

export class VerifyWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();

  /** `script`: the bundled worker (build/scripts/build.mjs buildVerifyWorker); tests build their own. */
  constructor(private readonly script: string = workerScript()) {}

  run<T>(job: VerifyJob): Promise<T> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.ref(); // keep the process alive while a job is out
      worker.postMessage({ id, job });
    });
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new AffixError('CANCELLED', 'Verification was stopped: the app is closing.'));
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    if (!existsSync(this.script)) throw new AffixError('INTERNAL', `The verification worker ${this.script} is missing; run "npm run build:main".`);
    const worker = new Worker(this.script);
    worker.on('message', (reply: VerifyReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref(); // an idle worker does not keep the process alive
      if (reply.ok) p.resolve(reply.value);
      else p.reject(fromInfo(reply));
    });
    // A crashed worker (e.g. out of memory on a hostile file) fails its jobs; the next job starts a fresh one.
    worker.on('error', (error) => this.lost(worker, error));
    worker.on('exit', (code) => this.lost(worker, new Error(`the verification worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private lost(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.failAll(new AffixError('INTERNAL', `Verification failed: ${error.message}`));
  }

  private failAll(error: unknown): void {
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(error);
  }
}
