/**
 * Issuing: person certificates bound to their latest verification record,
 * seal certificates for a seal's validity window, and signatures by the
 * organisation's seal-making key.
 */
import type * as x509 from '@peculiar/x509';
import { createPrivateKey, sign } from 'node:crypto';
import type { Db } from '../../core/store/database';
import type { IdentityService } from '../identity/identity-service';
import type { Vault } from '../identity/vault';
import { checkNewPin } from '../persons/person-key';
import type { CaKeyCustody } from './ca-key-custody';
import type { CertificateStore, CertView, Minted } from './certificate-store';
import { mint } from './mint';
import type { Organisations } from './organisations';
import { orgName } from './profiles';

export class CertificateIssuing {
  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly identity: IdentityService,
    private readonly orgs: Organisations,
    private readonly custody: CaKeyCustody,
    private readonly store: CertificateStore,
  ) {}

  /** Issues a person certificate bound to their latest verification record. */
  async issuePerson(
    input: { orgId: string; personId: string; days: number; passphrase: string; pin?: string },
    alsoInTransaction?: (serial: string) => void,
  ): Promise<CertView> {
    const person = this.identity.requireActive(input.personId);
    const pin = checkNewPin(input.pin, input.personId);
    const org = this.orgs.get(input.orgId);
    this.vault.unlock(input.passphrase);
    const { name } = this.identity.personalData(input.personId, input.passphrase);
    const issuer = await this.custody.issuer(org.id, 'issuing-ca');
    const subject: x509.JsonName = [{ C: ['CN'] }, { O: [org.legalName] }, { CN: [name] }];
    const m = await mint(
      issuer,
      subject,
      { kind: 'person', recordSha256: person.verification.recordSha256, ial: person.verification.ial },
      input.days * 86400_000,
      'person',
      person.id,
    );
    const serial = this.db.transaction(() => {
      const stored = this.store.record(org.id, m, { protection: 'subject-vault', pin });
      alsoInTransaction?.(stored);
      return stored;
    })();
    return this.store.certificate(serial);
  }

  /** Issues a seal certificate for the seal's validity window (called by the seal service inside its flow). */
  async mintSeal(orgId: string, sealId: string, commonName: string, sealType: string, window: { notBefore: Date; notAfter: Date }): Promise<Minted> {
    const org = this.orgs.get(orgId);
    const issuer = await this.custody.issuer(org.id, 'issuing-ca');
    const subject = orgName(org.legalName, org.uscc, commonName);
    subject.splice(3, 0, { OU: [sealType] });
    return mint(issuer, subject, { kind: 'seal' }, 0, 'seal', sealId, window);
  }

  storeMinted(orgId: string, m: Minted): string {
    return this.store.record(orgId, m, { protection: 'master-key' });
  }

  /** Signs bytes with the organisation's seal-making key (ECDSA P-256 / SHA-256, DER). */
  sealMakerSign(orgId: string, data: Uint8Array): { signature: Buffer; certSerial: string } {
    const serial = this.orgs.get(orgId).sealMakerSerial;
    const key = createPrivateKey({ key: this.store.privateKey(serial), format: 'der', type: 'pkcs8' });
    return { signature: sign('sha256', data, { key, dsaEncoding: 'der' }), certSerial: serial };
  }
}
