/**
 * Consortium witnessing (issue 17): cosignatures per second and latency of
 * the witness with durable persistence (synchronous=FULL, committed before
 * answering), in file mode (one request, one commit) and over HTTP on
 * loopback with 1 and 8 concurrent clients (each a log of its own, keep-alive,
 * requests prepared beforehand so only the witness is measured); and the cost
 * of checking a 2-of-3 witness policy when verifying a proof package,
 * against verifying the same package without one (same run).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openServices } from '../../main/services/composition/container';
import { workspaceSealing } from '../../main/services/composition/workspace-sealing';
import { WitnessServer } from '../../main/services/usecases/witness/witness-server';
import { WitnessService } from '../../main/services/usecases/witness/witness-service';
import { LogWitnessing } from '../../main/services/usecases/witness/log-witnessing';
import { Workspace } from '../../main/services/core/workspace/workspace';
import { forgetVerifiedCosignatures } from '../../shared/ledger/cosignature';
import { verifyPackage } from '../../shared/proof/verify-package';
import { corpusDir, repoRoot } from '../../test/support/repo';
import { TestLog } from '../../test/unit/witness/fixtures/test-log';
import { medianMs, type BenchCase, type Metric } from '../harness';
import { httpLoad, percentile, type LoadResult } from '../http-load';
import { moduleSchemas } from '../../main/services/composition/schema-registry';

const FILE_REQUESTS = 300;
const HTTP_REQUESTS_PER_CLIENT = 150;

/** Requests 0→1, 1→2, … for one log, prepared before timing. */
function prepared(log: TestLog, n: number): string[] {
  const out: string[] = [];
  let old = 0;
  for (let i = 0; i < n; i++) {
    log.append(1);
    out.push(log.request(old));
    old = log.leaves.length;
  }
  return out;
}

async function httpRun(witness: WitnessService, clients: number): Promise<LoadResult> {
  const logs = Array.from({ length: clients }, () => new TestLog());
  for (const l of logs) witness.addLog(l.origin, l.vkey);
  const bodies = logs.map((l) => prepared(l, HTTP_REQUESTS_PER_CLIENT));
  const server = new WitnessServer(witness, { host: '127.0.0.1', port: 0 });
  const { port } = await server.listen();
  try {
    return await httpLoad({ port, path: '/add-checkpoint' }, clients, (c) => bodies[c]?.shift());
  } finally {
    await server.close();
  }
}

export const cases: BenchCase[] = [
  {
    name: 'witness cosignatures, file mode and HTTP at 1 and 8 clients',
    run: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'affix-bench-witness-'));
      const ws = Workspace.open(join(dir, 'home'), { create: true, schemas: moduleSchemas });
      try {
        const witness = new WitnessService(ws, workspaceSealing(ws));
        witness.init('bench.example/witness');
        const fileLog = new TestLog();
        witness.addLog(fileLog.origin, fileLog.vkey);
        const bodies = prepared(fileLog, FILE_REQUESTS);
        const lat: number[] = [];
        const start = performance.now();
        for (const b of bodies) {
          const t = performance.now();
          if (witness.addCheckpoint(b).status !== 200) throw new Error('file-mode request refused');
          lat.push(performance.now() - t);
        }
        const fileSeconds = (performance.now() - start) / 1000;
        lat.sort((a, b) => a - b);
        const one = await httpRun(witness, 1);
        const eight = await httpRun(witness, 8);
        const m: Record<string, Metric> = {
          file_cosignatures_per_s: { value: FILE_REQUESTS / fileSeconds, unit: '/s' },
          file_p50_ms: { value: percentile(lat, 50), unit: 'ms' },
          file_p99_ms: { value: percentile(lat, 99), unit: 'ms' },
          http1_cosignatures_per_s: { value: one.perSecond, unit: '/s' },
          http1_p50_ms: { value: one.p50, unit: 'ms' },
          http1_p99_ms: { value: one.p99, unit: 'ms' },
          http8_cosignatures_per_s: { value: eight.perSecond, unit: '/s', goal: '≥ 500/s', met: eight.perSecond >= 500 },
          http8_p50_ms: { value: eight.p50, unit: 'ms' },
          http8_p99_ms: { value: eight.p99, unit: 'ms', goal: '≤ 20 ms', met: eight.p99 <= 20 },
        };
        return m;
      } finally {
        ws.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'verify a package with a 2-of-3 witness policy vs without',
    run: async () => {
      const source = join(corpusDir, 'pdfjs', 'issue16063.pdf');
      if (!existsSync(source)) throw new Error(`the corpus is absent (${source})`);
      const { buildVerifier } = (await import(pathToFileURL(join(repoRoot, 'build', 'scripts', 'build.mjs')).href)) as { buildVerifier(): Promise<void> };
      await buildVerifier();
      const dir = mkdtempSync(join(tmpdir(), 'affix-bench-witness-verify-'));
      const s = openServices(join(dir, 'log'), { create: true, ledger: { checkpointIntervalMs: 0 } });
      const witnesses: { ws: Workspace; server: WitnessServer }[] = [];
      try {
        const doc = s.documents.importFile(source);
        const key = await s.keys.create('Signer', 'bench passphrase');
        await s.signing.signDocument(doc.id, {}, { kind: 'workspace', id: key.id, passphrase: 'bench passphrase' });
        const lines: string[] = [];
        for (let i = 0; i < 3; i++) {
          const ws = Workspace.open(join(dir, `w${i}`), { create: true, schemas: moduleSchemas });
          const w = new WitnessService(ws, workspaceSealing(ws));
          const vkey = w.init(`bench.example/w${i}`).verifierKey;
          w.addLog(s.ledger.origin(), s.ledger.verifierKey());
          const server = new WitnessServer(w, { host: '127.0.0.1', port: 0 });
          const { url } = await server.listen();
          witnesses.push({ ws, server });
          lines.push(`witness w${i} ${vkey} ${url}`);
        }
        const policy = `${lines.join('\n')}\ngroup two-of-three 2 w0 w1 w2\nquorum two-of-three\n`;
        new LogWitnessing(s.workspace, s.ledger).setPolicy(policy);
        const { zip } = await s.proof.buildPackage(doc.id, {});
        const base = await s.proof.trustPolicy();
        const withPolicy = { ...base, witnessPolicy: policy };
        const without = { ...base, witnessPolicy: null };
        const a = await verifyPackage(zip, { trustPolicy: withPolicy });
        if (a.verdict !== 'passed') throw new Error(`package with witness policy: ${JSON.stringify(a.checks.filter((c) => c.verdict !== 'passed'))}`);
        // Cold each time: no cosignature verified by an earlier run counts.
        const tWith = await medianMs(() => (forgetVerifiedCosignatures(), verifyPackage(zip, { trustPolicy: withPolicy })), 7);
        const tWithout = await medianMs(() => (forgetVerifiedCosignatures(), verifyPackage(zip, { trustPolicy: without })), 7);
        return {
          verify_with_2of3_ms: { value: tWith, unit: 'ms' },
          verify_without_policy_ms: { value: tWithout, unit: 'ms' },
          ratio: { value: tWith / tWithout, unit: '×', goal: '≤ 1.2×', met: tWith / tWithout <= 1.2 },
        };
      } finally {
        for (const w of witnesses) {
          await w.server.close();
          w.ws.close();
        }
        s.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
