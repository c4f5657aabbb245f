/** Checks, when an order is set, that each step's signer exists and may sign (cheap lookups; signing checks again). */
import type { StepSigner } from '../../../shared/contract/plans';
import { AffixError } from '../../../shared/errors/affix-error';
import type { IdentityService } from '../identity/identity-service';
import type { KeysService } from '../keys/keys-service';
import type { SealService } from '../seals/seal-service';
import type { SignerCheck } from './plan-checks';

export function signerCheck(seals: Pick<SealService, 'get'>, identity: Pick<IdentityService, 'requireActive'>, keys: Pick<KeysService, 'get'>): SignerCheck {
  return (signer: StepSigner) => {
    switch (signer.kind) {
      case 'seal': {
        const seal = seals.get(signer.sealId);
        identity.requireActive(signer.asPersonId);
        if (!seal.authorized.some((a) => a.personId === signer.asPersonId)) {
          throw new AffixError('REFUSED', `Person ${signer.asPersonId} is not authorised to use seal ${signer.sealId}.`);
        }
        return;
      }
      case 'person':
        identity.requireActive(signer.personId);
        return;
      case 'key':
        keys.get(signer.keyId);
        return;
    }
  };
}
