/**
 * Changing the workspace passphrase. Three kinds of secret are sealed under
 * it (passphrase-box.ts): the vault's master key (which in turn protects
 * personal data, issuing CAs and seal keys, so those need no change), each
 * organisation's root CA key, and the workspace signing keys created with
 * it. Each is opened with the old passphrase and sealed again under the new
 * one; a secret that does not open has its own passphrase and is left alone
 * (and named in the result).
 *
 * All or nothing: everything is re-sealed in memory first; the key files are
 * then written beside the real ones, and one SQLite transaction replaces the
 * database's secrets and records which files to move into place. Only after
 * it commits are the files renamed. Any failure before the commit removes
 * the staged files and changes nothing; a crash after it is finished the
 * next time the workspace opens, from that record (passphrase-journal.ts).
 */
import { rmSync } from 'node:fs';
import { NEW_PASSPHRASE_MIN } from '../../../../shared/contract/passphrase-policy';
import type { PassphraseChange } from '../../../../shared/contract/settings';
import { AffixError, badInput, isAffixError } from '../../../../shared/errors/affix-error';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { Vault } from '../../domain/identity/vault';
import type { KeysService } from '../../domain/keys/keys-service';
import type { PkiService } from '../../domain/pki/pki-service';
import type { Workspace } from '../../core/workspace/workspace';
import { openWithPassphrase, sealWithPassphrase } from '../../core/secrets/passphrase-box';
import { finishInterruptedPassphraseChange, recordPendingMoves, STAGED, type StagedMove } from './passphrase-journal';

export interface PassphraseHolders {
  workspace: Workspace;
  vault: Vault;
  pki: PkiService;
  keys: KeysService;
}

/** The box re-sealed under `next`, or null when `old` does not open it (a secret with another passphrase). */
function reseal(box: Uint8Array, old: string, next: string, what: string): Buffer | null {
  let plain: Buffer;
  try {
    plain = openWithPassphrase(box, old);
  } catch (error) {
    if (isAffixError(error) && error.code === 'BAD_SECRET') return null;
    throw badInput(`${what} cannot be read (${error instanceof Error ? error.message : String(error)}); nothing was changed.`, error);
  }
  try {
    return sealWithPassphrase(plain, next);
  } finally {
    plain.fill(0);
  }
}

export class PassphraseChanger {
  constructor(private readonly s: PassphraseHolders) {}

  change(oldPassphrase: string, newPassphrase: string): PassphraseChange {
    if (newPassphrase.length < NEW_PASSPHRASE_MIN) throw badInput(`The new passphrase must be at least ${NEW_PASSPHRASE_MIN} characters long.`);
    if (newPassphrase.normalize('NFC') === oldPassphrase.normalize('NFC')) throw badInput('The new passphrase is the same as the current one.');
    const { vault, pki, keys, workspace } = this.s;
    finishInterruptedPassphraseChange(this.s.workspace);

    const master = vault.masterBox();
    const newMaster = master && reseal(master, oldPassphrase, newPassphrase, "The vault's master key");
    if (master && !newMaster) throw new AffixError('BAD_SECRET', 'The current passphrase is wrong; nothing was changed.');

    const unchanged: PassphraseChange['unchanged'] = [];
    const roots = pki.passphraseBoxes().flatMap((r) => {
      const box = reseal(r.box, oldPassphrase, newPassphrase, `The root CA key of ${r.label}`);
      if (!box) unchanged.push({ kind: 'root-key', id: r.keyId, label: r.label });
      return box ? [{ ...r, old: r.box, box }] : [];
    });
    const keyFiles = keys.passphraseBoxes().flatMap((k) => {
      const box = reseal(k.box, oldPassphrase, newPassphrase, `Workspace key ${k.id}`);
      if (!box) unchanged.push({ kind: 'workspace-key', id: k.id, label: k.label });
      return box ? [keys.fileWithBox(k.id, box)] : [];
    });
    if (!newMaster && roots.length === 0 && keyFiles.length === 0) {
      throw unchanged.length === 0
        ? badInput('Nothing in this workspace is protected by a passphrase yet: the passphrase is set by the first action that asks for it.')
        : new AffixError('BAD_SECRET', 'The current passphrase is wrong: nothing in this workspace opens with it, so nothing was changed.');
    }

    const moves: StagedMove[] = [];
    try {
      for (const f of keyFiles) {
        const move = { staged: `${f.path}${STAGED}`, path: f.path };
        moves.push(move);
        writeFileAtomic(move.staged, f.text);
      }
      workspace.db
        .transaction(() => {
          // Another window or CLI may have changed a secret since it was read: re-sealing a stale copy would undo that.
          if (master && !vault.masterBox()?.equals(master))
            throw new AffixError('CONFLICT', 'The vault changed while the passphrase was being changed; nothing was changed. Try again.');
          const now = new Map(pki.passphraseBoxes().map((r) => [r.keyId, r.box]));
          for (const r of roots) {
            if (!now.get(r.keyId)?.equals(r.old))
              throw new AffixError('CONFLICT', `The root CA key of ${r.label} changed meanwhile; nothing was changed. Try again.`);
            pki.replacePassphraseBox(r.keyId, r.box);
          }
          if (newMaster) vault.replaceMasterBox(newMaster);
          recordPendingMoves(workspace, moves);
        })
        .immediate();
    } catch (error) {
      for (const m of moves) rmSync(m.staged, { force: true });
      throw error;
    }
    try {
      finishInterruptedPassphraseChange(this.s.workspace);
    } catch (error) {
      throw new AffixError(
        'INTERNAL',
        `The new passphrase is in effect, but a key file could not be put in place (${error instanceof Error ? error.message : String(error)}); Affix completes this the next time the workspace is opened.`,
        { cause: error },
      );
    }
    // An open vault would still accept anything, the old passphrase included, until the app restarts.
    vault.lock();
    return { vault: newMaster !== null, rootKeys: roots.length, workspaceKeys: keyFiles.length, unchanged };
  }
}
