import { net, protocol } from 'electron';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../security/content-security-policy';

/** Pages come from app://affix/, never file://, so the origin is fixed and CSP applies. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'affix';

export { CONTENT_SECURITY_POLICY };

export function registerAppSchemeAsPrivileged(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);
}

/** Serves the built renderer; refuses any path that escapes its folder. */
export function serveRenderer(rendererDir: string): void {
  const rootDir = normalize(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    const path = normalize(join(rootDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
    if (path !== rootDir && !path.startsWith(rootDir + sep)) return new Response('Forbidden', { status: 403 });
    const response = await net.fetch(pathToFileURL(path).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
