/**
 * A signing order while it is being written: steps may be incomplete (no
 * signer chosen yet, a visible appearance without a box). `toPlannedSteps`
 * turns a complete draft into what plans.set takes, or lists what is
 * missing, step by step, so the editor can say so before anything is sent.
 */
import type { AppearanceSpec } from '../../../../../shared/contract/signing';
import type { PageBox, PlannedStep, SigningPlan, StepSigner } from '../../../../../shared/contract/plans';
import { tokenSignerId, tokenSignerOf } from '../token-key-id';

export type Certify = 0 | 1 | 2 | 3;

export interface DraftStep {
  /** Stable identity for React and for the box bound to the step. */
  key: string;
  /** A seal, person or key id, or a token key's `tokenSignerId`, as the signer select holds it. */
  signerId?: string;
  asPersonId?: string;
  appearance: AppearanceSpec;
  box?: PageBox;
  label: string;
  reason?: string;
}

export interface Draft {
  steps: DraftStep[];
  certify: Certify;
}

export type StepProblem = 'label' | 'signer' | 'usedBy' | 'orgName' | 'box';

/** Box colours by position in the order; the seal red first. */
export const STEP_COLOURS = ['#c8102e', '#1668dc', '#2f7d12', '#b35900', '#6b3fc4', '#0b7a80'] as const;
export const stepColour = (index: number): string => STEP_COLOURS[index % STEP_COLOURS.length];

let counter = 0;
export const newStepKey = (): string => `step-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** The signer a select value stands for; a seal also needs the person using it. */
export function stepSigner(id: string, asPersonId: string | undefined): StepSigner | null {
  if (id.startsWith('seal-')) return asPersonId ? { kind: 'seal', sealId: id, asPersonId } : null;
  if (id.startsWith('person-')) return { kind: 'person', personId: id };
  return tokenSignerOf(id) ?? (/^[0-9a-f]{16}$/.test(id) ? { kind: 'key', keyId: id } : null);
}

function signerId(s: StepSigner): string {
  switch (s.kind) {
    case 'seal':
      return s.sealId;
    case 'person':
      return s.personId;
    case 'key':
      return s.keyId;
    case 'token':
      return tokenSignerId(s);
  }
}

export function draftFromPlan(plan: SigningPlan): Draft {
  return {
    certify: plan.certify ?? 0,
    steps: plan.steps.map((s) => ({
      key: newStepKey(),
      signerId: signerId(s.signer),
      asPersonId: s.signer.kind === 'seal' ? s.signer.asPersonId : undefined,
      appearance: s.appearance,
      box: s.box,
      label: s.label,
      reason: s.reason,
    })),
  };
}

/** A new box's size in points: the signing engine's own defaults (a 42 mm seal, a signature block). */
export function defaultBoxSize(a: AppearanceSpec): [number, number] {
  if (a.kind === 'seal') return a.shape === 'ellipse' ? [128, 85] : [119, 119];
  return a.kind === 'person' ? [200, 70] : [119, 119];
}

export const isVisible = (a: AppearanceSpec): boolean => a.kind !== 'none';

export function problemsOf(step: DraftStep): StepProblem[] {
  const out: StepProblem[] = [];
  if (!step.label.trim()) out.push('label');
  if (!step.signerId) out.push('signer');
  else if (step.signerId.startsWith('seal-') && !step.asPersonId) out.push('usedBy');
  if (step.appearance.kind === 'seal' && !step.appearance.orgName.trim()) out.push('orgName');
  if (isVisible(step.appearance) && !step.box) out.push('box');
  return out;
}

export type Checked = { ok: true; steps: PlannedStep[]; certify?: 1 | 2 | 3 } | { ok: false; problems: { step: number; problem: StepProblem }[] };

export function toPlannedSteps(draft: Draft): Checked {
  const problems = draft.steps.flatMap((s, i) => problemsOf(s).map((problem) => ({ step: i + 1, problem })));
  if (problems.length > 0) return { ok: false, problems };
  const steps = draft.steps.map((s): PlannedStep => {
    const signer = stepSigner(s.signerId!, s.asPersonId);
    if (!signer) throw new Error(`Step "${s.label}" has an unknown signer id ${s.signerId}.`);
    return {
      signer,
      appearance: s.appearance,
      ...(isVisible(s.appearance) && s.box ? { box: s.box } : {}),
      label: s.label.trim(),
      ...(s.reason?.trim() ? { reason: s.reason.trim() } : {}),
    };
  });
  return { ok: true, steps, ...(draft.certify ? { certify: draft.certify } : {}) };
}

/** The list with the step at `index` moved by `delta` places (no-op at either end). */
export function moveStep<T>(steps: readonly T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (to < 0 || to >= steps.length) return [...steps];
  const out = [...steps];
  [out[index], out[to]] = [out[to], out[index]];
  return out;
}
