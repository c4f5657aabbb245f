/**
 * Whole processes, start to exit, as a clerk or a batch office runs them
 * (issue 20): the built `affix` bin (dist/cli/affix.cjs) beside the tools a
 * user would otherwise pick, timed the same way in the same run — `node -e 0`
 * (the floor any Node program pays), `pdfsig` (verifying) and `openssl dgst
 * -sha256` (reading and hashing the file). Every process runs under
 * /usr/bin/time, which reports its peak RSS (%M); the wall time is taken
 * around the whole spawn, so both sides pay the same fork and exec.
 *
 * Each case measures its own references, so its ratios come from one run.
 * These are the "whole process" rows; every other bench file reports
 * in-process figures (see bench/run.mts, which prints the two tables apart).
 * `BENCH_RUNS` sets the number of timed runs per command (default 5, after one warm-up).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signPdfFile } from '../../main/services/engines/pdf-signing/sign-pdf';
import { openServices } from '../../main/services/composition/container';
import { opensslP12 } from '../../test/support/key-fixtures';
import { corpusDir, repoRoot } from '../../test/support/repo';
import { createTestSigner } from '../../test/support/throwaway-signer';
import type { BenchCase, Metric } from '../harness';
import { benchPdf } from './signing';

const MB = 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BIN = process.env.AFFIX_BENCH_BIN ?? join(repoRoot, 'dist', 'cli', 'affix.cjs');
const TIME = '/usr/bin/time';

export interface ProcessFigure {
  /** Median wall time, ms. */
  ms: number;
  /** Median peak RSS, MiB. */
  rssMiB: number;
  /** Exit status of the last run. */
  status: number | null;
}

interface Spec {
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  before?: () => void;
  /** Exit statuses that count as success (any, when absent). */
  okStatus?: number[];
}

/** One run of `cmd args` under /usr/bin/time: wall time around the whole spawn, and peak RSS. */
function runOnce(spec: Spec): { ms: number; rssMiB: number; status: number | null } {
  spec.before?.();
  const start = process.hrtime.bigint();
  const r = spawnSync(TIME, ['-f', '@@RSS %M', spec.cmd, ...spec.args], {
    env: { ...process.env, ...spec.env },
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * MB,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (spec.okStatus && !spec.okStatus.includes(r.status ?? -1)) {
    throw new Error(`${spec.cmd} ${spec.args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  }
  const m = /@@RSS (\d+)/.exec(r.stderr);
  return { ms, rssMiB: m ? Number(m[1]) / 1024 : NaN, status: r.status };
}

/**
 * Runs every spec RUNS times after one warm-up each, interleaved (a, b, c, a,
 * b, c…) so that a noisy neighbour slows all of them alike; medians of each.
 */
export function measureAll<K extends string>(specs: Record<K, Spec>): Record<K, ProcessFigure> & Partial<Record<string, ProcessFigure>> {
  const keys = Object.keys(specs) as K[];
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: apt-get install time`);
  const seen = Object.fromEntries(keys.map((k) => [k, { ms: [] as number[], rss: [] as number[], status: null as number | null }])) as Record<
    K,
    { ms: number[]; rss: number[]; status: number | null }
  >;
  for (let i = 0; i <= RUNS; i++) {
    for (const k of keys) {
      const r = runOnce(specs[k]);
      seen[k].status = r.status;
      if (i === 0) continue;
      seen[k].ms.push(r.ms);
      seen[k].rss.push(r.rssMiB);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, { ms: median(seen[k].ms), rssMiB: median(seen[k].rss), status: seen[k].status }])) as Record<K, ProcessFigure>;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The bin before this work (a copy of the old dist/cli/affix.cjs), measured beside the new one in the same run when given. */
const BEFORE_BIN = process.env.AFFIX_BENCH_BEFORE_BIN;
const affix = (args: string[], options: Omit<Spec, 'cmd' | 'args'> = {}): Spec => ({ cmd: process.execPath, args: [BIN, ...args], ...options });
const affixBefore = (args: string[], options: Omit<Spec, 'cmd' | 'args'> = {}): Record<string, Spec> =>
  BEFORE_BIN ? { before: { cmd: process.execPath, args: [BEFORE_BIN, ...args], ...options } } : {};
const NODE: Spec = { cmd: process.execPath, args: ['-e', '0'], okStatus: [0] };

/** Keys the old bin's spec as `<name>_before`. */
const prefixed = (name: string, specs: Record<string, Spec>): Record<string, Spec> =>
  Object.fromEntries(Object.entries(specs).map(([k, v]) => [`${name}_${k}`, v]));

/** The same command with the old bin, when measured: its time, RSS and the new one's speed-up. */
function beforeFigures(name: string, now: ProcessFigure, before: ProcessFigure | undefined): Record<string, Metric> {
  if (!before) return {};
  return {
    [`${name}_before_ms`]: { value: before.ms, unit: 'ms' },
    [`${name}_before_rss`]: { value: before.rssMiB, unit: 'MiB' },
    [`${name}_speedup`]: { value: before.ms / now.ms, unit: '×' },
  };
}

/** The figures of one command with its reference and the ratio, and the goal when the issue sets one. */
function figures(
  name: string,
  f: ProcessFigure,
  ref: { name: string; f: ProcessFigure },
  goal?: { ratio?: number; ms?: number; rssMiB?: number },
): Record<string, Metric> {
  const ratio = f.ms / ref.f.ms;
  const out: Record<string, Metric> = {
    [`${name}_ms`]: { value: f.ms, unit: 'ms', ...(goal?.ms !== undefined ? { goal: `≤ ${goal.ms} ms`, met: f.ms <= goal.ms } : {}) },
    [`${name}_rss`]: { value: f.rssMiB, unit: 'MiB', ...(goal?.rssMiB !== undefined ? { goal: `≤ ${goal.rssMiB} MiB`, met: f.rssMiB <= goal.rssMiB } : {}) },
    [`${name}_vs_${ref.name}`]: {
      value: ratio,
      unit: '×',
      ...(goal?.ratio !== undefined ? { goal: `≤ ${goal.ratio}× ${ref.name}`, met: ratio <= goal.ratio } : {}),
    },
  };
  return out;
}

const refFigures = (name: string, f: ProcessFigure): Record<string, Metric> => ({
  [`${name}_ms`]: { value: f.ms, unit: 'ms' },
  [`${name}_rss`]: { value: f.rssMiB, unit: 'MiB' },
});

function requireBin(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build:main" first`);
}

/** A fresh workspace made by the bin itself, as a user makes one. */
function freshHome(): string {
  const home = join(mkdtempSync(join(tmpdir(), 'affix-bench-cli-')), 'home');
  execFileSync(process.execPath, [BIN, 'init', '--home', home], { stdio: 'ignore' });
  return home;
}

/** A signed copy of benchPdf(mb), signed in this process by a throwaway CA's signer; its root is the trust anchor. */
async function signedPdf(mb: number): Promise<{ path: string; anchor: string }> {
  const signer = await createTestSigner('ecdsa-p256-sha256');
  const dir = mkdtempSync(join(tmpdir(), 'affix-bench-cli-verify-'));
  const path = join(dir, `signed-${mb}MB.pdf`);
  await signPdfFile(benchPdf(mb), path, {}, signer.signer);
  const anchor = join(dir, 'root.pem');
  writeFileSync(anchor, signer.rootPem);
  return { path, anchor };
}

function startupCase(): BenchCase {
  return {
    name: 'startup: --help, status, ledger append',
    run: async () => {
      requireBin();
      const home = freshHome();
      const appendArgs = ['ledger', 'append', '--home', home, '--type', 'document.anchored', '--hash', '0'.repeat(64)];
      const statusArgs = ['status', '--home', home];
      const m = measureAll({
        node: NODE,
        help: affix(['--help'], { okStatus: [0] }),
        status: affix(statusArgs, { okStatus: [0] }),
        append: affix(appendArgs, { okStatus: [0] }),
        ...prefixed('help', affixBefore(['--help'], { okStatus: [0] })),
        ...prefixed('status', affixBefore(statusArgs, { okStatus: [0] })),
        ...prefixed('append', affixBefore(appendArgs, { okStatus: [0] })),
      });
      rmSync(join(home, '..'), { recursive: true, force: true });
      const ref = { name: 'node', f: m.node };
      return {
        ...refFigures('node', m.node),
        ...figures('help', m.help, ref, { ratio: 1.5 }),
        ...beforeFigures('help', m.help, m.help_before),
        ...figures('status', m.status, ref, { ratio: 1.5 }),
        ...beforeFigures('status', m.status, m.status_before),
        ...figures('ledgerAppend', m.append, ref, { ratio: 2.5 }),
        ...beforeFigures('ledgerAppend', m.append, m.append_before),
      };
    },
  };
}

function verifyCase(mb: number): BenchCase {
  return {
    name: `verify ${mb}MB`,
    run: async () => {
      requireBin();
      const { path, anchor } = await signedPdf(mb);
      const noHome = join(tmpdir(), `affix-bench-no-home-${process.pid}`);
      const args = ['verify', path, '--trust', anchor, '--home', noHome];
      const m = measureAll({
        node: NODE,
        // pdfsig exits non-zero when it cannot check the chain; the time is what counts.
        pdfsig: { cmd: 'pdfsig', args: [path] },
        openssl: { cmd: 'openssl', args: ['dgst', '-sha256', path], okStatus: [0] },
        verify: affix(args, { okStatus: [0] }),
        ...prefixed('verify', affixBefore(args, { okStatus: [0] })),
      });
      const { node, pdfsig, openssl, verify: v } = m;
      rmSync(join(path, '..'), { recursive: true, force: true });
      return {
        file: { value: mb, unit: 'MiB' },
        ...refFigures('node', node),
        ...refFigures('pdfsig', pdfsig),
        ...refFigures('opensslSha256', openssl),
        ...(mb >= 100
          ? { ...figures('verify', v, { name: 'pdfsig', f: pdfsig }, { ratio: 1, rssMiB: 100 }), verify_vs_node: { value: v.ms / node.ms, unit: '×' } }
          : { ...figures('verify', v, { name: 'node', f: node }, { ratio: 2.5, rssMiB: 100 }), verify_vs_pdfsig: { value: v.ms / pdfsig.ms, unit: '×' } }),
        verify_vs_opensslSha256: { value: v.ms / openssl.ms, unit: '×' },
        ...beforeFigures('verify', v, m.verify_before),
      };
    },
  };
}

function signCase(mb: number): BenchCase {
  return {
    name: `sign ${mb}MB (.p12, no appearance)`,
    run: async () => {
      requireBin();
      const home = freshHome();
      const dir = join(home, '..');
      const p12 = opensslP12(dir, { key: 'ec' });
      const input = benchPdf(mb);
      const output = join(dir, 'signed.pdf');
      const args = ['sign', input, '-o', output, '--p12', p12.path, '--password-env', 'P12_PASS', '--home', home];
      const options = { env: { P12_PASS: p12.password }, before: () => rmSync(output, { force: true }), okStatus: [0] };
      const m = measureAll({
        node: NODE,
        openssl: { cmd: 'openssl', args: ['dgst', '-sha256', input], okStatus: [0] },
        sign: affix(args, options),
        ...prefixed('sign', affixBefore(args, options)),
      });
      const { node, openssl, sign: s } = m;
      const bytes = statSync(output).size;
      rmSync(dir, { recursive: true, force: true });
      return {
        file: { value: bytes / MB, unit: 'MiB' },
        ...refFigures('node', node),
        ...refFigures('opensslSha256', openssl),
        ...(mb >= 100 ? figures('sign', s, { name: 'opensslSha256', f: openssl }, { ms: 400 }) : figures('sign', s, { name: 'node', f: node }, { ratio: 3 })),
        ...(mb >= 100 ? { sign_vs_node: { value: s.ms / node.ms, unit: '×' } } : {}),
        ...beforeFigures('sign', s, m.sign_before),
      };
    },
  };
}

const SIGNATURES = 5;
const EVENTS = 100;

function proofCase(): BenchCase {
  return {
    name: `proof verify, ${SIGNATURES} signatures, ${EVENTS} events`,
    run: async () => {
      requireBin();
      const dir = mkdtempSync(join(tmpdir(), 'affix-bench-cli-proof-'));
      const pass = 'bench passphrase';
      const s = openServices(join(dir, 'home'), { create: true, ledger: { checkpointIntervalMs: 0 } });
      const path = join(dir, 'case.affixproof');
      const policy = join(dir, 'policy.json');
      try {
        const doc = s.documents.importFile(join(corpusDir, 'pdfjs', 'issue16063.pdf'));
        for (let i = 0; i < SIGNATURES; i++) {
          const key = await s.keys.create(`Signer ${i + 1}`, pass);
          await s.signing.signDocument(doc.id, {}, { kind: 'workspace', id: key.id, passphrase: pass });
        }
        const sha = s.documents.get(doc.id).currentSha256;
        const versions = s.workspace.db.prepare<[string], string>('SELECT sha256 FROM document_versions WHERE document_id = ?').pluck().all(doc.id);
        const anchored = new Set(versions.flatMap((v) => s.ledger.findBySubject(v).map((e) => e.index))).size;
        s.ledger.appendMany(
          Array.from({ length: EVENTS - anchored }, () => ({ type: 'access.viewed' as const, subjects: [sha], refs: { documentId: doc.id } })),
        );
        s.ledger.checkpoint();
        await s.proof.exportPackage(doc.id, path, {});
        writeFileSync(policy, JSON.stringify(await s.proof.trustPolicy()));
      } finally {
        s.close();
      }
      const noHome = join(dir, 'no-home');
      // As a court clerk runs it: no workspace, the policy the node handed out.
      const args = ['proof', 'verify', path, '--trust-policy', policy, '--home', noHome];
      const m = measureAll({ node: NODE, verify: affix(args, { okStatus: [0] }), ...prefixed('verify', affixBefore(args, { okStatus: [0] })) });
      const { node, verify: v } = m;
      const bytes = readFileSync(path).length;
      rmSync(dir, { recursive: true, force: true });
      return {
        package: { value: bytes / 1024, unit: 'KiB' },
        ...refFigures('node', node),
        ...figures('proofVerify', v, { name: 'node', f: node }, { ratio: 4 }),
        ...beforeFigures('proofVerify', v, m.verify_before),
      };
    },
  };
}

const BATCH = 100_000;

function ledgerFromCase(): BenchCase {
  return {
    name: `ledger append --from, ${BATCH} entries`,
    run: async () => {
      requireBin();
      const home = freshHome();
      const dir = join(home, '..');
      const file = join(dir, 'entries.jsonl');
      const lines: string[] = [];
      for (let i = 0; i < BATCH; i++) lines.push(JSON.stringify({ type: 'document.anchored', subjects: [i.toString(16).padStart(64, '0')] }));
      writeFileSync(file, `${lines.join('\n')}\n`);
      // Not against the old bin: it had no --from.
      const { node, append: f } = measureAll({ node: NODE, append: affix(['ledger', 'append', '--from', file, '--home', home], { okStatus: [0] }) });
      rmSync(dir, { recursive: true, force: true });
      const rate = BATCH / (f.ms / 1000);
      return {
        ...refFigures('node', node),
        ledgerAppendFrom_ms: { value: f.ms, unit: 'ms' },
        ledgerAppendFrom_rss: { value: f.rssMiB, unit: 'MiB' },
        entries_per_s: { value: rate, unit: 'entries/s', goal: '≥ 50000 entries/s (whole process)', met: rate >= 50_000 },
      };
    },
  };
}

/** Every row of this file belongs to the whole-process table (bench/run.mts). */
export const scope = 'whole process';

export const cases: BenchCase[] = [startupCase(), verifyCase(1), verifyCase(100), signCase(1), signCase(100), proofCase(), ledgerFromCase()];
