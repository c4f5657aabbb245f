/**
 * Hostile proof packages (issue 16): each must be refused or failed in under
 * 5 s and 300 MiB, whole process. The built `affix proof verify` runs on each
 * package of test/robustness/proof/hostile/cases.ts under /usr/bin/time, beside
 * `node -e 0` in the same run, so the ratio says how much of the time is the
 * verifier's own. The robustness test asserts the outcome and the memory cap;
 * only this bench speaks of time.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOSTILE_CASES } from '../../test/robustness/proof/hostile/cases';
import { hostileZip } from '../../test/robustness/proof/hostile/zip-writer';
import { repoRoot } from '../../test/support/repo';
import type { BenchCase, Metric } from '../harness';
import { measureAll } from './cli-process';

const BIN = process.env.AFFIX_BENCH_BIN ?? join(repoRoot, 'dist', 'cli', 'affix.cjs');
const GOAL_MS = 5000;
const GOAL_MIB = 300;

function hostileCase(): BenchCase {
  return {
    name: 'proof verify of hostile packages',
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'affix-bench-hostile-'));
      try {
        const specs: Record<string, { cmd: string; args: string[]; env?: NodeJS.ProcessEnv; okStatus?: number[] }> = {
          node: { cmd: process.execPath, args: ['-e', '0'], okStatus: [0] },
        };
        HOSTILE_CASES.forEach((c, i) => {
          const path = join(dir, `case-${i}.affixproof`);
          writeFileSync(path, hostileZip(c.members()));
          specs[`case${i}`] = {
            cmd: process.execPath,
            args: [BIN, 'proof', 'verify', path, '--home', join(dir, 'no-workspace'), '--json'],
            env: { AFFIX_HOME: '' },
            okStatus: [c.status],
          };
        });
        const f = measureAll(specs);
        const node = f.node!;
        const out: Record<string, Metric> = { node_ms: { value: node.ms, unit: 'ms' } };
        let worstMs = 0;
        let worstMiB = 0;
        HOSTILE_CASES.forEach((c, i) => {
          const g = f[`case${i}`]!;
          worstMs = Math.max(worstMs, g.ms);
          worstMiB = Math.max(worstMiB, g.rssMiB);
          out[`case${i}_ms`] = { value: g.ms, unit: `ms (${c.name})`, goal: `≤ ${GOAL_MS} ms`, met: g.ms <= GOAL_MS };
          out[`case${i}_rss`] = { value: g.rssMiB, unit: 'MiB', goal: `≤ ${GOAL_MIB} MiB`, met: g.rssMiB <= GOAL_MIB };
          out[`case${i}_vs_node`] = { value: g.ms / node.ms, unit: '×' };
        });
        out.worst_ms = { value: worstMs, unit: 'ms', goal: `≤ ${GOAL_MS} ms each`, met: worstMs <= GOAL_MS };
        out.worst_rss = { value: worstMiB, unit: 'MiB', goal: `≤ ${GOAL_MIB} MiB each`, met: worstMiB <= GOAL_MIB };
        return out;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Every row of this file belongs to the whole-process table (bench/run.mts). */
export const scope = 'whole process';

export const cases: BenchCase[] = [hostileCase()];
