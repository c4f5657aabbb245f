/**
 * The personal-data vault. A random 256-bit workspace master key, sealed with
 * the workspace passphrase (scrypt → AES-256-GCM) and then by the
 * SecretProtector (safeStorage in the app), wraps one random key per subject;
 * each subject's records are AES-256-GCM under its own key, bound to
 * (subject, record name) so rows cannot be swapped. Shredding deletes the
 * subject's key and records with SQLite's secure_delete on and truncates
 * the WAL, so neither the plaintext nor the wrapped key survives in the file.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AffixError, badInput, isAffixError, secretNeeded } from '../../../../shared/errors/affix-error';
import { passphraseProblem } from '../../../../shared/contract/passphrase-policy';
import { isOutdated, openWithPassphrase, sealWithPassphrase } from '../../core/secrets/passphrase-box';
import type { SecretProtector } from '../../core/secrets/protector';
import type { Db } from '../../core/store/database';
import { decrypt, encrypt } from './aead';

export class Vault {
  private master: Buffer | null = null;
  /**
   * HMAC of the passphrase that opened the master key, under that key: every
   * later unlock must present the same passphrase (an open vault is not a
   * licence to sign with any passphrase), checked without scrypt each time
   * and without keeping the passphrase itself.
   */
  private opener: Buffer | null = null;
  /** Run once each time the master key opens (sealing keys still waiting for a passphrase). */
  private readonly unlockListeners: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly protector: SecretProtector,
  ) {}

  /**
   * Opens (or on first use creates) the master key; a wrong passphrase is
   * BAD_SECRET. Creating it is choosing the workspace passphrase, so the
   * strength rule of a passphrase change applies. A master box sealed with an
   * older, cheaper scrypt cost is re-sealed at today's cost once it opens.
   */
  unlock(passphrase: string): void {
    if (this.master && this.opener) {
      if (!timingSafeEqual(this.opener, passphraseTag(this.master, passphrase))) throw secretNeeded({ secret: 'workspace-passphrase' }, 'Wrong passphrase.');
      return;
    }
    const row = this.db.prepare<[], { sealed: Buffer }>('SELECT sealed FROM vault_master WHERE id = 1').get();
    let key: Buffer;
    if (row) {
      const box = this.protector.unwrap(row.sealed);
      try {
        key = openWithPassphrase(box, passphrase);
      } catch (error) {
        if (isAffixError(error) && error.code === 'BAD_SECRET') throw secretNeeded({ secret: 'workspace-passphrase' }, error.message);
        throw error;
      }
      if (isOutdated(box)) this.replaceMasterBox(sealWithPassphrase(key, passphrase));
    } else {
      const weak = passphraseProblem(passphrase);
      if (weak) throw badInput(`Cannot create the workspace vault: ${weak}.`);
      key = randomBytes(32);
      const sealed = this.protector.wrap(sealWithPassphrase(key, passphrase));
      this.db.prepare('INSERT INTO vault_master (id, sealed, created_at) VALUES (1, ?, ?)').run(sealed, new Date().toISOString());
    }
    this.master = key;
    this.opener = passphraseTag(key, passphrase);
    for (const listener of this.unlockListeners) listener();
  }

  /** Calls `listener` after every unlock that opens the master key. */
  onUnlock(listener: () => void): void {
    this.unlockListeners.push(listener);
  }

  /** True once the workspace passphrase was chosen (the master key exists). */
  hasPassphrase(): boolean {
    return this.db.prepare('SELECT 1 FROM vault_master WHERE id = 1').get() !== undefined;
  }

  get unlocked(): boolean {
    return this.master !== null;
  }

  /** The master key's passphrase box (protector layer removed), or null before the vault's first use. */
  masterBox(): Buffer | null {
    const row = this.db.prepare<[], { sealed: Buffer }>('SELECT sealed FROM vault_master WHERE id = 1').get();
    return row ? Buffer.from(this.protector.unwrap(row.sealed)) : null;
  }

  /** Stores the master key under a new passphrase box (a passphrase change, inside its transaction). */
  replaceMasterBox(box: Uint8Array): void {
    this.db.prepare('UPDATE vault_master SET sealed = ? WHERE id = 1').run(this.protector.wrap(box));
  }

  /** Forgets the opened master key, so that the next use needs the (new) passphrase. */
  lock(): void {
    this.master?.fill(0);
    this.master = null;
    this.opener = null;
  }

  private masterKey(): Buffer {
    if (!this.master) throw secretNeeded({ secret: 'workspace-passphrase' }, 'The workspace vault is locked: give the workspace passphrase.');
    return this.master;
  }

  /** Encrypts under the master key directly (for workspace-held private keys). */
  wrap(plain: Uint8Array, context: string): Buffer {
    return encrypt(this.masterKey(), plain, `master:${context}`);
  }

  unwrap(sealed: Uint8Array, context: string): Buffer {
    return decrypt(this.masterKey(), sealed, `master:${context}`);
  }

  private subjectKey(subjectId: string, create: boolean): Buffer {
    const row = this.db.prepare<[string], { wrapped: Buffer }>('SELECT wrapped FROM subject_keys WHERE subject_id = ?').get(subjectId);
    if (row) return decrypt(this.masterKey(), row.wrapped, `subject-key:${subjectId}`);
    if (!create) throw new AffixError('NOT_FOUND', `No personal data is held for ${subjectId} (never stored, or erased).`);
    const key = randomBytes(32);
    this.db
      .prepare('INSERT INTO subject_keys (subject_id, wrapped, created_at) VALUES (?, ?, ?)')
      .run(subjectId, encrypt(this.masterKey(), key, `subject-key:${subjectId}`), new Date().toISOString());
    return key;
  }

  put(subjectId: string, name: string, plain: Uint8Array): void {
    const key = this.subjectKey(subjectId, true);
    this.db
      .prepare('INSERT INTO subject_data (subject_id, name, ciphertext) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET ciphertext = excluded.ciphertext')
      .run(subjectId, name, encrypt(key, plain, `${subjectId}/${name}`));
  }

  get(subjectId: string, name: string): Buffer {
    const row = this.db
      .prepare<[string, string], { ciphertext: Buffer }>('SELECT ciphertext FROM subject_data WHERE subject_id = ? AND name = ?')
      .get(subjectId, name);
    if (!row) throw new AffixError('NOT_FOUND', `No record "${name}" for ${subjectId}.`);
    return decrypt(this.subjectKey(subjectId, false), row.ciphertext, `${subjectId}/${name}`);
  }

  names(subjectId: string): string[] {
    return this.db
      .prepare<[string], { name: string }>('SELECT name FROM subject_data WHERE subject_id = ? ORDER BY name')
      .all(subjectId)
      .map((r) => r.name);
  }

  holds(subjectId: string): boolean {
    return this.db.prepare('SELECT 1 FROM subject_keys WHERE subject_id = ?').get(subjectId) !== undefined;
  }

  /**
   * Crypto-shredding. Runs inside the caller's transaction (so the erasure and
   * its ledger entry commit together); call `scrub()` after it commits.
   */
  shred(subjectId: string): void {
    this.db.pragma('secure_delete = ON');
    this.db.prepare('DELETE FROM subject_keys WHERE subject_id = ?').run(subjectId);
    this.db.prepare('DELETE FROM subject_data WHERE subject_id = ?').run(subjectId);
  }

  /**
   * Moves the WAL into the main file (whose freed cells secure_delete zeroed)
   * and truncates it. False when another connection (the app, a second CLI)
   * kept it busy: the old pages then stay in the WAL until its next checkpoint.
   */
  scrub(): boolean {
    const [r] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return !r?.busy;
  }
}

function passphraseTag(master: Buffer, passphrase: string): Buffer {
  return createHmac('sha256', master).update('affix-vault-opener/1\0').update(passphrase, 'utf8').digest();
}
