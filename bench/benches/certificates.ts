/**
 * Issuing government certificates (issue 19), whole process: `affix cert
 * issue` from the bundled CLI (dist/cli/affix.cjs, built if missing) on a
 * CSV of 100 and of 1,000 licences, timed from spawn to exit, with the
 * child's peak RSS (GNU time) and its RSS sampled during the run (flat:
 * the last tenth of the run against the first). Goal for 1,000: ≤ 60 s and
 * ≤ 300 MiB. QR payload sizes come from the run's summary. The reference
 * measured in the same run is one `affix --version`-like start of the same
 * bundle (`affix cert template list`), so a loaded machine shows as such.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HEADER, Office, rows } from '../../test/unit/certificates/fixtures';
import { PASSPHRASE } from '../../test/unit/identity/fixtures';
import { timeMs, type BenchCase, type Metric } from '../harness';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli', 'affix.cjs');

function ensureCli(): void {
  if (existsSync(cli)) return;
  const r = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs'), '--main'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('building the CLI failed');
}

function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

async function issue(count: number): Promise<Record<string, Metric>> {
  ensureCli();
  const office = new Office();
  try {
    await office.setUp();
    const data = office.file('rows.csv');
    writeFileSync(data, [HEADER, ...rows(count)].join('\n') + '\n');
    const args = [...office.issueArgs(data, office.file('out')), '--json', '--home', office.home, '--passphrase-env', 'P'];
    const startup = await timeMs(
      () => new Promise<void>((resolve) => spawn(process.execPath, [cli, 'cert', 'template', 'list', '--home', office.home]).on('exit', () => resolve())),
    );
    const samples: number[] = [];
    let out = '';
    let stderr = '';
    const { ms } = await timeMs(
      () =>
        new Promise<void>((resolve, reject) => {
          const child = spawn('/usr/bin/time', ['-f', 'MAXRSS %M CPU %U %S', process.execPath, cli, ...args], { env: { ...process.env, P: PASSPHRASE } });
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          const timer = setInterval(() => {
            // /usr/bin/time's child is node: the newest process whose parent is time.
            const kids = spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' })
              .stdout.trim()
              .split('\n')
              .filter(Boolean);
            const rss = kids.length ? rssOf(Number(kids[0])) : null;
            if (rss) samples.push(rss);
          }, 250);
          child.on('exit', (code) => {
            clearInterval(timer);
            if (code === 0) resolve();
            else reject(new Error(`cert issue exited ${code}: ${stderr.slice(-2000)}`));
          });
        }),
    );
    const summary = JSON.parse(out.trim().split('\n').pop()!) as { issued: number; qr: { minChars: number; maxChars: number; maxVersion: number } };
    if (summary.issued !== count) throw new Error(`issued ${summary.issued} of ${count}`);
    const maxRss = Number(/MAXRSS (\d+)/.exec(stderr)?.[1] ?? 0) * 1024;
    const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(stderr);
    const cpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN;
    const tenth = Math.max(1, Math.floor(samples.length / 10));
    const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const early = avg(samples.slice(tenth, 2 * tenth));
    const late = avg(samples.slice(-tenth));
    const seconds = ms / 1000;
    const big = count >= 1000;
    return {
      [`${count} certificates, whole process`]: { value: Math.round(seconds * 10) / 10, unit: 's', ...(big ? { goal: '≤ 60 s', met: seconds <= 60 } : {}) },
      // Single-threaded work: on an idle machine wall time ≈ CPU time plus fsync waits; on a shared, loaded one this shows the work itself.
      'CPU time (user + sys)': { value: Math.round(cpuSeconds * 10) / 10, unit: 's' },
      'certificates per second': { value: Math.round((count / seconds) * 10) / 10, unit: '/s' },
      'peak RSS': { value: Math.round(maxRss / 2 ** 20), unit: 'MiB', goal: '≤ 300 MiB', met: maxRss <= 300 * 2 ** 20 },
      'RSS growth, last tenth vs second tenth': { value: Math.round((late - early) / 2 ** 20), unit: 'MiB' },
      'QR text, longest': { value: summary.qr.maxChars, unit: 'chars', goal: '≤ 400', met: summary.qr.maxChars <= 400 },
      'QR text, shortest': { value: summary.qr.minChars, unit: 'chars' },
      'QR version, highest (ECC M)': { value: summary.qr.maxVersion, unit: '', goal: '≤ 13', met: summary.qr.maxVersion <= 13 },
      'reference: CLI start (template list)': { value: Math.round(startup.ms), unit: 'ms' },
    };
  } finally {
    rmSync(dirname(office.home), { recursive: true, force: true });
  }
}

export const cases: BenchCase[] = [
  // Named so that neither filter matches the other ("issue 100" would also run "issue 1000").
  { name: '100 rows', run: () => issue(100) },
  { name: '1000 rows', run: () => issue(1000) },
];
