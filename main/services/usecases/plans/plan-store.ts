/**
 * Reads and writes signing orders. The rules (who may change an order, which
 * step may be signed) live in PlansService; this only keeps the rows.
 */
import type { PlanStep, SigningPlan } from '../../../../shared/contract/plans';
import { PlanStepSchema } from '../../../../shared/contract/plans';
import { AffixError } from '../../../../shared/errors/affix-error';
import type { PlanProgress, PlanProgressSource } from '../../domain/documents/documents-service';
import type { Db } from '../../core/store/database';

/** A signing order as stored: the contract's plan plus the version its first step must sign. */
export interface StoredPlan extends Omit<SigningPlan, 'next'> {
  /** The document's newest version when the order was set: step 1 signs exactly these bytes. */
  baseSha256: string;
}

interface Row {
  document_id: string;
  certify: number | null;
  base_sha256: string;
  steps: string;
  created_at: string;
}

const nextStep = (steps: readonly PlanStep[]): PlanStep | undefined => steps.find((s) => s.status.state === 'pending');

export const toSigningPlan = ({ baseSha256: _base, ...plan }: StoredPlan): SigningPlan => ({ ...plan, next: nextStep(plan.steps)?.step ?? null });

export const progressOf = (steps: readonly PlanStep[]): PlanProgress => ({
  signed: steps.filter((s) => s.status.state === 'signed').length,
  total: steps.length,
  nextLabel: nextStep(steps)?.label ?? null,
});

function parseSteps(row: Row): PlanStep[] {
  try {
    return PlanStepSchema.array().parse(JSON.parse(row.steps));
  } catch (error) {
    throw new AffixError('INTERNAL', `The signing order of document ${row.document_id} is damaged in the workspace database: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

const fromRow = (row: Row): StoredPlan => ({
  documentId: row.document_id,
  certify: row.certify as StoredPlan['certify'],
  baseSha256: row.base_sha256,
  steps: parseSteps(row),
  createdAt: row.created_at,
});

export class PlanStore implements PlanProgressSource {
  constructor(private readonly db: Db) {}

  get(documentId: string): StoredPlan | null {
    const row = this.db.prepare<[string], Row>('SELECT * FROM signing_plans WHERE document_id = ?').get(documentId);
    return row ? fromRow(row) : null;
  }

  /** Every document's progress in one query (for the document list). */
  progressByDocument(): Map<string, PlanProgress> {
    const rows = this.db.prepare<[], Row>('SELECT * FROM signing_plans').all();
    return new Map(rows.map((r) => [r.document_id, progressOf(parseSteps(r))]));
  }

  progress(documentId: string): PlanProgress | null {
    const plan = this.get(documentId);
    return plan && progressOf(plan.steps);
  }

  put(plan: StoredPlan): void {
    this.db
      .prepare(
        `INSERT INTO signing_plans (document_id, certify, base_sha256, steps, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (document_id) DO UPDATE SET certify = excluded.certify, base_sha256 = excluded.base_sha256, steps = excluded.steps, created_at = excluded.created_at`,
      )
      .run(plan.documentId, plan.certify, plan.baseSha256, JSON.stringify(plan.steps), plan.createdAt);
  }

  /** Runs `fn` in an IMMEDIATE transaction: no other connection can change a plan between its reads and writes. */
  exclusively<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }
}
