/**
 * Sealing for the workspace's unattended keys: the ledger node key, the report
 * seal and the witness key. They sign without a person at hand (checkpoints
 * after appends, report.pdf on export, cosignatures on request), yet like every
 * other workspace key they must never lie in a file as a raw seed (issue 18,
 * sole control). Three forms exist on disk:
 *
 * - `vault`: AES-256-GCM under the workspace master key (identity/vault.ts),
 *   which itself is sealed under the workspace passphrase (scrypt) and the
 *   SecretProtector — the same box as CA, seal and TSA keys. Opening needs the
 *   vault unlocked in this process, or the workspace passphrase from the
 *   session (the CLI reads it from --passphrase-env / AFFIX_PASSPHRASE).
 * - `safeStorage`: wrapped by the desktop app's OS keychain (never raw).
 * - `passphrase-only`: the legacy raw form, written only while a workspace has
 *   no passphrase yet (a fresh `affix init` without one). The first unlock of
 *   the vault in any process re-seals such files as `vault` (sealPendingKeys),
 *   so workspaces made by older versions migrate when they are next opened
 *   with the passphrase.
 */
import { AffixError } from '../../../../shared/errors/affix-error';
import { fromBase64, toBase64 } from '../../../../shared/ledger/bytes';
import type { SecretProtector } from './protector';

export type UnattendedProtection = 'vault' | 'safeStorage' | 'passphrase-only';
export const UNATTENDED_PROTECTIONS = ['vault', 'safeStorage', 'passphrase-only'] as const;

/** The part of the workspace vault that seals unattended keys. */
export interface KeyVault {
  readonly unlocked: boolean;
  /** True once the workspace passphrase was chosen (the master key exists). */
  hasPassphrase(): boolean;
  unlock(passphrase: string): void;
  wrap(plain: Uint8Array, context: string): Buffer;
  unwrap(sealed: Uint8Array, context: string): Buffer;
}

export interface UnattendedSealing {
  readonly protector: SecretProtector;
  readonly vault: KeyVault;
  /** The workspace passphrase of this session, when the caller has one (never stored); a wrong one is refused. */
  readonly passphrase: () => string | undefined;
  /**
   * A passphrase given with the call being served (secrets/call-passphrase.ts). Usually the workspace
   * passphrase, but some calls carry a key's own: one that does not open the vault is passed over, and the
   * key is then refused as sealed, as without it.
   */
  readonly offered?: () => string | undefined;
}

export interface SealedSecret {
  protection: UnattendedProtection;
  /** base64 of the sealed (or, for passphrase-only, the pending raw) secret. */
  secret: string;
}

/** Opens the vault from the session passphrase if it is not open yet; false when there is none to use. */
function vaultOpen(s: UnattendedSealing): boolean {
  if (s.vault.unlocked) return true;
  if (!s.vault.hasPassphrase()) return false;
  const passphrase = s.passphrase();
  if (passphrase) {
    s.vault.unlock(passphrase);
    return s.vault.unlocked;
  }
  const offered = s.offered?.();
  if (!offered) return false;
  try {
    s.vault.unlock(offered);
  } catch (error) {
    if (error instanceof AffixError && error.code === 'BAD_SECRET') return false;
    throw error;
  }
  return s.vault.unlocked;
}

/** Seals a new secret in the strongest form this process can produce. */
export function sealUnattended(plain: Uint8Array, context: string, s: UnattendedSealing): SealedSecret {
  if (s.protector.info.kind === 'safeStorage') return { protection: 'safeStorage', secret: toBase64(s.protector.wrap(plain)) };
  if (vaultOpen(s)) return { protection: 'vault', secret: toBase64(s.vault.wrap(plain, context)) };
  return { protection: 'passphrase-only', secret: toBase64(plain) };
}

/** Whether a stored secret still waits to be sealed and this process can seal it now. */
export const canSealPending = (stored: SealedSecret, s: UnattendedSealing): boolean =>
  stored.protection === 'passphrase-only' && (s.protector.info.kind === 'safeStorage' || s.vault.unlocked);

/** Opens a stored secret; `what` names the key in errors ("The ledger node key"). */
export function openUnattended(stored: SealedSecret, context: string, s: UnattendedSealing, what: string): Uint8Array {
  const bytes = fromBase64(stored.secret);
  if (!bytes) throw new AffixError('INTERNAL', `${what} file holds no valid secret.`);
  switch (stored.protection) {
    case 'passphrase-only':
      return bytes;
    case 'safeStorage':
      if (s.protector.info.kind !== 'safeStorage') {
        throw new AffixError('REFUSED', `${what} is protected by the OS keychain of the Affix desktop app (safeStorage); use it from the app.`);
      }
      return unwrapOrRefuse(() => s.protector.unwrap(bytes), what);
    case 'vault':
      if (!vaultOpen(s)) {
        throw new AffixError(
          'REFUSED',
          `${what} is sealed under the workspace passphrase: give it (--passphrase-env VAR, or set AFFIX_PASSPHRASE) to use the key.`,
        );
      }
      return unwrapOrRefuse(() => s.vault.unwrap(bytes, context), what);
  }
}

function unwrapOrRefuse(unwrap: () => Uint8Array, what: string): Uint8Array {
  try {
    return new Uint8Array(unwrap());
  } catch (error) {
    throw new AffixError('REFUSED', `${what} could not be unsealed: ${(error as Error).message}`);
  }
}
