/**
 * How secrets at rest (key files, the workspace master key) get an extra layer
 * bound to this OS account. In the app this is Electron's safeStorage
 * (main/electron/safe-storage-protector.ts); in the CLI and tests only the
 * user's passphrase protects them, and status says so.
 */
import type { z } from 'zod';
import type { SecretBackendSchema } from '../../../../shared/contract/workspace';

export type SecretBackend = z.infer<typeof SecretBackendSchema>;

export interface SecretProtector {
  readonly info: SecretBackend;
  /** Adds the OS-bound layer; the identity for passphrase-only. */
  wrap(plain: Uint8Array): Uint8Array;
  unwrap(wrapped: Uint8Array): Uint8Array;
}

export const passphraseOnlyProtector: SecretProtector = {
  info: { kind: 'passphrase-only', backend: null, warning: null },
  wrap: (plain) => plain,
  unwrap: (wrapped) => wrapped,
};
