/**
 * Signing envelopes (issue 15): `affix envelope import` of a 10 MB document
 * that went A → B → C → A, three parties' signatures and evidence, timed as
 * the whole process (`node dist/cli/affix.cjs envelope import …`, start to
 * exit) in a copy of A's workspace each run, since an import is recorded and
 * may happen once. It checks the container, the initiator's and the sender's
 * CAdES signatures, every party's tlog-proofs, and records the new version.
 * Goal: ≤ 1 s. Reference in the same run: the bare process start
 * (`affix --help`) and one SHA-256 pass over the envelope.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../main/cli/run-cli';
import { openServices } from '../../main/services/composition/container';
import { repoRoot } from '../../test/support/repo';
import { medianMs, type BenchCase } from '../harness';
import { benchPdf } from './signing';

const PASS = 'bench passphrase';
const ENV = { ...process.env, AFFIX_HOME: '', BENCH_PASS: PASS };

async function affix(args: string[]): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t), env: ENV });
  if (status !== 0) throw new Error(`affix ${args.join(' ')}: ${err.join('\n')}`);
  return out.join('\n');
}
const json = async <T>(args: string[]): Promise<T> => JSON.parse(await affix([...args, '--json'])) as T;

interface Party {
  home: string;
  uscc: string;
  name: string;
  sealId: string;
  personId: string;
  rootPem: string;
  rootSha256: string;
}

async function party(dir: string, key: string, name: string, uscc: string, idNumber: string): Promise<Party> {
  const home = join(dir, key);
  const w = ['--home', home];
  await affix(['init', ...w]);
  const org = await json<{ id: string; rootSerial: string }>(['org', 'create', '--name', name, '--uscc', uscc, ...w, '--passphrase-env', 'BENCH_PASS']);
  const photo = join(dir, 'photo.png');
  const personId = (
    await json<{ id: string }>([
      'identity',
      'verify',
      '--name',
      `${key}先生`,
      '--id-number',
      idNumber,
      '--photo',
      photo,
      '--evidence',
      'household-register',
      '--security-features-checked',
      '--face-matched',
      '--operator',
      'op-1',
      '--consent',
      'I agree',
      '--ial',
      'IAL2',
      ...w,
      '--passphrase-env',
      'BENCH_PASS',
    ])
  ).id;
  const sealId = (
    await json<{ sealId: string }>([
      'seal',
      'create',
      '--org',
      org.id,
      '--type',
      'contract',
      '--name',
      `${name}合同专用章`,
      '--valid-until',
      new Date(Date.now() + 365 * 86_400_000).toISOString(),
      ...w,
      '--passphrase-env',
      'BENCH_PASS',
    ])
  ).sealId;
  await json(['seal', 'authorize', sealId, '--person', personId, ...w]);
  const s = openServices(home);
  let der: Buffer;
  try {
    der = s.pki.certificateDer(org.rootSerial);
  } finally {
    s.close();
  }
  const rootPem = join(dir, `root-${key}.pem`);
  writeFileSync(rootPem, `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`);
  return { home, uscc, name, sealId, personId, rootPem, rootSha256: createHash('sha256').update(der).digest('hex') };
}

/** The party's step: its newest version out, signed into its field. */
async function signStep(p: Party, docId: string, field: string, dir: string): Promise<void> {
  const cur = join(dir, `${field}-in.pdf`);
  await affix(['doc', 'export', docId, '-o', cur, '--home', p.home]);
  await affix([
    'sign',
    cur,
    '-o',
    join(dir, `${field}-out.pdf`),
    '--key',
    p.sealId,
    '--as',
    p.personId,
    '--field',
    field,
    '--home',
    p.home,
    '--passphrase-env',
    'BENCH_PASS',
  ]);
}

export const cases: BenchCase[] = [
  {
    name: 'envelope import 10MB, 3 parties',
    run: async () => {
      const { buildMain } = (await import(pathToFileURL(join(repoRoot, 'build', 'scripts', 'build.mjs')).href)) as { buildMain(): Promise<void> };
      await buildMain();
      const cli = join(repoRoot, 'dist', 'cli', 'affix.cjs');
      const dir = mkdtempSync(join(tmpdir(), 'affix-bench-envelope-'));
      try {
        const { tinyPng } = await import('../../test/unit/identity/fixtures');
        writeFileSync(join(dir, 'photo.png'), tinyPng());
        const A = await party(dir, 'A', '北京甲方科技有限公司', '91110000600037341L', '11010519491231002X');
        const B = await party(dir, 'B', '上海乙方贸易有限公司', '91310000630004567B', '360426199101010071');
        const C = await party(dir, 'C', '深圳丙方制造有限公司', '914403005800012360', '11010519491231002X');
        const docA = (await json<{ id: string }>(['doc', 'import', benchPdf(10), '--home', A.home])).id;
        const placeholder = (await json<{ id: string }>(['key', 'create', '--label', 'placeholder', '--home', A.home, '--passphrase-env', 'BENCH_PASS'])).id;
        await json([
          'plan',
          'set',
          docA,
          '--certify',
          '2',
          '--home',
          A.home,
          '--step',
          `label=甲方,seal=${A.sealId},as=${A.personId},page=1,rect=320,160,120,120`,
          '--step',
          `label=乙方,key=${placeholder},appearance=person,page=1,rect=72,170,200,70`,
          '--step',
          `label=丙方,key=${placeholder},appearance=person,page=1,rect=72,60,200,70`,
        ]);
        await affix(['plan', 'sign', docA, '--step', '1', '--home', A.home, '--passphrase-env', 'BENCH_PASS']);
        const e1 = join(dir, 'e1.affixenv');
        await affix([
          'envelope',
          'export',
          docA,
          '-o',
          e1,
          '--home',
          A.home,
          '--passphrase-env',
          'BENCH_PASS',
          '--party',
          `step=2,name=${B.name},uscc=${B.uscc},root=${B.rootPem}`,
          '--party',
          `step=3,name=${C.name},uscc=${C.uscc},root=${C.rootPem}`,
        ]);
        const b = await json<{ documentId: string }>([
          'envelope',
          'import',
          e1,
          '--home',
          B.home,
          '--accept-root',
          A.rootSha256,
          '--accept-root',
          C.rootSha256,
        ]);
        await signStep(B, b.documentId, 'Step2', dir);
        const e2 = join(dir, 'e2.affixenv');
        await affix(['envelope', 'export', b.documentId, '-o', e2, '--home', B.home, '--passphrase-env', 'BENCH_PASS']);
        const c = await json<{ documentId: string }>([
          'envelope',
          'import',
          e2,
          '--home',
          C.home,
          '--accept-root',
          A.rootSha256,
          '--accept-root',
          B.rootSha256,
        ]);
        await signStep(C, c.documentId, 'Step3', dir);
        const e3 = join(dir, 'e3.affixenv');
        await affix(['envelope', 'export', c.documentId, '-o', e3, '--home', C.home, '--passphrase-env', 'BENCH_PASS']);

        // To profile an import by hand: AFFIX_BENCH_KEEP=DIR keeps the envelope and A's workspace there.
        const keep = process.env.AFFIX_BENCH_KEEP;
        if (keep) {
          cpSync(A.home, join(keep, 'A-home'), { recursive: true });
          cpSync(e3, join(keep, 'e3.affixenv'));
          writeFileSync(join(keep, 'accept-roots.txt'), `${B.rootSha256}\n${C.rootSha256}\n`);
        }
        let n = 0;
        const importOnce = (): void => {
          const copy = join(dir, `A-copy-${++n}`);
          cpSync(A.home, copy, { recursive: true });
          const start = process.hrtime.bigint();
          // /usr/bin/time reports the process's CPU seconds too: on a shared, loaded machine wall time says little alone.
          const r = spawnSync(
            '/usr/bin/time',
            [
              '-f',
              'CPU %U %S',
              process.execPath,
              cli,
              'envelope',
              'import',
              e3,
              '--home',
              copy,
              '--accept-root',
              B.rootSha256,
              '--accept-root',
              C.rootSha256,
              '--json',
            ],
            { env: ENV, encoding: 'utf8' },
          );
          times.push(Number(process.hrtime.bigint() - start) / 1e6);
          const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(r.stderr);
          if (cpu) cpuTimes.push((Number(cpu[1]) + Number(cpu[2])) * 1000);
          if (r.status !== 0) throw new Error(`envelope import failed: ${r.stderr}`);
          const summary = JSON.parse(r.stdout) as { next: number | null; foreignCheckpoints: unknown[] };
          if (summary.next !== null || summary.foreignCheckpoints.length !== 2) throw new Error(`unexpected import result: ${r.stdout.slice(0, 500)}`);
          rmSync(copy, { recursive: true, force: true });
        };
        const times: number[] = [];
        const cpuTimes: number[] = [];
        importOnce();
        times.length = 0;
        cpuTimes.length = 0;
        for (let i = 0; i < 5; i++) importOnce();
        times.sort((x, y) => x - y);
        const importMs = times[Math.floor(times.length / 2)];
        cpuTimes.sort((x, y) => x - y);
        const importCpuMs = cpuTimes[Math.floor(cpuTimes.length / 2)] ?? NaN;
        const startMs = await medianMs(() => execFileSync(process.execPath, [cli, '--help'], { env: ENV, stdio: 'ignore' }), 5);
        const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
        const envelope = readFileSync(e3);
        const shaMs = await medianMs(() => createHash('sha256').update(envelope).digest(), 5);
        return {
          import_whole_process_ms: { value: importMs, unit: 'ms', goal: '≤ 1000 ms', met: importMs <= 1000 },
          import_process_cpu_ms: { value: importCpuMs, unit: 'ms (user+sys)' },
          load_average: { value: Number(load), unit: 'runnable (2 cores)' },
          process_start_ms: { value: startMs, unit: 'ms' },
          sha256_envelope_ms: { value: shaMs, unit: 'ms' },
          envelope_bytes: { value: envelope.length, unit: 'bytes' },
          parties: { value: 3, unit: 'count' },
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
