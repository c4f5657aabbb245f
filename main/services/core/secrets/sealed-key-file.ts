/**
 * The on-disk side of the workspace's unattended keys (ledger node key,
 * witness key, report seal): each lives in its own JSON file holding a
 * SealedSecret (unattended-key.ts). Writing such a file and re-sealing one
 * left in the pending `passphrase-only` form are the same steps whatever the
 * key, so they live here once.
 */
import { chmodSync } from 'node:fs';
import { writeFileAtomic } from '../fs/atomic-write';
import { canSealPending, openUnattended, sealUnattended, type SealedSecret, type UnattendedSealing } from './unattended-key';

/** Writes a key file atomically as indented JSON and leaves it readable by its owner only (0600). */
export function writeKeyFileJson(path: string, file: object): void {
  writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
  if (process.platform !== 'win32') chmodSync(path, 0o600);
}

/** The role a sealed key plays: `context` binds its vault box, `what` names it in errors. */
export interface SealedKeyRole {
  readonly context: string;
  readonly what: string;
}

/**
 * Re-seals a key file written before the workspace had a passphrase, once this
 * process can seal it; true when it did. `write` stores the re-sealed file
 * (each key keeps its own path and file mode). The opened secret is zeroed.
 */
export function resealPendingKey<F extends SealedSecret>(file: F | null, role: SealedKeyRole, sealing: UnattendedSealing, write: (file: F) => void): boolean {
  if (!file || !canSealPending(file, sealing)) return false;
  const secret = openUnattended(file, role.context, sealing, role.what);
  write({ ...file, ...sealUnattended(secret, role.context, sealing) });
  secret.fill(0);
  return true;
}
