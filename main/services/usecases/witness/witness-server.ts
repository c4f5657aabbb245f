/**
 * The witness's HTTP face: c2sp.org/tlog-witness `POST /add-checkpoint` (and
 * `GET /` for a liveness line). Bounded in every direction a client controls:
 * bodies over MAX_WITNESS_REQUEST_BYTES are refused with 413 before being read
 * whole, slow clients are cut off by the header, request and idle timeouts,
 * and the number of open connections is capped. Requests that arrive in the
 * same turn of the event loop are decided in one transaction, and the fsync
 * that makes it durable runs off the event loop (GroupCommit), covering every
 * batch committed before it began: one fsync serves many concurrent logs and
 * requests keep being read and checked while the disk works.
 *
 * Loopback by default: listening elsewhere must be asked for explicitly
 * (`allowRemote`), since a witness is usually reached through a bastion.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { badInput } from '../../../../shared/errors/affix-error';
import { MAX_WITNESS_REQUEST_BYTES } from '../../../../shared/ledger/tlog-witness';
import type { GroupCommit } from '../../core/store/group-commit';
import type { WitnessAnswer, WitnessService } from './witness-service';

export interface WitnessServerOptions {
  host: string;
  port: number;
  allowRemote?: boolean;
  /** Cut a client off after this long without completing its request (ms). */
  requestTimeoutMs?: number;
  maxConnections?: number;
  /** Called once per answer (the CLI prints a line). */
  onAnswer?: (a: WitnessAnswer, remote: string) => void;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
const MAX_BATCH = 256;

/** "HOST:PORT" or ":PORT" or "PORT" → host and port (host defaults to 127.0.0.1). */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:(\[[0-9a-fA-F:]+\]|[^:[\]]+)?:)?(\d{1,5})$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || !(port >= 0 && port <= 65535)) throw badInput(`--listen must be HOST:PORT (e.g. 127.0.0.1:7380), got "${text}"`);
  return { host: (m[1] ?? '127.0.0.1').replace(/^\[|\]$/g, ''), port };
}

export class WitnessServer {
  private readonly server: Server;
  private queue: { body: Uint8Array; done: (a: WitnessAnswer) => void }[] = [];
  private flushScheduled = false;
  private readonly commits: GroupCommit;

  constructor(
    private readonly witness: WitnessService,
    private readonly options: WitnessServerOptions,
  ) {
    this.commits = witness.openGroupCommit();
    if (!options.allowRemote && !LOOPBACK.has(options.host)) {
      throw badInput(`The witness listens on loopback only unless asked otherwise (got ${options.host}); put it behind a bastion or pass --allow-remote.`);
    }
    this.server = createServer(
      { requestTimeout: options.requestTimeoutMs ?? 10_000, headersTimeout: Math.min(options.requestTimeoutMs ?? 10_000, 5_000), keepAliveTimeout: 5_000 },
      (req, res) => this.handle(req, res),
    );
    this.server.maxConnections = options.maxConnections ?? 256;
    // Idle sockets (a client that opened a connection and sends nothing) are closed too.
    this.server.setTimeout(options.requestTimeoutMs ?? 10_000, (socket) => socket.destroy());
  }

  listen(): Promise<{ host: string; port: number; url: string }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        const a = this.server.address() as AddressInfo;
        const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
        resolve({ host: a.address, port: a.port, url: `http://${host}:${a.port}` });
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => {
        this.commits.close();
        resolve();
      });
      this.server.closeAllConnections();
    });
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const url = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && url === '/') {
      send(res, 200, 'text/plain; charset=utf-8', `affix tlog-witness ${this.witness.key()?.name ?? ''}\n`);
      return;
    }
    if (url !== '/add-checkpoint') {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found: the witness serves POST /add-checkpoint.\n');
      req.resume();
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      send(res, 405, 'text/plain; charset=utf-8', 'add-checkpoint must be a POST.\n');
      req.resume();
      return;
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > MAX_WITNESS_REQUEST_BYTES) {
      tooLarge(res);
      req.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    let aborted = false;
    req.on('data', (chunk: Buffer) => {
      if (aborted) return;
      length += chunk.length;
      if (length > MAX_WITNESS_REQUEST_BYTES) {
        aborted = true;
        tooLarge(res);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      aborted = true;
    });
    req.on('end', () => {
      if (aborted) return;
      this.enqueue(new Uint8Array(Buffer.concat(chunks)), (a) => {
        this.options.onAnswer?.(a, remote);
        send(res, a.status, a.contentType, a.body);
      });
    });
  }

  private enqueue(body: Uint8Array, done: (a: WitnessAnswer) => void): void {
    this.queue.push({ body, done });
    if (this.queue.length >= MAX_BATCH) {
      this.flush();
      return;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /**
   * Decides and commits the queued requests as one batch; their answers go
   * out once the commit is on disk. The next batch may be decided meanwhile
   * (it sees this one's state, and its own answers wait for a later fsync).
   */
  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    this.witness
      .addCheckpointsGrouped(
        batch.map((b) => b.body),
        this.commits,
      )
      .then(
        (answers) => batch.forEach((b, i) => b.done(answers[i])),
        (error: unknown) => {
          const a: WitnessAnswer = {
            status: 500,
            kind: 'unrecorded',
            body: 'Internal error.\n',
            contentType: 'text/plain; charset=utf-8',
            reason: (error as Error).message,
          };
          for (const b of batch) b.done(a);
        },
      );
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  if (res.headersSent || res.destroyed) return;
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length, 'X-Content-Type-Options': 'nosniff' });
  res.end(bytes);
}

function tooLarge(res: ServerResponse): void {
  send(res, 413, 'text/plain; charset=utf-8', `The request body exceeds ${MAX_WITNESS_REQUEST_BYTES} bytes.\n`);
}
