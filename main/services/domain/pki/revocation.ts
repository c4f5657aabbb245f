/**
 * Revocation: marking a certificate revoked (anchored as
 * certificate.revoked) and the issuing CA's CRLs (RFC 5280 §5), numbered
 * per organisation and anchored as crl.issued.
 */
import { x509 } from '../../core/x509/peculiar-x509';
import * as asn1js from 'asn1js';
import { OID_CRL_NUMBER } from '../../../../shared/identity/oids';
import { sha256Hex } from '../../../../shared/identity/record-hash';
import { AffixError } from '../../../../shared/errors/affix-error';
import type { Anchor, NewLedgerEntry } from '../../../../shared/ledger/entry-types';
import type { Db } from '../../core/store/database';
import type { Vault } from '../identity/vault';
import type { CaKeyCustody } from './ca-key-custody';
import type { CertificateStore, CertView } from './certificate-store';
import { SIGNING_ALGORITHM } from './key-pair';
import type { Organisations } from './organisations';
import { toPem } from '../../../../shared/asn1/pem';

export const REVOCATION_REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

export class Revocation {
  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly ledger: Anchor,
    private readonly orgs: Organisations,
    private readonly custody: CaKeyCustody,
    private readonly store: CertificateStore,
  ) {}

  revoke(serial: string, reason: RevocationReason): CertView {
    this.db.transaction(() => this.revokeInTransaction(serial, reason))();
    return this.store.certificate(serial);
  }

  revokeInTransaction(serial: string, reason: RevocationReason): void {
    const r = this.store.row(serial);
    if (r.purpose === 'root-ca' || r.purpose === 'issuing-ca') throw new AffixError('REFUSED', 'CA certificates are not revoked through the issuing CA’s CRL.');
    if (r.revoked_at) throw new AffixError('CONFLICT', `Certificate ${r.serial} was already revoked on ${r.revoked_at}.`);
    const now = new Date().toISOString();
    this.db.prepare('UPDATE certificates SET revoked_at = ?, revocation_reason = ? WHERE serial = ?').run(now, reason, r.serial);
    this.ledger.append({ type: 'certificate.revoked', subjects: [r.sha256], refs: { serial: r.serial, reason, orgId: r.org_id } });
  }

  /** Revokes every unrevoked certificate of an owner (a person being erased, a seal being withdrawn). */
  revokeAllOf(ownerId: string, reason: RevocationReason): string[] {
    const serials = this.store
      .certificatesOf(ownerId)
      .filter((c) => !c.revokedAt)
      .map((c) => c.serial);
    for (const s of serials) this.revokeInTransaction(s, reason);
    return serials;
  }

  /** Issues the issuing CA's next CRL, listing every certificate it revoked. */
  async issueCrl(
    orgId: string,
    passphrase: string,
    nextUpdateDays = 7,
  ): Promise<{ number: number; der: Buffer; pem: string; sha256: string; revoked: string[] }> {
    const org = this.orgs.get(orgId);
    this.vault.unlock(passphrase);
    const issuer = await this.custody.issuer(org.id, 'issuing-ca');
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
      const entry: NewLedgerEntry = {
        type: 'crl.issued',
        subjects: [sha],
        actorKeyId: org.issuingSerial,
        refs: { orgId: org.id, number: String(number), revoked: String(revoked.length) },
      };
      this.ledger.append(entry);
    })();
    return { number, der, pem: toPem(der, 'X509 CRL'), sha256: sha, revoked: revoked.map((r) => r.serial) };
  }
}
