/**
 * Calls that open a TSA key: the main process refuses with BAD_SECRET and
 * names the secret when it needs the workspace passphrase; the dialog then
 * shows the field (NeededSecretField) and tries again with it.
 */
import type { SecretNeed } from '../../../../shared/errors/affix-error';
import { asCallError } from '../../api';

export type Needed = { need: SecretNeed; retrying: boolean } | null;

/** Runs `call`; on a refusal that names a secret, reports it through `onNeed` and resolves null. */
export async function askingForSecret<T>(call: () => Promise<T>, gaveSecret: boolean, onNeed: (needed: Needed) => void): Promise<T | null> {
  try {
    return await call();
  } catch (e) {
    const error = asCallError(e);
    if (error.code === 'BAD_SECRET' && error.needs) {
      onNeed({ need: error.needs, retrying: gaveSecret });
      return null;
    }
    throw error;
  }
}
