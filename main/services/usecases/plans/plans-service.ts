/**
 * A document's signing order: who signs, where, in which sequence. Setting
 * it checks the boxes and signers against the document; signing a step is
 * refused unless it is the next one and the document is exactly what the
 * previous step produced, so nobody can sign out of turn through Affix and a
 * signature made outside the order is noticed before the next step builds on
 * it.
 */
import type { PlannedStep, PlanStep, SigningPlan, StepSigner } from '../../../../shared/contract/plans';
import type { AppearanceSpec, SignatureResult } from '../../../../shared/contract/signing';
import type { PassProgress } from '../../engines/pdf-signing/sign-pdf';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { DocumentsService } from '../../domain/documents/documents-service';
import type { SigningService } from '../signing/signing-service';
import { KeyedLock } from './keyed-lock';
import { checkPlan, checkStepSigner, stepName as stepTitle, type SignerCheck } from './plan-checks';
import { toSigningPlan, type PlanStore, type StoredPlan } from './plan-store';
import { keySourceOf, signatureOptionsOf } from './step-signing';

const stepName = (s: PlanStep): string => `step ${s.step} (${s.label})`;
const short = (sha256: string): string => `${sha256.slice(0, 16)}…`;

export class PlansService {
  private readonly lock = new KeyedLock();

  constructor(
    private readonly store: PlanStore,
    private readonly documents: DocumentsService,
    private readonly signing: SigningService,
    private readonly checkSigner: SignerCheck,
  ) {}

  get(documentId: string): SigningPlan | null {
    this.documents.get(documentId);
    const plan = this.store.get(documentId);
    return plan && toSigningPlan(plan);
  }

  set(documentId: string, steps: readonly PlannedStep[], certify?: 1 | 2 | 3): SigningPlan {
    const doc = this.documents.get(documentId);
    this.assertNotStarted(documentId);
    checkPlan(steps, certify, this.documents.bytesOf(doc.currentSha256), `Document ${doc.name}`, this.checkSigner);
    const plan: StoredPlan = {
      documentId,
      certify: certify ?? null,
      baseSha256: doc.currentSha256,
      steps: steps.map((s, i) => ({ ...s, step: i + 1, status: { state: 'pending' } })),
      createdAt: new Date().toISOString(),
    };
    this.store.exclusively(() => {
      this.assertNotStarted(documentId);
      // The document must still be the version the boxes were checked against.
      if (this.documents.get(documentId).currentSha256 !== doc.currentSha256) {
        throw new AffixError('CONFLICT', `Document ${doc.name} gained a new version while its signing order was being checked; set the order again.`);
      }
      this.store.put(plan);
    });
    return toSigningPlan(plan);
  }

  /**
   * Who signs a pending step, changed also after signing has started: the
   * advice for an expired seal or a replaced signer ("use a new seal") must
   * be something the order can follow. Signed steps never change. The whole
   * order is checked again, against the version it was set on, as `set`
   * checks it. Waits for a signing of the document in this process; one in
   * another process notices the change when it records its step.
   */
  changeSigner(documentId: string, step: number, signer: StepSigner, appearance?: AppearanceSpec): Promise<SigningPlan> {
    return this.lock.run(documentId, async () => {
      const doc = this.documents.get(documentId);
      const change = (plan: StoredPlan | null): StoredPlan => {
        if (!plan) throw new AffixError('NOT_FOUND', `Document ${doc.name} has no signing order.`);
        const target = plan.steps.find((s) => s.step === step);
        if (!target) throw badInput(`The signing order of ${doc.name} has no step ${step} (it has ${plan.steps.length}).`);
        if (target.status.state === 'signed') throw badInput(`${stepTitle(target.step, target)} is already signed; the signer of a signed step cannot change.`);
        return { ...plan, steps: plan.steps.map((s) => (s.step === step ? { ...s, signer, appearance: appearance ?? s.appearance } : s)) };
      };
      const changed = change(this.store.get(documentId));
      const planned: PlannedStep[] = changed.steps.map(({ step: _n, status: _s, ...planned }) => planned);
      checkPlan(planned, changed.certify ?? undefined, this.documents.bytesOf(changed.baseSha256), `Document ${doc.name}`, this.checkSigner);
      // Applied to the stored order as it is now (a step may have been signed by another process meanwhile).
      const stored = this.store.exclusively(() => {
        const now = change(this.store.get(documentId));
        this.store.put(now);
        return now;
      });
      return toSigningPlan(stored);
    });
  }

  /**
   * Refuses now, before any long work starts, unless `step` is the next one;
   * answers the size in bytes of the version that step signs (what a signing
   * job's progress counts). Signing checks again.
   */
  checkNext(documentId: string, step: number): number {
    this.checkTokenStillRegistered(this.nextStep(documentId, step, false).next);
    // nextStep checked that the newest version is the one this step signs.
    return this.documents.get(documentId).bytes;
  }

  /**
   * Signs step `step` if it is the next one; the step is marked signed in the
   * same transaction that records the signed version. `progress` follows the
   * pass over the document and may stop it by throwing; nothing is recorded then.
   */
  signNext(documentId: string, step: number, secret: string, progress?: PassProgress, pin?: string): Promise<SignatureResult> {
    return this.lock.run(documentId, () => {
      const { plan, next } = this.nextStep(documentId, step, false);
      this.checkTokenStillRegistered(next);
      return this.signing.signDocument(documentId, signatureOptionsOf(next, plan.certify, plan.steps), keySourceOf(next.signer, secret, pin), {
        progress,
        refs: { planStep: String(next.step) },
        commit: (result) => {
          // Checked again inside the transaction recording the version: another process may have signed meanwhile.
          const now = this.nextStep(documentId, step, true);
          if (result.inputSha256 !== now.input) throw this.outOfOrder(documentId, now.next, now.input, result.inputSha256);
          if (JSON.stringify(now.next.signer) !== JSON.stringify(next.signer)) {
            throw new AffixError(
              'CONFLICT',
              `The signer of ${stepName(next)} was changed while it was being signed; nothing was recorded. Sign the step again.`,
            );
          }
          const signed = {
            state: 'signed' as const,
            signedAt: new Date().toISOString(),
            sha256: result.sha256,
            field: result.field,
            ledgerIndex: result.ledgerIndex,
          };
          this.store.put({ ...now.plan, steps: now.plan.steps.map((s) => (s.step === step ? { ...s, status: signed } : s)) });
        },
      });
    });
  }

  /**
   * A token step names a library to load: it must still be a registered
   * module (and its token present), as when the order was set, or a removed
   * module would still be loaded from the stored path. Seal, person and key
   * steps are checked again by signing itself.
   */
  private checkTokenStillRegistered(step: PlanStep): void {
    if (step.signer.kind === 'token') checkStepSigner(step.step, step, this.checkSigner);
  }

  private assertNotStarted(documentId: string): void {
    const existing = this.store.get(documentId);
    if (existing?.steps.some((s) => s.status.state === 'signed')) {
      throw badInput(
        'Signing has started; the order can no longer be changed. The signer of a step not yet signed still can ("Change signer" in the window, "affix plan change-signer").',
      );
    }
  }

  /**
   * The plan and its next step, refusing unless `step` is that step and the
   * document is the version the previous step produced (the version the order
   * was set on, for step 1). While `recording`, the signed version is already
   * the newest, so the one before it is compared.
   */
  private nextStep(documentId: string, step: number, recording: boolean): { plan: StoredPlan; next: PlanStep; input: string } {
    const doc = this.documents.get(documentId);
    const plan = this.store.get(documentId);
    if (!plan) throw new AffixError('NOT_FOUND', `Document ${doc.name} has no signing order.`);
    const next = plan.steps.find((s) => s.status.state === 'pending');
    const asked = plan.steps.find((s) => s.step === step);
    if (!next) throw badInput(`Every step of the signing order of ${doc.name} is already signed.`);
    if (!asked)
      throw badInput(`The signing order of ${doc.name} has ${plan.steps.length} steps; there is no step ${step}. The next step is ${stepName(next)}.`);
    if (asked !== next) {
      throw badInput(
        asked.status.state === 'signed'
          ? `Step ${step} (${asked.label}) is already signed; the next step is ${stepName(next)}.`
          : `Step ${step} (${asked.label}) cannot be signed yet: the steps are signed in order and the next step is ${stepName(next)}.`,
      );
    }
    const previous = plan.steps[next.step - 2];
    const expected = previous?.status.state === 'signed' ? previous.status.sha256 : plan.baseSha256;
    const versions = this.documents.versionDigests(documentId);
    const current = versions[versions.length - (recording ? 2 : 1)];
    if (current !== expected) throw this.outOfOrder(documentId, next, expected, current);
    return { plan, next, input: expected };
  }

  private outOfOrder(documentId: string, next: PlanStep, expected: string, found: string): AffixError {
    const doc = this.documents.get(documentId);
    const produced = next.step === 1 ? 'the version its signing order was set on' : `the version step ${next.step - 1} produced`;
    return badInput(
      `Document ${doc.name} was signed or changed outside its signing order: its version ${short(found)} is not ${produced} (${short(expected)}), so ${stepName(next)} cannot be signed.${next.step === 1 ? ' Set the order again to sign the new version.' : ''}`,
    );
  }
}
