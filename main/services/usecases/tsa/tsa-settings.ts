/**
 * The TSA this workspace uses when it signs (PAdES B-T for signing-order
 * steps and "Sign now") and timestamps checkpoints: one URL, kept in the
 * workspace's settings.
 */
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { Workspace } from '../../core/workspace/workspace';

const KEY = 'tsa_url';

export function tsaUrlSetting(ws: Workspace): string | undefined {
  return ws.meta(KEY) || undefined;
}

export function setTsaUrlSetting(ws: Workspace, url: string | null): string | null {
  if (url !== null) {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw badInput(`The TSA URL "${url}" is not a URL.`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw badInput(`The TSA URL must be http:// or https://, got "${url}".`);
  }
  ws.setMeta(KEY, url ?? '');
  return url;
}

/** The configured TSA, or a clear refusal saying where to set one. */
export function requireTsaUrl(ws: Workspace): string {
  const url = tsaUrlSetting(ws);
  if (!url)
    throw new AffixError('BAD_INPUT', 'No TSA is configured: set its URL in Settings (or with "affix tsa url URL").', {
      said: { key: 'errors.tsa.notConfigured' },
    });
  return url;
}
