/** How one planned step becomes a signing request: its key source and its signature options. */
import type { PlanStep, StepSigner } from '../../../../shared/contract/plans';
import type { SignatureOptions } from '../../../../shared/contract/signing';
import type { KeySource } from '../../domain/keys/keys-service';
import { stepField } from './plan-checks';

/**
 * `secret` is whatever opens the step's key: the workspace passphrase, or a
 * token step's user PIN (a wrong PIN is refused by the token's login as
 * BAD_SECRET naming the token, before anything is signed or recorded).
 */
export function keySourceOf(signer: StepSigner, secret: string, pin?: string): KeySource {
  switch (signer.kind) {
    case 'seal':
      return { kind: 'workspace', id: signer.sealId, asPersonId: signer.asPersonId, passphrase: secret };
    case 'person':
      return { kind: 'workspace', id: signer.personId, passphrase: secret, pin };
    case 'key':
      return { kind: 'workspace', id: signer.keyId, passphrase: secret };
    case 'token':
      return { kind: 'pkcs11', modulePath: signer.modulePath, tokenLabel: signer.tokenLabel, keyLabel: signer.keyLabel, pin: secret };
  }
}

/**
 * Certification belongs to the first signature only; every other step is an
 * approval signature. When step 1 certifies, it also creates every later
 * step's empty field (box and widget) in the certified revision, and the
 * later steps sign those fields: adding a new visible signature field after
 * certification is what DocMDP forbids (the sneaky-signature attack), and
 * every verifier would then fail step 1.
 */
export function signatureOptionsOf(step: PlanStep, certify: 1 | 2 | 3 | null, steps: readonly PlanStep[] = []): SignatureOptions {
  const certifying = step.step === 1 && certify !== null;
  const fillsPreparedField = step.step > 1 && certify !== null;
  return {
    appearance: step.appearance,
    placement: fillsPreparedField ? undefined : step.box && { page: step.box.page, rect: step.box.rect },
    field: stepField(step.step),
    certify: certifying ? certify : undefined,
    emptyFields: certifying ? steps.filter((s) => s.step > 1).map((s) => ({ name: stepField(s.step), page: s.box?.page, rect: s.box?.rect })) : undefined,
    reason: step.reason,
  };
}
