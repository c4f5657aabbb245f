/**
 * Organisations and their certification authorities. Each organisation has
 *   - a root CA whose key is sealed with the workspace passphrase alone
 *     (scrypt → AES-256-GCM, not bound to this machine) so it can be exported
 *     and kept offline;
 *   - an issuing CA (pathLen 0) that signs person and seal certificates and CRLs;
 *   - a seal-making key that signs every seal record it creates.
 * Everything is generated first (WebCrypto is async) and then written in one
 * SQLite transaction together with its ledger entries.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, createPublicKey, randomUUID, sign } from 'node:crypto';
import { validateUscc } from '../../../../shared/identity/uscc';
import { OID_CRL_NUMBER } from '../../../../shared/identity/oids';
import { recordSha256, sha256Hex } from '../../../../shared/identity/record-hash';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { Anchor, NewLedgerEntry } from '../../../../shared/ledger/entry-types';
import * as asn1js from 'asn1js';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { openWithPassphrase, sealWithPassphrase } from '../../core/secrets/passphrase-box';
import type { Db } from '../../core/store/database';
import type { IdentityService } from '../identity/identity-service';
import type { Vault } from '../identity/vault';
import { legacyKeyRecord, legacyKeyRefusal, openPersonKey, pinKeyRecord, sealPersonKey, checkNewPin } from '../persons/person-key';
import { generateKey, importPrivateKey, SIGNING_ALGORITHM, type GeneratedKey } from './key-pair';
import { toPem } from '../../../../shared/asn1/pem';
import { issue, orgName, selfSignedRoot, type Issuer, type LeafProfile } from './profiles';

const YEAR = 365 * 86400_000;
export type CertPurpose = 'root-ca' | 'issuing-ca' | 'seal-maker' | 'person' | 'seal';
export const REVOCATION_REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export interface OrgView {
  id: string;
  legalName: string;
  uscc: string;
  representatives: string[];
  recordSha256: string;
  createdAt: string;
  rootSerial: string;
  issuingSerial: string;
  sealMakerSerial: string;
}

export interface CertView {
  serial: string;
  orgId: string;
  purpose: CertPurpose;
  ownerId: string | null;
  sha256: string;
  issuerSerial: string;
  notBefore: string;
  notAfter: string;
  revokedAt: string | null;
  revocationReason: string | null;
}

interface CertRow {
  serial: string;
  org_id: string;
  issuer_serial: string;
  purpose: CertPurpose;
  owner_id: string | null;
  key_id: string;
  sha256: string;
  der: Buffer | null;
  not_before: string;
  not_after: string;
  revoked_at: string | null;
  revocation_reason: string | null;
}

const certView = (r: CertRow): CertView => ({
  serial: r.serial,
  orgId: r.org_id,
  purpose: r.purpose,
  ownerId: r.owner_id,
  sha256: r.sha256,
  issuerSerial: r.issuer_serial,
  notBefore: r.not_before,
  notAfter: r.not_after,
  revokedAt: r.revoked_at,
  revocationReason: r.revocation_reason,
});

/** A key and certificate generated but not yet stored. */
interface Minted {
  keyId: string;
  key: GeneratedKey;
  cert: x509.X509Certificate;
  purpose: CertPurpose;
  ownerId: string | null;
  issuerSerial: string;
}

export class PkiService {
  private readonly issuers = new Map<string, Issuer>();

  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly ledger: Anchor,
    private readonly identity: IdentityService,
  ) {}

  // ── organisations ───────────────────────────────────────────────────────

  async createOrg(input: { legalName: string; uscc: string; representatives: string[]; passphrase: string }): Promise<OrgView> {
    const legalName = input.legalName.trim();
    if (legalName.length === 0) throw badInput('The organisation needs a legal name.');
    const uscc = validateUscc(input.uscc);
    if (!uscc.ok) throw badInput(`Unified social credit code refused (${uscc.check}): ${uscc.message}`);
    if (this.db.prepare('SELECT 1 FROM orgs WHERE uscc = ?').get(uscc.value.code)) {
      throw new AffixError('CONFLICT', `An organisation with credit code ${uscc.value.code} already exists.`);
    }
    for (const p of input.representatives) this.identity.requireActive(p);
    this.vault.unlock(input.passphrase);

    const now = Date.now();
    const rootKey = await generateKey();
    const rootCert = await selfSignedRoot(orgName(legalName, uscc.value.code, `${legalName} Root CA`), rootKey.keys, new Date(now + 20 * YEAR));
    const root: Minted = { keyId: `key-${randomUUID()}`, key: rootKey, cert: rootCert, purpose: 'root-ca', ownerId: null, issuerSerial: rootCert.serialNumber.toLowerCase() };
    const rootIssuer: Issuer = { cert: rootCert, privateKey: rootKey.keys.privateKey };
    const issuing = await this.mint(rootIssuer, orgName(legalName, uscc.value.code, `${legalName} Issuing CA`), { kind: 'issuing-ca' }, 10 * YEAR, 'issuing-ca', null);
    const issuingIssuer: Issuer = { cert: issuing.cert, privateKey: issuing.key.keys.privateKey };
    const maker = await this.mint(issuingIssuer, orgName(legalName, uscc.value.code, `${legalName} Seal Maker`), { kind: 'seal-maker' }, 10 * YEAR, 'seal-maker', null);

    const orgId = `org-${randomUUID()}`;
    const createdAt = new Date(now).toISOString();
    const record = {
      orgId,
      legalName,
      uscc: uscc.value.code,
      representatives: input.representatives,
      rootCertSha256: sha256Hex(new Uint8Array(rootCert.rawData)),
      issuingCertSha256: sha256Hex(new Uint8Array(issuing.cert.rawData)),
      sealMakerCertSha256: sha256Hex(new Uint8Array(maker.cert.rawData)),
      createdAt,
    };
    const hash = recordSha256(record);
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO orgs (id, legal_name, uscc, representatives, record_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(orgId, legalName, uscc.value.code, JSON.stringify(input.representatives), hash, createdAt);
      this.store(orgId, root, { protection: 'passphrase', secret: sealWithPassphrase(root.key.pkcs8, input.passphrase) });
      this.store(orgId, issuing, { protection: 'master-key' });
      this.store(orgId, maker, { protection: 'master-key' });
      this.ledger.append({ type: 'org.created', subjects: [hash], refs: { orgId, uscc: uscc.value.code } });
    })();
    return this.org(orgId);
  }

  listOrgs(): OrgView[] {
    return this.db
      .prepare<[], { id: string }>('SELECT id FROM orgs ORDER BY created_at, id')
      .all()
      .map((r) => this.org(r.id));
  }

  /** The workspace's trust anchors for verification: every organisation's root CA (DER). */
  rootCertificates(): Buffer[] {
    return this.listOrgs().map((o) => this.certificateDer(o.rootSerial));
  }

  org(orgId: string): OrgView {
    const o = this.db
      .prepare<[string], { id: string; legal_name: string; uscc: string; representatives: string; record_sha256: string; created_at: string }>('SELECT * FROM orgs WHERE id = ?')
      .get(orgId);
    if (!o) throw new AffixError('NOT_FOUND', `No organisation ${orgId} in this workspace.`);
    const serialOf = (purpose: CertPurpose) =>
      this.db.prepare<[string, string], { serial: string }>('SELECT serial FROM certificates WHERE org_id = ? AND purpose = ? ORDER BY issued_at LIMIT 1').get(orgId, purpose)!.serial;
    return {
      id: o.id,
      legalName: o.legal_name,
      uscc: o.uscc,
      representatives: JSON.parse(o.representatives) as string[],
      recordSha256: o.record_sha256,
      createdAt: o.created_at,
      rootSerial: serialOf('root-ca'),
      issuingSerial: serialOf('issuing-ca'),
      sealMakerSerial: serialOf('seal-maker'),
    };
  }

  /** The root CA's private key as sealed at rest (AFXB: scrypt + AES-256-GCM under the workspace passphrase), for offline keeping. */
  exportRootKey(orgId: string): Buffer {
    const o = this.org(orgId);
    const row = this.db.prepare<[string], { secret: Buffer }>('SELECT k.secret FROM pki_keys k JOIN certificates c ON c.key_id = k.id WHERE c.serial = ?').get(o.rootSerial);
    return row!.secret;
  }

  /**
   * Writes the sealed root key to a file after proving the passphrase opens it
   * and that it matches the root certificate, so an export is never useless.
   */
  exportRootKeyTo(orgId: string, outputPath: string, passphrase: string): { outputPath: string; bytes: number; rootSerial: string } {
    const sealed = this.exportRootKey(orgId);
    const pkcs8 = openWithPassphrase(sealed, passphrase);
    const rootSerial = this.org(orgId).rootSerial;
    const spki = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
    const cert = new x509.X509Certificate(new Uint8Array(this.certificateDer(rootSerial)));
    if (!Buffer.from(cert.publicKey.rawData).equals(spki)) throw new AffixError('INTERNAL', 'The stored root key does not match the root certificate.');
    writeFileAtomic(outputPath, sealed);
    return { outputPath, bytes: sealed.length, rootSerial };
  }

  /** Keys sealed under the workspace passphrase alone (the root CAs), for a passphrase change. */
  passphraseBoxes(): { keyId: string; label: string; box: Buffer }[] {
    return this.db
      .prepare<[], { id: string; legal_name: string; secret: Buffer }>(
        "SELECT k.id, o.legal_name, k.secret FROM pki_keys k JOIN orgs o ON o.id = k.org_id WHERE k.protection = 'passphrase' ORDER BY k.created_at, k.id",
      )
      .all()
      .map((r) => ({ keyId: r.id, label: `${r.legal_name} Root CA`, box: r.secret }));
  }

  /** Stores a root key under a new passphrase box (a passphrase change, inside its transaction). */
  replacePassphraseBox(keyId: string, box: Uint8Array): void {
    this.db.prepare("UPDATE pki_keys SET secret = ? WHERE id = ? AND protection = 'passphrase'").run(Buffer.from(box), keyId);
  }

  // ── issuing ─────────────────────────────────────────────────────────────

  private async mint(issuer: Issuer, subject: x509.JsonName, profile: LeafProfile, lifetimeMs: number, purpose: CertPurpose, ownerId: string | null, window?: { notBefore: Date; notAfter: Date }): Promise<Minted> {
    const key = await generateKey();
    const now = Date.now();
    const cert = await issue(issuer, subject, key.keys.publicKey, window ?? { notBefore: new Date(now - 60_000), notAfter: new Date(now + lifetimeMs) }, profile);
    return { keyId: `key-${randomUUID()}`, key, cert, purpose, ownerId, issuerSerial: issuer.cert.serialNumber.toLowerCase() };
  }

  /** Stores a minted key and certificate and anchors both (inside the caller's transaction). */
  private store(orgId: string, m: Minted, secret: { protection: 'passphrase'; secret: Buffer } | { protection: 'master-key' } | { protection: 'subject-vault'; pin: string }): string {
    const serial = m.cert.serialNumber.toLowerCase();
    const der = new Uint8Array(m.cert.rawData);
    const certSha = sha256Hex(der);
    const now = new Date().toISOString();
    const stored =
      secret.protection === 'passphrase' ? secret.secret : secret.protection === 'master-key' ? this.vault.wrap(m.key.pkcs8, m.keyId) : null;
    if (secret.protection === 'subject-vault') {
      // The person's own PIN seals the key before the vault does (persons/person-key.ts).
      this.identity.putSubjectRecord(m.ownerId!, pinKeyRecord(m.keyId), sealPersonKey(m.key.pkcs8, secret.pin, m.ownerId!));
      this.identity.putSubjectRecord(m.ownerId!, `cert:${serial}`, der);
    }
    this.db
      .prepare('INSERT INTO pki_keys (id, org_id, purpose, owner_id, spki_sha256, protection, secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(m.keyId, orgId, m.purpose, m.ownerId, sha256Hex(m.key.spki), secret.protection, stored, now);
    this.db
      .prepare(
        'INSERT INTO certificates (serial, org_id, issuer_serial, purpose, owner_id, key_id, sha256, der, not_before, not_after, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(serial, orgId, m.issuerSerial, m.purpose, m.ownerId, m.keyId, certSha, secret.protection === 'subject-vault' ? null : Buffer.from(der), m.cert.notBefore.toISOString(), m.cert.notAfter.toISOString(), now);
    const owner: Record<string, string> = m.ownerId ? { ownerId: m.ownerId } : {};
    this.ledger.append({ type: 'key.created', subjects: [sha256Hex(m.key.spki)], refs: { keyId: m.keyId, orgId, purpose: m.purpose, ...owner } });
    this.ledger.append({ type: 'certificate.issued', subjects: [certSha], actorKeyId: m.issuerSerial, refs: { serial, orgId, purpose: m.purpose, ...owner } });
    return serial;
  }

  /** Loaded once per service: unwrapping and importing the CA key costs more than the signature it makes. */
  private async issuer(orgId: string, purpose: 'issuing-ca' | 'seal-maker'): Promise<Issuer> {
    const serial = purpose === 'issuing-ca' ? this.org(orgId).issuingSerial : this.org(orgId).sealMakerSerial;
    let issuer = this.issuers.get(serial);
    if (!issuer) {
      issuer = { cert: new x509.X509Certificate(new Uint8Array(this.certificateDer(serial))), privateKey: await importPrivateKey(this.privateKey(serial)) };
      this.issuers.set(serial, issuer);
    }
    return issuer;
  }

  /** Issues a person certificate bound to their latest verification record. */
  async issuePerson(input: { orgId: string; personId: string; days: number; passphrase: string; pin?: string }, alsoInTransaction?: (serial: string) => void): Promise<CertView> {
    const person = this.identity.requireActive(input.personId);
    const pin = checkNewPin(input.pin, input.personId);
    const org = this.org(input.orgId);
    this.vault.unlock(input.passphrase);
    const { name } = this.identity.personalData(input.personId, input.passphrase);
    const issuer = await this.issuer(org.id, 'issuing-ca');
    const subject: x509.JsonName = [{ C: ['CN'] }, { O: [org.legalName] }, { CN: [name] }];
    const m = await this.mint(issuer, subject, { kind: 'person', recordSha256: person.verification.recordSha256, ial: person.verification.ial }, input.days * 86400_000, 'person', person.id);
    const serial = this.db.transaction(() => {
      const stored = this.store(org.id, m, { protection: 'subject-vault', pin });
      alsoInTransaction?.(stored);
      return stored;
    })();
    return this.certificate(serial);
  }

  /** Issues a seal certificate for the seal's validity window (called by the seal service inside its flow). */
  async mintSeal(orgId: string, sealId: string, commonName: string, sealType: string, window: { notBefore: Date; notAfter: Date }): Promise<Minted> {
    const org = this.org(orgId);
    const issuer = await this.issuer(org.id, 'issuing-ca');
    const subject = orgName(org.legalName, org.uscc, commonName);
    subject.splice(3, 0, { OU: [sealType] });
    return this.mint(issuer, subject, { kind: 'seal' }, 0, 'seal', sealId, window);
  }

  storeMinted(orgId: string, m: Minted): string {
    return this.store(orgId, m, { protection: 'master-key' });
  }

  /** Signs bytes with the organisation's seal-making key (ECDSA P-256 / SHA-256, DER). */
  sealMakerSign(orgId: string, data: Uint8Array): { signature: Buffer; certSerial: string } {
    const serial = this.org(orgId).sealMakerSerial;
    const key = createPrivateKey({ key: this.privateKey(serial), format: 'der', type: 'pkcs8' });
    return { signature: sign('sha256', data, { key, dsaEncoding: 'der' }), certSerial: serial };
  }

  // ── reading ─────────────────────────────────────────────────────────────

  private row(serial: string): CertRow {
    const r = this.db.prepare<[string], CertRow>('SELECT * FROM certificates WHERE serial = ?').get(serial.toLowerCase());
    if (!r) throw new AffixError('NOT_FOUND', `No certificate with serial ${serial} in this workspace.`);
    return r;
  }

  certificate(serial: string): CertView {
    return certView(this.row(serial));
  }

  certificatesOf(ownerId: string): CertView[] {
    return this.db.prepare<[string], CertRow>('SELECT * FROM certificates WHERE owner_id = ? ORDER BY issued_at').all(ownerId).map(certView);
  }

  /** The DER; a person's certificate comes from their vault (the vault must be unlocked). */
  certificateDer(serial: string): Buffer {
    const r = this.row(serial);
    if (r.der) return r.der;
    return this.identity.getSubjectRecord(r.owner_id!, `cert:${r.serial}`);
  }

  /** The certificate, then its issuers up to and including the root (DER). */
  chain(serial: string): Buffer[] {
    const out: Buffer[] = [];
    let r = this.row(serial);
    for (;;) {
      out.push(this.certificateDer(r.serial));
      if (r.issuer_serial === r.serial) return out;
      r = this.row(r.issuer_serial);
    }
  }

  /**
   * PKCS#8 of the certificate's private key (master-key or subject-vault
   * protected; never the root's). A person's key also needs their own `pin`.
   */
  privateKey(serial: string, pin?: string): Buffer {
    const r = this.row(serial);
    const k = this.db.prepare<[string], { id: string; protection: string; secret: Buffer | null; owner_id: string | null }>('SELECT * FROM pki_keys WHERE id = ?').get(r.key_id)!;
    if (k.protection === 'master-key') return this.vault.unwrap(k.secret!, k.id);
    if (k.protection === 'subject-vault') {
      const names = this.identity.subjectRecordNames(k.owner_id!);
      if (names.includes(pinKeyRecord(k.id))) return openPersonKey(this.identity.getSubjectRecord(k.owner_id!, pinKeyRecord(k.id)), pin, k.owner_id!);
      if (names.includes(legacyKeyRecord(k.id))) throw legacyKeyRefusal(k.owner_id!);
      throw new AffixError('NOT_FOUND', `The private key of certificate ${r.serial} is no longer held (its owner was erased).`);
    }
    throw new AffixError('REFUSED', 'The root CA key is kept offline-capable and is not used for routine signing.');
  }

  // ── revocation ──────────────────────────────────────────────────────────

  revoke(serial: string, reason: RevocationReason): CertView {
    this.db.transaction(() => this.revokeInTransaction(serial, reason))();
    return this.certificate(serial);
  }

  revokeInTransaction(serial: string, reason: RevocationReason): void {
    const r = this.row(serial);
    if (r.purpose === 'root-ca' || r.purpose === 'issuing-ca') throw new AffixError('REFUSED', 'CA certificates are not revoked through the issuing CA’s CRL.');
    if (r.revoked_at) throw new AffixError('CONFLICT', `Certificate ${r.serial} was already revoked on ${r.revoked_at}.`);
    const now = new Date().toISOString();
    this.db.prepare('UPDATE certificates SET revoked_at = ?, revocation_reason = ? WHERE serial = ?').run(now, reason, r.serial);
    this.ledger.append({ type: 'certificate.revoked', subjects: [r.sha256], refs: { serial: r.serial, reason, orgId: r.org_id } });
  }

  /** Revokes every unrevoked certificate of an owner (a person being erased, a seal being withdrawn). */
  revokeAllOf(ownerId: string, reason: RevocationReason): string[] {
    const serials = this.certificatesOf(ownerId).filter((c) => !c.revokedAt).map((c) => c.serial);
    for (const s of serials) this.revokeInTransaction(s, reason);
    return serials;
  }

  /** Issues the issuing CA's next CRL, listing every certificate it revoked. */
  async issueCrl(orgId: string, passphrase: string, nextUpdateDays = 7): Promise<{ number: number; der: Buffer; pem: string; sha256: string; revoked: string[] }> {
    const org = this.org(orgId);
    this.vault.unlock(passphrase);
    const issuer = await this.issuer(org.id, 'issuing-ca');
    const revoked = this.db
      .prepare<[string], { serial: string; revoked_at: string; revocation_reason: string }>(
        'SELECT serial, revoked_at, revocation_reason FROM certificates WHERE issuer_serial = ? AND revoked_at IS NOT NULL ORDER BY revoked_at',
      )
      .all(org.issuingSerial);
    const number = (this.db.prepare<[string], { n: number | null }>('SELECT MAX(number) AS n FROM crls WHERE org_id = ?').get(org.id)?.n ?? 0) + 1;
    const thisUpdate = new Date();
    const nextUpdate = new Date(thisUpdate.getTime() + nextUpdateDays * 86400_000);
    const crl = await x509.X509CrlGenerator.create({
      issuer: issuer.cert.subjectName,
      thisUpdate,
      nextUpdate,
      signingAlgorithm: SIGNING_ALGORITHM,
      signingKey: issuer.privateKey,
      extensions: [
        await x509.AuthorityKeyIdentifierExtension.create(issuer.cert.publicKey),
        new x509.Extension(OID_CRL_NUMBER, false, new asn1js.Integer({ value: number }).toBER()),
      ],
      entries: revoked.map((r) => ({
        serialNumber: r.serial,
        revocationDate: new Date(r.revoked_at),
        reason: x509.X509CrlReason[r.revocation_reason as RevocationReason],
      })),
    });
    const der = Buffer.from(crl.rawData);
    const sha = sha256Hex(der);
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO crls (org_id, number, issuer_serial, der, sha256, this_update, next_update) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(org.id, number, org.issuingSerial, der, sha, thisUpdate.toISOString(), nextUpdate.toISOString());
      const entry: NewLedgerEntry = { type: 'crl.issued', subjects: [sha], actorKeyId: org.issuingSerial, refs: { orgId: org.id, number: String(number), revoked: String(revoked.length) } };
      this.ledger.append(entry);
    })();
    return { number, der, pem: toPem(der, 'X509 CRL'), sha256: sha, revoked: revoked.map((r) => r.serial) };
  }
}

export type { Minted };
