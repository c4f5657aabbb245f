/**
 * The office seal's key as a COSE signer: opened once (one vault unlock, one
 * key import) for a whole batch or a status list. Using the seal is checked
 * as every seal use is (validity window, authorisation, revocation; a
 * refusal is anchored as seal.refused) by SealService.checkUse.
 */
import { createHash, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { kidOf } from '../../../../shared/certificates/office-keys';
import { ecdsaSigningKey } from '../../domain/pki/key-pair';
import type { SealService, SealView } from '../../domain/seals/seal-service';
import type { PkiService } from '../../domain/pki/pki-service';
import type { Vault } from '../../domain/identity/vault';
import type { SigningKey } from '../../domain/keys/signing-key';

export interface OfficeSigner {
  seal: SealView;
  personId: string;
  certificate: Buffer;
  kid: Uint8Array;
  kidHex: string;
  /** ES256 r‖s over `data` (COSE, RFC 9053 §2.1). */
  signRaw(data: Uint8Array): Uint8Array;
  /** A signing-engine key whose each signature reports the digest of its signed attributes. */
  pdfKey(onSign: (signedAttrsSha256: string) => void): SigningKey;
}

/** The services opening the office seal touches. */
export interface OfficeSignerDeps {
  readonly seals: SealService;
  readonly vault: Vault;
  readonly pki: PkiService;
}

export function openOfficeSigner(services: OfficeSignerDeps, sealId: string, personId: string, passphrase: string): OfficeSigner {
  const seal = services.seals.checkUse(sealId, personId);
  services.vault.unlock(passphrase);
  const pkcs8 = services.pki.privateKey(seal.certSerial);
  const key: KeyObject = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const chain = services.pki.chain(seal.certSerial);
  const certificate = services.pki.certificateDer(seal.certSerial);
  const kid = kidOf(certificate);
  return {
    seal,
    personId,
    certificate,
    kid,
    kidHex: Buffer.from(kid).toString('hex'),
    signRaw: (data) => new Uint8Array(sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' })),
    pdfKey: (onSign) => ecdsaSigningKey(pkcs8, chain, seal.certSerial, (data) => onSign(createHash('sha256').update(data).digest('hex'))),
  };
}
