/**
 * The organisations' public-key infrastructure, one face over its parts:
 *   organisations.ts     organisations and the CAs each is founded with
 *   ca-key-custody.ts    the root key sealed for offline keeping; CA keys opened once
 *   issuing.ts           person and seal certificates, seal-maker signatures
 *   certificate-store.ts stored keys and certificates, chains, private keys
 *   revocation.ts        revoking certificates and issuing CRLs
 * Callers hold this one service; the parts stay one idea each.
 */
import type { Anchor } from '../../../../shared/ledger/entry-types';
import type { Db } from '../../core/store/database';
import type { IdentityService } from '../identity/identity-service';
import type { Vault } from '../identity/vault';
import { CaKeyCustody } from './ca-key-custody';
import { CertificateStore, type CertView, type Minted } from './certificate-store';
import { CertificateIssuing } from './issuing';
import { Organisations, type OrgView } from './organisations';
import { Revocation, type RevocationReason } from './revocation';

export type { CertPurpose, CertView, Minted } from './certificate-store';
export type { OrgView } from './organisations';
export { REVOCATION_REASONS, type RevocationReason } from './revocation';

export class PkiService {
  private readonly store: CertificateStore;
  private readonly orgs: Organisations;
  private readonly custody: CaKeyCustody;
  private readonly issuing: CertificateIssuing;
  private readonly revocation: Revocation;

  constructor(db: Db, vault: Vault, ledger: Anchor, identity: IdentityService) {
    this.store = new CertificateStore(db, vault, ledger, identity);
    this.orgs = new Organisations(db, vault, ledger, identity, this.store);
    this.custody = new CaKeyCustody(db, this.orgs, this.store);
    this.issuing = new CertificateIssuing(db, vault, identity, this.orgs, this.custody, this.store);
    this.revocation = new Revocation(db, vault, ledger, this.orgs, this.custody, this.store);
  }

  // organisations
  createOrg(input: { legalName: string; uscc: string; representatives: string[]; passphrase: string }): Promise<OrgView> {
    return this.orgs.create(input);
  }
  listOrgs(): OrgView[] {
    return this.orgs.list();
  }
  org(orgId: string): OrgView {
    return this.orgs.get(orgId);
  }
  /** The workspace's trust anchors for verification: every organisation's root CA (DER). */
  rootCertificates(): Buffer[] {
    return this.orgs.list().map((o) => this.store.certificateDer(o.rootSerial));
  }

  // CA key custody
  exportRootKey(orgId: string): Buffer {
    return this.custody.exportRootKey(orgId);
  }
  exportRootKeyTo(orgId: string, outputPath: string, passphrase: string): { outputPath: string; bytes: number; rootSerial: string } {
    return this.custody.exportRootKeyTo(orgId, outputPath, passphrase);
  }
  passphraseBoxes(): { keyId: string; label: string; box: Buffer }[] {
    return this.custody.passphraseBoxes();
  }
  replacePassphraseBox(keyId: string, box: Uint8Array): void {
    this.custody.replacePassphraseBox(keyId, box);
  }

  // issuing
  issuePerson(
    input: { orgId: string; personId: string; days: number; passphrase: string; pin?: string },
    alsoInTransaction?: (serial: string) => void,
  ): Promise<CertView> {
    return this.issuing.issuePerson(input, alsoInTransaction);
  }
  mintSeal(orgId: string, sealId: string, commonName: string, sealType: string, window: { notBefore: Date; notAfter: Date }): Promise<Minted> {
    return this.issuing.mintSeal(orgId, sealId, commonName, sealType, window);
  }
  storeMinted(orgId: string, m: Minted): string {
    return this.issuing.storeMinted(orgId, m);
  }
  sealMakerSign(orgId: string, data: Uint8Array): { signature: Buffer; certSerial: string } {
    return this.issuing.sealMakerSign(orgId, data);
  }

  // certificate store
  certificate(serial: string): CertView {
    return this.store.certificate(serial);
  }
  certificatesOf(ownerId: string): CertView[] {
    return this.store.certificatesOf(ownerId);
  }
  certificateDer(serial: string): Buffer {
    return this.store.certificateDer(serial);
  }
  chain(serial: string): Buffer[] {
    return this.store.chain(serial);
  }
  privateKey(serial: string, pin?: string): Buffer {
    return this.store.privateKey(serial, pin);
  }

  // revocation
  revoke(serial: string, reason: RevocationReason): CertView {
    return this.revocation.revoke(serial, reason);
  }
  revokeInTransaction(serial: string, reason: RevocationReason): void {
    this.revocation.revokeInTransaction(serial, reason);
  }
  revokeAllOf(ownerId: string, reason: RevocationReason): string[] {
    return this.revocation.revokeAllOf(ownerId, reason);
  }
  issueCrl(orgId: string, passphrase: string, nextUpdateDays = 7): Promise<{ number: number; der: Buffer; pem: string; sha256: string; revoked: string[] }> {
    return this.revocation.issueCrl(orgId, passphrase, nextUpdateDays);
  }
}
