/**
 * `window.affix` for the browser shell: the same API object the preload
 * builds (buildAffixApi), over a same-origin POST to the loopback server
 * instead of Electron IPC. Bundled for the page by build/scripts/build.mjs
 * (dist/browser-shell/page-bridge.js) and loaded before the renderer.
 *
 * The session cookie rides along by itself (HttpOnly: this script never sees
 * it); the custom header forces a CORS preflight for any cross-origin caller,
 * which the server never grants.
 */
import { buildAffixApi } from '../../shared/contract/build-api';
import { RPC_HEADER, RPC_PATH } from './protocol';

async function invoke(method: string, input: unknown): Promise<unknown> {
  const response = await fetch(RPC_PATH, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', [RPC_HEADER]: '1' },
    body: JSON.stringify({ method, input }),
  });
  if (!response.ok) {
    return { ok: false, error: { code: 'INTERNAL', message: `The Affix server refused the call (${response.status} ${await response.text()}).` } };
  }
  return response.json();
}

// Like contextBridge.exposeInMainWorld: a fixed, read-only property.
Object.defineProperty(globalThis, 'affix', { value: buildAffixApi(invoke), enumerable: true, writable: false, configurable: false });
