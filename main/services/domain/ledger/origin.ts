/**
 * The log's origin line — its identity in every checkpoint and the name of its
 * key. Default: `affix.local/<organisation-or-workspace>/<first 8 hex of the
 * workspace id>`, e.g. `affix.local/acme-trading/3f2a9c1b`. It is fixed when
 * the node is created (a new origin is a new log); set AFFIX_LEDGER_ORIGIN (or
 * the `ledgerOrigin` service option) before `affix init` to choose another.
 */
import { badInput } from '../../../../shared/errors/affix-error';
import { isValidKeyName } from '../../../../shared/ledger/note';

export const MAX_ORIGIN_LENGTH = 200;

export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48);
  return s || 'workspace';
}

export function defaultOrigin(workspaceId: string, organisation: string | null): string {
  const short = workspaceId.replace(/-/g, '').slice(0, 8) || 'node';
  return `affix.local/${slug(organisation ?? 'workspace')}/${short}`;
}

/** A usable origin: a signed-note key name (no spaces, no '+'), printable ASCII, bounded. */
export function validateOrigin(origin: string): string {
  if (!isValidKeyName(origin) || !/^[\x21-\x7e]+$/.test(origin) || origin.length > MAX_ORIGIN_LENGTH) {
    throw badInput(
      `Ledger origin "${origin}" is not usable: it must be 1..${MAX_ORIGIN_LENGTH} printable ASCII characters without spaces or "+", e.g. affix.local/acme/node1.`,
    );
  }
  return origin;
}
