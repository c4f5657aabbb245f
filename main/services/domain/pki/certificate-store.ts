/**
 * The certificate store: every key and certificate the organisations' CAs
 * made, their rows in `pki_keys` and `certificates`, and how a private key
 * is opened by its protection — the vault's master key (CAs, seals), the
 * person's own PIN inside their vault record (persons/person-key.ts), or the
 * workspace passphrase alone (root CAs, see ca-key-custody.ts).
 */
import type * as x509 from '@peculiar/x509';
import { sha256Hex } from '../../../../shared/identity/record-hash';
import { AffixError } from '../../../../shared/errors/affix-error';
import type { Anchor } from '../../../../shared/ledger/entry-types';
import type { Db } from '../../core/store/database';
import type { IdentityService } from '../identity/identity-service';
import type { Vault } from '../identity/vault';
import { legacyKeyRecord, legacyKeyRefusal, openPersonKey, pinKeyRecord, sealPersonKey } from '../persons/person-key';
import type { GeneratedKey } from './key-pair';

export type CertPurpose = 'root-ca' | 'issuing-ca' | 'seal-maker' | 'person' | 'seal';

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

/** A key and certificate generated but not yet stored. */
export interface Minted {
  keyId: string;
  key: GeneratedKey;
  cert: x509.X509Certificate;
  purpose: CertPurpose;
  ownerId: string | null;
  issuerSerial: string;
}

/** How a stored private key is protected: each opens differently (privateKey below). */
export type KeyProtection = { protection: 'passphrase'; secret: Buffer } | { protection: 'master-key' } | { protection: 'subject-vault'; pin: string };

export interface CertRow {
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

export class CertificateStore {
  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly ledger: Anchor,
    private readonly identity: IdentityService,
  ) {}

  /** Stores a minted key and certificate and anchors both (inside the caller's transaction). */
  record(orgId: string, m: Minted, secret: KeyProtection): string {
    const serial = m.cert.serialNumber.toLowerCase();
    const der = new Uint8Array(m.cert.rawData);
    const certSha = sha256Hex(der);
    const now = new Date().toISOString();
    const stored = secret.protection === 'passphrase' ? secret.secret : secret.protection === 'master-key' ? this.vault.wrap(m.key.pkcs8, m.keyId) : null;
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
      .run(
        serial,
        orgId,
        m.issuerSerial,
        m.purpose,
        m.ownerId,
        m.keyId,
        certSha,
        secret.protection === 'subject-vault' ? null : Buffer.from(der),
        m.cert.notBefore.toISOString(),
        m.cert.notAfter.toISOString(),
        now,
      );
    const owner: Record<string, string> = m.ownerId ? { ownerId: m.ownerId } : {};
    this.ledger.append({ type: 'key.created', subjects: [sha256Hex(m.key.spki)], refs: { keyId: m.keyId, orgId, purpose: m.purpose, ...owner } });
    this.ledger.append({ type: 'certificate.issued', subjects: [certSha], actorKeyId: m.issuerSerial, refs: { serial, orgId, purpose: m.purpose, ...owner } });
    return serial;
  }

  row(serial: string): CertRow {
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

  /** The first certificate of `purpose` an organisation was given (its root, issuing CA or seal maker). */
  serialOf(orgId: string, purpose: CertPurpose): string {
    return this.db
      .prepare<[string, string], { serial: string }>('SELECT serial FROM certificates WHERE org_id = ? AND purpose = ? ORDER BY issued_at LIMIT 1')
      .get(orgId, purpose)!.serial;
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
    const k = this.db
      .prepare<[string], { id: string; protection: string; secret: Buffer | null; owner_id: string | null }>('SELECT * FROM pki_keys WHERE id = ?')
      .get(r.key_id)!;
    if (k.protection === 'master-key') return this.vault.unwrap(k.secret!, k.id);
    if (k.protection === 'subject-vault') {
      const names = this.identity.subjectRecordNames(k.owner_id!);
      if (names.includes(pinKeyRecord(k.id))) return openPersonKey(this.identity.getSubjectRecord(k.owner_id!, pinKeyRecord(k.id)), pin, k.owner_id!);
      if (names.includes(legacyKeyRecord(k.id))) throw legacyKeyRefusal(k.owner_id!);
      throw new AffixError('NOT_FOUND', `The private key of certificate ${r.serial} is no longer held (its owner was erased).`);
    }
    throw new AffixError('REFUSED', 'The root CA key is kept offline-capable and is not used for routine signing.');
  }
}
