/**
 * Load over loopback HTTP for the server benches (TSA, witness): concurrent
 * keep-alive clients each POST the bodies they are given, one at a time, and
 * the run reports throughput and latency percentiles. One implementation, so
 * that the numbers of different servers are measured alike.
 */
import { Agent, request, type OutgoingHttpHeaders } from 'node:http';

export interface LoadTarget {
  port: number;
  path: string;
  headers?: OutgoingHttpHeaders;
}

export interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
}

/** The p-th percentile (0..100) of ascending `sorted` values. */
export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function post(agent: Agent, target: LoadTarget, body: Uint8Array | string): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = { ...target.headers, 'Content-Length': Buffer.byteLength(body) };
    const req = request({ host: '127.0.0.1', port: target.port, path: target.path, method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `clients` concurrent clients; client c sends `nextBody(c)` until it returns
 * undefined. Any answer but 200 fails the run.
 */
export async function httpLoad(target: LoadTarget, clients: number, nextBody: (client: number) => Uint8Array | string | undefined): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const latencies: number[] = [];
  try {
    const start = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        for (let body = nextBody(c); body !== undefined; body = nextBody(c)) {
          const t = performance.now();
          const status = await post(agent, target, body);
          latencies.push(performance.now() - t);
          if (status !== 200) throw new Error(`${target.path} answered HTTP ${status}`);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return { perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    agent.destroy();
  }
}
