/**
 * `npm run bench [-- FILTER]`: runs every case of every bench/benches/*.ts (or
 * those whose "file/case" contains FILTER), each in a fresh process, then
 * prints one table and the same results as JSON (also saved to
 * bench/results/latest.json).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchCase, Metric } from './harness';

const filter = process.argv[2] ?? '';
const dir = join(import.meta.dirname, 'benches');
const rows: { bench: string; case: string; metric: string; value: number; unit: string; goal?: string; met?: boolean; scope: string }[] = [];
let failures = 0;

for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  // A file's `scope` says what its figures time: whole processes (start to exit) or work inside one process.
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { cases: BenchCase[]; scope?: string };
  const scope = mod.scope ?? 'in-process';
  for (const c of mod.cases) {
    const id = `${file.replace(/\.ts$/, '')}/${c.name}`;
    if (filter && !id.includes(filter)) continue;
    process.stderr.write(`bench ${id} …\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join(import.meta.dirname, 'case-runner.mts'), file, c.name], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    if (r.status !== 0 || !last.startsWith('{')) {
      failures += 1;
      process.stderr.write(`bench ${id} failed (exit ${r.status})\n`);
      continue;
    }
    for (const [metric, m] of Object.entries(JSON.parse(last) as Record<string, Metric>)) {
      rows.push({ bench: file.replace(/\.ts$/, ''), case: c.name, metric, ...m, scope });
    }
  }
}

const fmt = (v: number): string => (Math.abs(v) >= 100 || Number.isInteger(v) ? v.toFixed(0) : v.toPrecision(3));
for (const scope of [...new Set(rows.map((r) => r.scope))].sort().reverse()) {
  const table = [['bench', 'case', 'metric', 'value', 'unit', 'goal', 'met']].concat(
    rows
      .filter((r) => r.scope === scope)
      .map((r) => [r.bench, r.case, r.metric, fmt(r.value), r.unit, r.goal ?? '', r.met === undefined ? '' : r.met ? 'yes' : 'NO']),
  );
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  console.log(
    `\n${scope === 'in-process' ? 'In-process figures (work inside one process; not comparable with whole-process tools)' : `${scope[0].toUpperCase()}${scope.slice(1)} figures (start to exit, references measured in the same run)`}`,
  );
  for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join('  '));
}
const when = new Date().toISOString();
const report = { when, node: process.version, cpus: (await import('node:os')).cpus().length, results: rows.map((r) => ({ ...r, when })) };
console.log(JSON.stringify(report, null, 2));

// latest.json keeps the newest run of every case: a filtered run replaces only the cases it ran.
const latestPath = join(import.meta.dirname, 'results', 'latest.json');
const ran = new Set(rows.map((r) => `${r.bench}/${r.case}`));
let kept: typeof report.results = [];
try {
  const previous = JSON.parse(readFileSync(latestPath, 'utf8')) as { when: string; results: (typeof report.results)[number][] };
  kept = previous.results.filter((r) => !ran.has(`${r.bench}/${r.case}`)).map((r) => ({ ...r, when: r.when ?? previous.when }));
} catch {
  // No earlier results (or an unreadable file): start afresh.
}
mkdirSync(dirname(latestPath), { recursive: true });
writeFileSync(latestPath, `${JSON.stringify({ ...report, results: [...kept, ...report.results] }, null, 2)}\n`);
process.exitCode = failures ? 1 : 0;
