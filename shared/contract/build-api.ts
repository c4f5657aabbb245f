import { methodIds, type AffixApi } from './index';

/** The one IPC channel; the router behind it dispatches by method id. */
export const IPC_CHANNEL = 'affix:invoke';

/**
 * Builds the `window.affix` object from the contract's method list around one
 * transport function. The preload uses IPC; the browser test bridge uses a
 * Playwright binding; both get an identical API surface.
 */
export function buildAffixApi(invoke: (method: string, input: unknown) => Promise<unknown>): AffixApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const id of methodIds) {
    const [service, name] = id.split('.') as [string, string];
    api[service] ??= {};
    api[service][name] = (input?: unknown) => invoke(id, input ?? {});
  }
  return Object.freeze(api) as unknown as AffixApi;
}
