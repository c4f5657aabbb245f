/**
 * Changing and resetting a person's own PIN (persons/person-key.ts).
 *
 * - A change re-seals the person's current keys under a new PIN; it needs the
 *   old PIN, so only the person can do it. Anchored as person.pin-changed
 *   naming the certificates whose keys were re-sealed.
 * - A reset is for a forgotten PIN or a key issued before PINs: nobody can open
 *   the old key, so the person gets a new key and certificate under a new PIN
 *   and every older certificate of theirs is revoked (superseded), in one
 *   transaction anchored as person.pin-reset.
 *
 * Ledger entries name certificate digests and person ids only.
 */
import { AffixError } from '../../../../shared/errors/affix-error';
import type { Workspace } from '../../core/workspace/workspace';
import type { PkiService } from '../../domain/pki/pki-service';
import type { IdentityService } from '../../domain/identity/identity-service';
import type { Vault } from '../../domain/identity/vault';
import type { LedgerService } from '../../domain/ledger/ledger-service';
import type { CertView } from '../../domain/pki/pki-service';
import { checkNewPin, openPersonKey, pinKeyRecord, sealPersonKey } from '../../domain/persons/person-key';

type Deps = {
  readonly workspace: Workspace;
  readonly pki: PkiService;
  readonly identity: IdentityService;
  readonly vault: Vault;
  readonly ledger: LedgerService;
};

interface PersonKeyRow {
  serial: string;
  key_id: string;
  sha256: string;
}

export class PersonPins {
  constructor(private readonly s: Deps) {}

  /** The person's unrevoked person certificates and their key ids. */
  private current(personId: string): PersonKeyRow[] {
    return this.s.workspace.db
      .prepare<[string], PersonKeyRow>(
        "SELECT serial, key_id, sha256 FROM certificates WHERE owner_id = ? AND purpose = 'person' AND revoked_at IS NULL ORDER BY issued_at",
      )
      .all(personId);
  }

  changePin(input: { personId: string; oldPin: string; newPin: string; passphrase: string }): { serials: string[]; ledgerIndex: number } {
    this.s.identity.requireActive(input.personId);
    checkNewPin(input.newPin, input.personId);
    if (input.newPin === input.oldPin) throw new AffixError('BAD_INPUT', 'The new PIN must differ from the old one.');
    this.s.vault.unlock(input.passphrase);
    const names = this.s.identity.subjectRecordNames(input.personId);
    const keys = this.current(input.personId).filter((k) => names.includes(pinKeyRecord(k.key_id)));
    if (keys.length === 0) {
      throw new AffixError(
        'REFUSED',
        `${input.personId} holds no PIN-protected signing key; give them one with "affix person reset-pin ${input.personId} --org ORG_ID --pin-env VAR".`,
      );
    }
    // Every box opens with the old PIN before any is replaced: a wrong PIN changes nothing.
    const opened = keys.map((k) => ({
      k,
      pkcs8: openPersonKey(this.s.identity.getSubjectRecord(input.personId, pinKeyRecord(k.key_id)), input.oldPin, input.personId),
    }));
    const resealed = opened.map(({ k, pkcs8 }) => ({ k, box: sealPersonKey(pkcs8, input.newPin, input.personId) }));
    opened.forEach((o) => o.pkcs8.fill(0));
    const receipt = this.s.workspace.db.transaction(() => {
      for (const { k, box } of resealed) this.s.identity.putSubjectRecord(input.personId, pinKeyRecord(k.key_id), box);
      return this.s.ledger.append({
        type: 'person.pin-changed',
        subjects: keys.map((k) => k.sha256),
        refs: { personId: input.personId, serials: keys.map((k) => k.serial).join(',') },
      });
    })();
    return { serials: keys.map((k) => k.serial), ledgerIndex: receipt.index };
  }

  async resetPin(input: {
    personId: string;
    orgId: string;
    newPin: string;
    passphrase: string;
    days?: number;
  }): Promise<{ certificate: CertView; revoked: string[]; ledgerIndex: number }> {
    const old = this.current(input.personId);
    let ledgerIndex = -1;
    const certificate = await this.s.pki.issuePerson(
      { orgId: input.orgId, personId: input.personId, days: input.days ?? 730, passphrase: input.passphrase, pin: input.newPin },
      (serial) => {
        for (const k of old) this.s.pki.revokeInTransaction(k.serial, 'superseded');
        ledgerIndex = this.s.ledger.append({
          type: 'person.pin-reset',
          subjects: [this.s.pki.certificate(serial).sha256, ...old.map((k) => k.sha256)],
          refs: { personId: input.personId, serial, revoked: old.map((k) => k.serial).join(',') },
        }).index;
      },
    );
    return { certificate, revoked: old.map((k) => k.serial), ledgerIndex };
  }
}
