/**
 * A person's own secret over their signing key. The PKCS#8 key is sealed
 * first under a PIN or passphrase the person chooses (scrypt → AES-256-GCM,
 * the same AFXB box as every other key) and the box is then stored in the
 * person's vault records under the workspace master key. Signing as the
 * person therefore needs both the workspace passphrase (the operator's) and
 * the PIN (the person's): the operator alone cannot produce the signature,
 * which is the "sole control" of the signature creation data asked by the
 * PRC Electronic Signature Law art. 13 and eIDAS art. 26(c).
 *
 * Keys issued before PINs existed are kept under `key:<id>` in the vault
 * with no PIN. They are refused for signing (the operator could always use
 * them, so no sole control can be claimed for them after the fact); the
 * person gets a new key and certificate with `affix person reset-pin`, which
 * revokes the old certificate (superseded).
 */
import { pinProblem } from '../../../../shared/contract/passphrase-policy';
import { AffixError, badInput, secretNeeded } from '../../../../shared/errors/affix-error';
import { openWithPassphrase, sealWithPassphrase } from '../../core/secrets/passphrase-box';

/** Vault record name of a person's PIN-sealed key. */
export const pinKeyRecord = (keyId: string): string => `pin-key:${keyId}`;
/** Vault record name of a key issued before PINs (no PIN layer). */
export const legacyKeyRecord = (keyId: string): string => `key:${keyId}`;

/** Refuses a weak PIN (BAD_INPUT naming the rule) before anything is generated or stored. */
export function checkNewPin(pin: string | undefined, personId: string): string {
  if (pin === undefined || pin.length === 0) throw badInput(`Person ${personId} must choose a PIN for their signing key (--pin-env VAR).`);
  const weak = pinProblem(pin);
  if (weak) throw badInput(`The PIN chosen for ${personId} is too weak: ${weak}.`);
  return pin;
}

export function sealPersonKey(pkcs8: Uint8Array, pin: string, personId: string): Buffer {
  return sealWithPassphrase(pkcs8, checkNewPin(pin, personId));
}

/** Opens a person's PIN box; a missing or wrong PIN is BAD_SECRET naming the person. */
export function openPersonKey(box: Uint8Array, pin: string | undefined, personId: string): Buffer {
  if (pin === undefined || pin.length === 0) {
    throw secretNeeded(
      { secret: 'person-pin', personId },
      `Signing as ${personId} needs ${personId}'s own PIN (--pin-env VAR); the workspace passphrase alone cannot open their key.`,
    );
  }
  try {
    return openWithPassphrase(box, pin);
  } catch (error) {
    if (error instanceof AffixError && error.code === 'BAD_SECRET') throw secretNeeded({ secret: 'person-pin', personId }, `Wrong PIN for ${personId}.`);
    throw error;
  }
}

export function legacyKeyRefusal(personId: string): AffixError {
  return new AffixError(
    'REFUSED',
    `The signing key of ${personId} was issued before personal PINs and is not under the person's sole control; ` +
      `it is no longer used. Give the person a new key and certificate with "affix person reset-pin ${personId} --org ORG_ID --pin-env VAR" (the old certificate is revoked).`,
  );
}
