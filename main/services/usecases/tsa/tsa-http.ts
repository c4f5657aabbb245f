/**
 * RFC 3161 §3.4 time-stamp protocol over HTTP: POST to `/` with
 * Content-Type application/timestamp-query, the reply
 * application/timestamp-reply. A query that cannot be read gets a
 * TimeStampResp rejection (status 2, badDataFormat) with HTTP 200, as the
 * protocol answers in its own terms; what is not a time-stamp query at all
 * gets the HTTP status for it: 404 another path, 405 another method, 415
 * another content type, 413 a body over the bound (the connection is cut as
 * soon as it passes the bound, so memory stays bounded).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TsaEngine } from './tsa-service';

/** A TimeStampReq is ~100 bytes; 16 KiB leaves room for any policy, nonce or extension a client may send. */
export const MAX_QUERY_BYTES = 16 * 1024;

export interface TsaServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface TsaServerLog {
  (event: { status: number; tsa: 'granted' | 'rejection' | 'none'; reason?: string }): void;
}

export async function startTsaServer(engine: TsaEngine, listen: { host: string; port: number }, log?: TsaServerLog): Promise<TsaServer> {
  const server: Server = createServer((req, res) => handle(engine, req, res, log));
  server.keepAliveTimeout = 5000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}/`,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          engine.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function handle(engine: TsaEngine, req: IncomingMessage, res: ServerResponse, log?: TsaServerLog): void {
  const done = (status: number, tsa: 'granted' | 'rejection' | 'none', reason?: string) => log?.({ status, tsa, reason });
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/') {
    req.resume();
    plain(res, 404, 'not found: POST time-stamp queries to /\n');
    return done(404, 'none');
  }
  if (req.method !== 'POST') {
    req.resume();
    plain(res, 405, 'method not allowed: POST an application/timestamp-query\n', { Allow: 'POST' });
    return done(405, 'none');
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/timestamp-query') {
    req.resume();
    plain(res, 415, 'unsupported media type: send application/timestamp-query\n');
    return done(415, 'none');
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > MAX_QUERY_BYTES) {
    plain(res, 413, `payload too large: a query is at most ${MAX_QUERY_BYTES} bytes\n`, { Connection: 'close' });
    req.destroy();
    return done(413, 'none');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (c: Buffer) => {
    if (refused) return;
    size += c.length;
    if (size > MAX_QUERY_BYTES) {
      refused = true;
      chunks.length = 0;
      plain(res, 413, `payload too large: a query is at most ${MAX_QUERY_BYTES} bytes\n`, { Connection: 'close' });
      req.destroy();
      done(413, 'none');
      return;
    }
    chunks.push(c);
  });
  req.on('error', () => undefined);
  req.on('end', () => {
    if (refused) return;
    engine.respond(Buffer.concat(chunks)).then(
      (r) => {
        res.writeHead(200, { 'Content-Type': 'application/timestamp-reply', 'Content-Length': r.reply.length });
        res.end(r.reply);
        done(200, r.status, r.status === 'rejection' ? r.reason : undefined);
      },
      (error: unknown) => {
        plain(res, 500, 'internal error\n');
        done(500, 'none', String(error));
      },
    );
  });
}
