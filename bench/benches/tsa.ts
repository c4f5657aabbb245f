/**
 * The time-stamping authority over loopback HTTP (issue 23): tokens per
 * second with 1 and with 8 concurrent clients, and p99 latency, each token
 * anchored durably on the ledger (synchronous=FULL; requests that arrive
 * together share one commit) before its reply is sent. Goal: ≥ 1,000
 * tokens/s at 8 clients, p99 ≤ 20 ms. The clients run in the same process
 * as the server, so their own cost is included (a pessimistic figure).
 *
 * Then PAdES B-T against B-B: signing a 10 MB file with signPdfFile, with
 * and without a signature timestamp fetched from the same TSA, medians of
 * the same run. Goal: B-T ≤ 1.3× B-B.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServices, type Services } from '../../main/services/composition/container';
import { ecdsaSigningKey } from '../../main/services/domain/pki/key-pair';
import { signPdfFile } from '../../main/services/engines/pdf-signing/sign-pdf';
import { startTsaServer, type TsaServer } from '../../main/services/usecases/tsa/tsa-http';
import { requestTimestamp, timestampQuery } from '../../main/services/usecases/tsa/tsa-client';
import { tsaServiceOf } from '../../main/services/usecases/tsa/tsa-of';
import type { BenchCase, Metric } from '../harness';
import { httpLoad, type LoadResult } from '../http-load';
import { medianMs } from '../harness';
import { benchPdf } from './signing';

const PASSPHRASE = 'bench passphrase';

async function setUp(): Promise<{ services: Services; server: TsaServer; dir: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'affix-bench-tsa-'));
  const services = openServices(join(dir, 'home'), { create: true, ledger: { checkpointIntervalMs: 0 } });
  services.ledger.ensureNode();
  await services.pki.createOrg({ legalName: 'Bench Notary Office', uscc: '91110000600037341L', representatives: [], passphrase: PASSPHRASE });
  const tsa = await tsaServiceOf(services).init({ name: 'Bench TSA', passphrase: PASSPHRASE });
  const server = await startTsaServer(tsaServiceOf(services).open(tsa.id, PASSPHRASE), { host: '127.0.0.1', port: 0 });
  return {
    services,
    server,
    dir,
    close: async () => {
      await server.close();
      services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `total` queries from `clients` concurrent keep-alive clients: tokens/s and latency percentiles. */
function load(server: TsaServer, clients: number, total: number): Promise<LoadResult> {
  const queries = Array.from({ length: 64 }, (_, i) => timestampQuery('SHA-256', createHash('sha256').update(`document ${i}`).digest()).der);
  let next = 0;
  const target = { port: Number(new URL(server.url).port), path: '/', headers: { 'Content-Type': 'application/timestamp-query' } };
  return httpLoad(target, clients, () => (next < total ? queries[next++ % queries.length] : undefined));
}

export const cases: BenchCase[] = [
  {
    name: 'tokens over loopback',
    run: async () => {
      const env = await setUp();
      try {
        await load(env.server, 8, 200); // warm-up
        const one = await load(env.server, 1, 1000);
        const eight = await load(env.server, 8, 4000);
        const out: Record<string, Metric> = {
          tokensPerSecond1: { value: one.perSecond, unit: 'tokens/s' },
          p99Ms1: { value: one.p99, unit: 'ms' },
          tokensPerSecond8: { value: eight.perSecond, unit: 'tokens/s', goal: '≥ 1000 tokens/s', met: eight.perSecond >= 1000 },
          p50Ms8: { value: eight.p50, unit: 'ms' },
          p99Ms8: { value: eight.p99, unit: 'ms', goal: '≤ 20 ms', met: eight.p99 <= 20 },
        };
        return out;
      } finally {
        await env.close();
      }
    },
  },
  {
    name: 'B-T vs B-B signing 10MB',
    run: async () => {
      const env = await setUp();
      try {
        const org = env.services.pki.listOrgs()[0];
        const seal = await env.services.seals.create({
          orgId: org.id,
          type: 'contract',
          name: 'Bench Seal',
          validFrom: new Date(Date.now() - 60_000),
          validUntil: new Date(Date.now() + 86400_000),
          passphrase: PASSPHRASE,
        });
        const chain = env.services.pki.chain(seal.certSerial);
        const key = ecdsaSigningKey(env.services.pki.privateKey(seal.certSerial), chain.slice(0, 2), 'bench');
        const input = benchPdf(10);
        const out = join(env.dir, 'out.pdf');
        const sign = (timestamp: boolean) => async () => {
          rmSync(out, { force: true });
          await signPdfFile(input, out, timestamp ? { timestamp: (h) => requestTimestamp(env.server.url, 'SHA-256', h) } : {}, key);
        };
        // Interleaved so both see the same machine load.
        const bb: number[] = [];
        const bt: number[] = [];
        await sign(false)();
        await sign(true)();
        for (let i = 0; i < 5; i++) {
          bb.push(await medianMs(sign(false), 1));
          bt.push(await medianMs(sign(true), 1));
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        const ratio = median(bt) / median(bb);
        if (!readFileSync(out).includes('/ETSI.CAdES.detached')) throw new Error('not signed');
        return {
          signBB: { value: median(bb), unit: 'ms' },
          signBT: { value: median(bt), unit: 'ms' },
          ratio: { value: ratio, unit: '×', goal: '≤ 1.3× B-B', met: ratio <= 1.3 },
        };
      } finally {
        await env.close();
      }
    },
  },
];
