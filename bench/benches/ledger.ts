/**
 * The ledger node at 10^4, 10^5 and 10^6 entries (issue 5). Each case builds a
 * fresh workspace, appends through LedgerService.appendMany in batches of
 * 1000 (one transaction each, synchronous=FULL), then measures inclusion
 * proofs served from SQLite and verified with the shared verifier.
 *
 * A warm-up of 20 batches (20,000 appends) on a throwaway workspace precedes
 * each case: with 5 batches the optimising compiler was still at work (on
 * other threads, counted in the CPU time) during the 10 batches of 10^4.
 *
 * Goals (2-core machine): ≥ 50,000 appends/s; at 10^6 an inclusion proof
 * produced in ≤ 1 ms and verified in ≤ 1 ms; ≤ 32·⌈log2 n⌉ bytes per proof;
 * ≤ 120 bytes of storage per entry beyond its payload; memory flat as the log
 * grows (heap after GC at the end vs. at a quarter of the appends).
 * References measured in the same run: a plain SQLite insert of the same
 * entry bytes (same batches, same pragmas) and SHA-256 of one entry.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { hashLeaf as nodeHashLeaf } from '../../main/services/domain/ledger/node-hashing';
import { hashLeaf, verifyInclusion } from '../../shared/ledger/merkle';
import type { NewLedgerEntry } from '../../shared/ledger/entry-types';
import { LedgerService } from '../../main/services/domain/ledger/ledger-service';
import { workspaceSealing } from '../../main/services/composition/workspace-sealing';
import { openDatabase } from '../../main/services/core/store/database';
import { Workspace } from '../../main/services/core/workspace/workspace';
import type { BenchCase, Metric } from '../harness';
import { peakRssBytes } from '../harness';
import { moduleSchemas } from '../../main/services/composition/schema-registry';

const BATCH = 1000;
const PROOFS = 2000;
const TIME = '2026-01-01T00:00:00.000Z';

const subject = (i: number): string => createHash('sha256').update(`bench/${i}`).digest('hex');
const entryAt = (i: number): NewLedgerEntry => ({ type: 'seal.used', subjects: [subject(i)], actorKeyId: 'k1', time: TIME });

const gcHeapMiB = (): number => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1048576;
};

function seconds(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

/** Plain SQLite: the same entry bytes into a one-column table, same batches and pragmas. */
function sqliteReference(dir: string, payloads: Uint8Array[], n: number): number {
  const db = openDatabase(join(dir, 'reference.db'));
  db.exec('CREATE TABLE t (idx INTEGER PRIMARY KEY, entry BLOB NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO t (idx, entry) VALUES (?, ?)');
  const batch = db.transaction((from: number) => {
    for (let i = from; i < Math.min(n, from + BATCH); i++) insert.run(i, payloads[i % payloads.length]);
  });
  const s = seconds(() => {
    for (let from = 0; from < n; from += BATCH) batch(from);
  });
  db.close();
  return n / s;
}

const WARM_UP_BATCHES = 20;

/** Steady state, not JIT warm-up: the same appends on a throwaway workspace first. */
function warmUp(dir: string): void {
  const ws = Workspace.open(join(dir, 'warm-up'), { create: true, schemas: moduleSchemas });
  const ledger = new LedgerService(ws, workspaceSealing(ws), { checkpointIntervalMs: 0 });
  for (let from = 0; from < WARM_UP_BATCHES * BATCH; from += BATCH) ledger.appendMany(Array.from({ length: BATCH }, (_, i) => entryAt(from + i)));
  ledger.inclusionHashes(123, WARM_UP_BATCHES * BATCH);
  ledger.close();
  ws.close();
}

async function run(n: number): Promise<Record<string, Metric>> {
  const dir = mkdtempSync(join(tmpdir(), 'affix-bench-ledger-'));
  try {
    warmUp(dir);
    const ws = Workspace.open(join(dir, 'home'), { create: true, schemas: moduleSchemas });
    const ledger = new LedgerService(ws, workspaceSealing(ws), { checkpointIntervalMs: 0 });
    ledger.ensureNode();

    let heapQuarter = 0;
    let payloadBytes = 0;
    // Only appendMany is timed (wall and CPU); making the callers' entries is not the ledger's cost.
    let appendSeconds = 0;
    let appendCpuSeconds = 0;
    for (let from = 0; from < n; from += BATCH) {
      const batch: NewLedgerEntry[] = [];
      for (let i = from; i < Math.min(n, from + BATCH); i++) batch.push(entryAt(i));
      const cpu = process.cpuUsage();
      appendSeconds += seconds(() => ledger.appendMany(batch));
      const used = process.cpuUsage(cpu);
      appendCpuSeconds += (used.user + used.system) / 1e6;
      if (from + BATCH === Math.ceil(n / 4 / BATCH) * BATCH) heapQuarter = gcHeapMiB();
    }
    const heapEnd = gcHeapMiB();
    const { checkpoint } = ledger.checkpoint();
    const sample = ledger.entries(0, 100);
    payloadBytes = sample.reduce((a, e) => a + e.bytes.length, 0) / sample.length;

    // Inclusion proofs against the signed root, random indices.
    let rng = 12345;
    const next = (): number => (rng = (Math.imul(rng, 1103515245) + 12345) >>> 0) % n;
    const indices = Array.from({ length: PROOFS }, next);
    const leafHashes = indices.map((i) => hashLeaf(ledger.entries(i, 1)[0].bytes));
    let proofs: Uint8Array[][] = [];
    ledger.inclusionHashes(indices[0], n); // warm-up
    const proveSeconds = seconds(() => {
      proofs = indices.map((i) => ledger.inclusionHashes(i, checkpoint.size));
    });
    let allOk = true;
    const verifySeconds = seconds(() => {
      for (let k = 0; k < PROOFS; k++) allOk = verifyInclusion(indices[k], n, leafHashes[k], proofs[k], checkpoint.rootHash) && allOk;
    });
    if (!allOk) throw new Error('an inclusion proof did not verify');
    // The shared verifier as it ships (bundled by esbuild/vite into the renderer and the standalone
    // verifier): under tsx, @noble/hashes runs through an ESM→CJS shim that makes it ~10× slower.
    const bundled = join(dir, 'merkle.mjs');
    buildSync({
      entryPoints: [join(import.meta.dirname, '..', '..', 'shared', 'ledger', 'merkle.ts')],
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      outfile: bundled,
      logLevel: 'error',
    });
    const shipped = (await import(pathToFileURL(bundled).href)) as { verifyInclusion: typeof verifyInclusion };
    shipped.verifyInclusion(indices[0], n, leafHashes[0], proofs[0], checkpoint.rootHash); // warm-up
    const verifyShippedSeconds = seconds(() => {
      for (let k = 0; k < PROOFS; k++) allOk = shipped.verifyInclusion(indices[k], n, leafHashes[k], proofs[k], checkpoint.rootHash) && allOk;
    });
    if (!allOk) throw new Error('an inclusion proof did not verify (bundled verifier)');
    const maxProofBytes = Math.max(...proofs.map((p) => p.length * 32));
    const proofBound = 32 * Math.ceil(Math.log2(n));
    const tlogProofBytes = Buffer.byteLength(ledger.prove(indices[0]).proof);

    ws.db.pragma('wal_checkpoint(TRUNCATE)');
    ws.close();
    const dbBytes = statSync(join(dir, 'home', 'affix.db')).size;
    const overhead = dbBytes / n - payloadBytes;

    // References in the same process and run.
    const payloads = sample.map((e) => e.bytes);
    const sqlitePerSecond = sqliteReference(dir, payloads, n);
    const one = payloads[0];
    const shaCount = 200_000;
    const shaPerSecond =
      shaCount /
      seconds(() => {
        for (let i = 0; i < shaCount; i++) nodeHashLeaf(one);
      });

    const appendsPerSecond = n / appendSeconds;
    const proveMs = (proveSeconds * 1000) / PROOFS;
    const verifyMs = (verifySeconds * 1000) / PROOFS;
    const verifyShippedMs = (verifyShippedSeconds * 1000) / PROOFS;
    const flat = heapEnd <= heapQuarter + 16;
    return {
      appendsPerSecond: { value: Math.round(appendsPerSecond), unit: 'entries/s', goal: '≥ 50000', met: appendsPerSecond >= 50_000 },
      appendsPerCpuSecond: { value: Math.round(n / appendCpuSeconds), unit: 'entries/CPU-s' },
      sqliteInsertReference: { value: Math.round(sqlitePerSecond), unit: 'rows/s' },
      appendVsSqlite: { value: appendsPerSecond / sqlitePerSecond, unit: '× plain insert' },
      sha256LeafReference: { value: Math.round(shaPerSecond), unit: 'leaf hashes/s (node:crypto)' },
      proveMs: { value: proveMs, unit: 'ms/proof', goal: '≤ 1 (at 10^6)', met: proveMs <= 1 },
      verifyMs: { value: verifyMs, unit: 'ms/proof (shared verifier under tsx)', goal: '≤ 1 (at 10^6)', met: verifyMs <= 1 },
      verifyBundledMs: { value: verifyShippedMs, unit: 'ms/proof (shared verifier bundled)', goal: '≤ 1 (at 10^6)', met: verifyShippedMs <= 1 },
      proofBytes: { value: maxProofBytes, unit: 'bytes (max)', goal: `≤ ${proofBound}`, met: maxProofBytes <= proofBound },
      tlogProofBytes: { value: tlogProofBytes, unit: 'bytes (text, with entry and checkpoint)' },
      databaseBytesPerEntry: { value: dbBytes / n, unit: 'bytes/entry (whole file)' },
      payloadBytes: { value: payloadBytes, unit: 'bytes/entry' },
      storageOverhead: { value: overhead, unit: 'bytes/entry beyond payload', goal: '≤ 120', met: overhead <= 120 },
      heapAtQuarter: { value: heapQuarter, unit: 'MiB after GC' },
      heapAtEnd: { value: heapEnd, unit: 'MiB after GC', goal: 'flat (≤ quarter + 16 MiB)', met: flat },
      peakRss: { value: Math.round(peakRssBytes() / 1048576), unit: 'MiB' },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const cases: BenchCase[] = [10_000, 100_000, 1_000_000].map((n) => ({
  name: `${n.toExponential().replace('e+', 'e')} entries`,
  run: () => run(n),
}));
