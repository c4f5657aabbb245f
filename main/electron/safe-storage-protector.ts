import { safeStorage } from 'electron';
import type { SecretProtector } from '../services/core/secrets/protector';

/**
 * Wraps secrets with the OS keychain (Keychain, DPAPI, libsecret/kwallet).
 * On Linux without a keyring Electron falls back to `basic_text`, which only
 * obfuscates; we keep working (the passphrase layer still protects the keys)
 * but say so loudly in the status page and `affix status`.
 */
export function createSafeStorageProtector(): SecretProtector {
  const available = safeStorage.isEncryptionAvailable();
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform;
  const weak = !available || backend === 'basic_text' || backend === 'unknown';
  if (!available) {
    return {
      info: { kind: 'passphrase-only', backend, warning: 'OS secret storage is unavailable; secrets are protected by your passphrase only.' },
      wrap: (p) => p,
      unwrap: (w) => w,
    };
  }
  return {
    info: {
      kind: 'safeStorage',
      backend,
      warning: weak
        ? 'No OS keyring was found (basic_text): keys are protected by your passphrase only. Install and unlock a keyring (e.g. GNOME Keyring) for an extra layer.'
        : null,
    },
    wrap: (plain) => safeStorage.encryptString(Buffer.from(plain).toString('base64')),
    unwrap: (wrapped) => Buffer.from(safeStorage.decryptString(Buffer.from(wrapped)), 'base64'),
  };
}
