/** Checks, when an order is set, that each step's signer exists and may sign (cheap lookups; signing checks again). */
import type { StepSigner } from '../../../../shared/contract/plans';
import type { TokenKey } from '../../../../shared/contract/signing';
import { AffixError } from '../../../../shared/errors/affix-error';
import type { IdentityService } from '../../domain/identity/identity-service';
import type { KeysService } from '../../domain/keys/keys-service';
import type { SealService } from '../../domain/seals/seal-service';
import type { Pkcs11Registry } from '../../domain/settings/pkcs11-registry';
import type { SignerCheck } from './plan-checks';

type Tokens = Pick<Pkcs11Registry, 'list' | 'objects'>;

export function signerCheck(
  seals: Pick<SealService, 'get'>,
  identity: Pick<IdentityService, 'requireActive'>,
  keys: Pick<KeysService, 'get'>,
  tokens: Tokens,
): SignerCheck {
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
      case 'token':
        checkTokenSigner(tokens, signer);
        return;
    }
  };
}

/**
 * A token key named by the window (a plan step or "sign now") may only load a
 * module registered in Settings (a request must not make Affix load an
 * arbitrary library), and its token and key must be there now. Without the PIN only certificates are visible, so the key is found by
 * the certificate filed under the same label (as pkcs11-tool and token
 * vendors' tools write them); signing finds the private key itself.
 */
export function checkTokenSigner(tokens: Tokens, { modulePath, tokenLabel, keyLabel }: TokenKey): void {
  const modules = tokens.list();
  const module = modules.find((m) => m.path === modulePath);
  if (!module) {
    const registered = modules.length === 0 ? 'none is registered' : `registered: ${modules.map((m) => m.path).join(', ')}`;
    throw new AffixError(
      'NOT_FOUND',
      `PKCS#11 module ${modulePath} is not registered (${registered}); register it in Settings or with "affix pkcs11 add" first.`,
    );
  }
  if (module.error !== null) throw new AffixError('NOT_FOUND', `PKCS#11 module ${modulePath} cannot be used now: ${module.error}`);
  const token = module.tokens.find((t) => t.label === tokenLabel);
  if (!token) {
    const present = module.tokens.filter((t) => t.initialized).map((t) => `"${t.label}"`);
    throw new AffixError(
      'NOT_FOUND',
      `No token labelled "${tokenLabel}" is present in ${modulePath} (${present.length === 0 ? 'no initialised token is present' : `present: ${present.join(', ')}`}); insert it and try again.`,
    );
  }
  const { certificates } = tokens.objects(modulePath, token.slotId);
  if (!certificates.some((c) => c.label === keyLabel)) {
    const labels = certificates.map((c) => `"${c.label}"`);
    throw new AffixError(
      'NOT_FOUND',
      `Token "${tokenLabel}" has no certificate labelled "${keyLabel}" (${labels.length === 0 ? 'it shows no certificate without its PIN' : `certificates: ${labels.join(', ')}`}); the key must have its certificate on the token under the same label.`,
    );
  }
}
