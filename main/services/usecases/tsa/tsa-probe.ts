/**
 * "Does this TSA answer?" — asks it to timestamp a throwaway digest, so the
 * Settings page can tell a typo or an unreachable host from a working
 * authority before any signature depends on it. The token is checked
 * against the query (imprint, nonce) like every other and then dropped.
 */
import { randomBytes } from 'node:crypto';

export interface TsaProbe {
  url: string;
  genTime: string;
  millis: number;
}

export async function probeTsa(url: string): Promise<TsaProbe> {
  // Loaded here: the client parses tokens with pkijs, which opening Settings never needs.
  const { requestTimestamp, tokenInfo } = await import('./tsa-client');
  const started = performance.now();
  const token = await requestTimestamp(url, 'SHA-256', randomBytes(32));
  const millis = Math.round(performance.now() - started);
  return { url, genTime: tokenInfo(token, `The reply of ${url}`).genTime.toISOString(), millis };
}
