/** How one planned step becomes a signing request: its key source and its signature options. */
import type { PlanStep, StepSigner } from '../../../shared/contract/plans';
import type { SignatureOptions } from '../../../shared/contract/signing';
import type { KeySource } from '../keys/keys-service';
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

/** Certification belongs to the first signature only; every other step is an approval signature. */
export function signatureOptionsOf(step: PlanStep, certify: 1 | 2 | 3 | null): SignatureOptions {
  return {
    appearance: step.appearance,
    placement: step.box && { page: step.box.page, rect: step.box.rect },
    field: stepField(step.step),
    certify: step.step === 1 ? (certify ?? undefined) : undefined,
    reason: step.reason,
  };
}
