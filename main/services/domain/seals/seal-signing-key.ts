/**
 * Key sources for the signing engine (`affix sign --key ID`): a seal, used on
 * behalf of an authorised person, or a person's own identity certificate.
 * The checks happen when the key is resolved (a refusal is anchored and
 * thrown as REFUSED, exit 2) and every signature made with a seal anchors a
 * seal.used entry naming the signed attributes' digest.
 */
import { createHash } from 'node:crypto';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { KeyUse } from '../keys/key-use';
import { ecdsaSigningKey } from '../pki/key-pair';
import { SealApprovals, type SealApprovalDeps } from './seal-approval';
import type { SigningKey } from '../keys/signing-key';

/** What resolving a key needs (the services a seal approval needs, which include the seals, vault, pki and identity). */
export type SigningKeyDeps = SealApprovalDeps;

export function sealSigningKey(services: SigningKeyDeps, sealId: string, personId: string, passphrase: string, use: KeyUse = {}): SigningKey {
  const seal = services.seals.checkUse(sealId, personId, use.at);
  services.vault.unlock(passphrase);
  const chain = services.pki.chain(seal.certSerial);
  return ecdsaSigningKey(services.pki.privateKey(seal.certSerial), chain, seal.certSerial, (data) => {
    const signedAttrs = createHash('sha256').update(data).digest('hex');
    const documentSha256 = use.documentSha256?.();
    // A seal that requires approval signs only for an approved request naming this document (seal-approval.ts).
    const approval = new SealApprovals(services).consume(seal, personId, documentSha256);
    const record = (): void => services.seals.anchorUse(seal, personId, signedAttrs, documentSha256, approval);
    if (use.deferRecord) use.deferRecord(record);
    else record();
  });
}

/** The person's newest unrevoked, unexpired certificate. */
export function identitySigningKey(services: SigningKeyDeps, personId: string, passphrase: string, use: KeyUse = {}): SigningKey {
  services.identity.requireActive(personId);
  const at = (use.at ?? new Date()).getTime();
  const cert = services.pki
    .certificatesOf(personId)
    .filter((c) => c.purpose === 'person' && !c.revokedAt && Date.parse(c.notBefore) <= at && at <= Date.parse(c.notAfter))
    .at(-1);
  if (!cert) throw new AffixError('REFUSED', `Person ${personId} has no valid, unrevoked certificate.`);
  services.vault.unlock(passphrase);
  // The person's own PIN opens their key (persons/person-key.ts): the workspace passphrase alone does not.
  return ecdsaSigningKey(services.pki.privateKey(cert.serial, use.pin), services.pki.chain(cert.serial), cert.serial);
}

/** Resolves `--key ID`: a seal id (needs `asPersonId`) or a person id. */
export function workspaceSigningKey(services: SigningKeyDeps, keyId: string, options: KeyUse & { asPersonId?: string; passphrase: string }): SigningKey {
  if (keyId.startsWith('seal-')) {
    if (!options.asPersonId) throw badInput(`Signing with seal ${keyId} needs the person using it (--as PERSON_ID).`);
    return sealSigningKey(services, keyId, options.asPersonId, options.passphrase, options);
  }
  if (keyId.startsWith('person-')) return identitySigningKey(services, keyId, options.passphrase, options);
  throw badInput(`"${keyId}" is neither a seal id (seal-…) nor a person id (person-…).`);
}
