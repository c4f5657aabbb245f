/**
 * The browser shell's server: the built renderer and the one router, on
 * 127.0.0.1 only, for a browser the shell starts itself.
 *
 * Who may call the router: only the browser that was handed the launch URL.
 * - The launch URL carries a one-time random token; the server trades it for a
 *   random session secret in an HttpOnly, SameSite=Strict cookie and forgets
 *   the token. Every other request needs that cookie, so another local process
 *   or user that finds the port gets 403.
 * - Router calls must also carry a custom header and come from this exact
 *   origin (the Origin header a browser sets): a page of another origin — even
 *   another 127.0.0.1 port, which shares cookies — is stopped by the CORS
 *   preflight the header forces, and by the router's own trusted-origin check.
 * - The Host header must be 127.0.0.1:PORT (no DNS rebinding).
 * Pages are served with the app's Content-Security-Policy (the same string
 * Electron's app:// protocol sends) and nosniff.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import type { Router } from '../ipc/router';
import { CONTENT_SECURITY_POLICY } from '../security/content-security-policy';
import { BRIDGE_PATH, LAUNCH_PATH, RPC_HEADER, RPC_PATH } from './protocol';
import { contentTypeOf, staticFile } from './static-files';

/** A base64-encoded 200 MB PDF and change: the largest router call the shell accepts (413 beyond, nothing buffered). */
export const MAX_CALL_BYTES = 300 * 1024 * 1024;

export interface ShellServerOptions {
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** The bundled page bridge (dist/browser-shell/page-bridge.js). */
  bridgeFile: string;
  /** Builds the router once the origin (with its random port) is known. */
  router(origin: string): Router;
}

export interface ShellServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** Open this once in the browser: it sets the session cookie and shows the app. */
  readonly launchUrl: string;
  close(): Promise<void>;
}

const secret = (): string => randomBytes(32).toString('base64url');

function sameSecret(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  res.end(body);
}

/** index.html with the page bridge loaded first (a classic script runs before the renderer's deferred module scripts). */
function indexWithBridge(rendererDir: string): string {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8');
  return html.replace('</head>', `  <script src="${BRIDGE_PATH}"></script>\n  </head>`);
}

export async function startShellServer(options: ShellServerOptions): Promise<ShellServer> {
  const root = normalize(options.rendererDir);
  if (!existsSync(join(root, 'index.html'))) throw new Error(`The app is not built: ${join(root, 'index.html')} is missing (run npm run build).`);
  if (!existsSync(options.bridgeFile)) throw new Error(`The app is not built: ${options.bridgeFile} is missing (run npm run build).`);
  let launchToken: string | undefined = secret();
  const session = secret();
  let origin = '';
  let cookieName = '';
  let router: Router | undefined;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.headers.host !== new URL(origin).host) return send(res, 421, 'Wrong host.');
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith(LAUNCH_PATH)) {
      if (!sameSecret(launchToken, url.pathname.slice(LAUNCH_PATH.length)))
        return send(res, 403, 'This launch link was used already or is wrong. Start Affix again.');
      launchToken = undefined;
      return send(res, 303, 'Opening Affix…', undefined, {
        Location: '/index.html',
        'Set-Cookie': `${cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/`,
      });
    }
    if (!sameSecret(cookieValue(req, cookieName), session)) return send(res, 403, 'Not this Affix session.');
    if (url.pathname === RPC_PATH) return call(req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
    if (url.pathname === BRIDGE_PATH) return send(res, 200, readFileSync(options.bridgeFile), contentTypeOf(options.bridgeFile));
    if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, indexWithBridge(root), contentTypeOf('index.html'));
    const file = staticFile(root, url.pathname);
    if (file.status !== 200) return send(res, file.status, file.status === 400 ? 'Bad path.' : `Not found: ${url.pathname}`);
    return send(res, 200, file.body, file.contentType);
  };

  const call = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST' || req.headers[RPC_HEADER.toLowerCase()] !== '1' || !/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      return send(res, 400, 'Not a router call.');
    }
    // The browser sets Origin on a POST; a page of any other origin never gets this far (preflight), and the router checks it again.
    const sender = req.headers.origin ?? '';
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_CALL_BYTES) {
        send(res, 413, `The call is larger than ${MAX_CALL_BYTES} bytes.`, undefined, { Connection: 'close' });
        res.once('finish', () => req.destroy());
        return;
      }
      chunks.push(chunk);
    }
    let body: { method?: unknown; input?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
    } catch {
      return send(res, 400, 'The call is not JSON.');
    }
    router ??= options.router(origin);
    const result = await router.invoke(String(body?.method ?? ''), body?.input, { kind: 'frame', url: sender ? `${sender}/` : '' });
    send(res, 200, JSON.stringify(result), 'application/json');
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, `Internal error: ${String(error)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  // Cookies are shared by every port of a host: one name per server keeps two Affix windows apart.
  cookieName = `affix_session_${port}`;
  router = options.router(origin);
  return {
    origin,
    launchUrl: `${origin}${LAUNCH_PATH}${launchToken}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
