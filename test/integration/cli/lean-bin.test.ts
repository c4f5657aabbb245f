/**
 * The lean `affix` bin (issue 20; main/cli/lazy-cli.ts, build.mjs buildCli):
 * built into a scratch folder, it lists every registered command, answers
 * --help as the in-process CLI does, and each command loads only what it
 * uses. What a process loaded is recorded by a module-loader hook (every ES
 * module URL it loads) and judged by the source files esbuild names in each
 * loaded chunk (its "// path" comments): --help loads no command file and no
 * library; verify, sign and status load no pdf.js, pdf-lib or fonts.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { overallHelp } from '../../../main/cli/run-cli';
import { commands } from '../../../main/cli/commands';
import type { CliManifest } from '../../../main/cli/lazy-cli';
import { signPdfFile } from '../../../main/services/engines/pdf-signing/sign-pdf';
import { handmadePdf } from '../../support/handmade-pdf';
import { opensslP12 } from '../../support/key-fixtures';
import { repoRoot } from '../../support/repo';
import { createTestSigner } from '../../support/throwaway-signer';

// Inside the repository, so the bundle's external packages (better-sqlite3…) resolve from node_modules.
const scratch = join(repoRoot, '.tmp');
let dir = '';
let bin = '';

before(async () => {
  mkdirSync(scratch, { recursive: true });
  dir = mkdtempSync(join(scratch, 'lean-bin-'));
  const { buildCli, nodeBuildOptions } = (await import(pathToFileURL(join(repoRoot, 'build', 'scripts', 'build.mjs')).href)) as {
    buildCli(common: unknown, binDir: string): Promise<void>;
    nodeBuildOptions: unknown;
  };
  await buildCli(nodeBuildOptions, join(dir, 'cli'));
  // As in dist/: the bundled CLI finds verify.html in ../verify beside its own folder.
  cpSync(join(repoRoot, 'dist', 'verify'), join(dir, 'verify'), { recursive: true });
  bin = join(dir, 'cli', 'affix.cjs');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    "import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  if (process.env.AFFIX_LOAD_LOG) appendFileSync(process.env.AFFIX_LOAD_LOG, `${url}\\n`);\n  return next(url, context);\n}\n",
  );
  // CommonJS packages loaded by require() (native addons such as pkcs11js) pass no ES loader hook: listed at exit.
  writeFileSync(
    join(dir, 'register.mjs'),
    "import { appendFileSync } from 'node:fs';\nimport { createRequire, register } from 'node:module';\nimport { pathToFileURL } from 'node:url';\nregister('./hooks.mjs', import.meta.url);\nconst cache = createRequire(import.meta.url).cache;\nprocess.on('exit', () => { if (process.env.AFFIX_LOAD_LOG) appendFileSync(process.env.AFFIX_LOAD_LOG, Object.keys(cache).map((f) => `${pathToFileURL(f).href}\\n`).join('') + (typeof Reflect.getMetadata === 'function' ? 'evaluated:reflect-metadata\\n' : '')); });\n",
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the built bin; returns its output and the source files of every chunk it loaded. */
function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): {
  status: number | null;
  stdout: string;
  stderr: string;
  sources: Set<string>;
  files: string[];
  packages: Set<string>;
  /** Whether @peculiar/x509's reflect-metadata ran: bundled code that only sits in a loaded chunk does not count. */
  x509Evaluated: boolean;
} {
  const log = join(dir, `loads-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, AFFIX_HOME: '', AFFIX_LOAD_LOG: log, ...env },
  });
  const urls = readFileSync(log, 'utf8').split('\n');
  const files = urls.filter((u) => u.startsWith('file:') && u.includes('/lean-bin-')).map((u) => fileURLToPath(u));
  const packages = new Set(urls.filter((u) => u.includes('/node_modules/')).map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)![1]));
  const sources = new Set<string>();
  for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/^\/\/ (\S+)$/gm)) sources.add(m[1]);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, sources, files, packages, x509Evaluated: urls.includes('evaluated:reflect-metadata') };
}

const loaded = (sources: Set<string>, what: string): string[] => [...sources].filter((s) => s.includes(what));

const HEAVY = ['node_modules/pdfjs-dist/', 'node_modules/@cantoo/pdf-lib/', 'node_modules/@pdf-lib/fontkit/', 'node_modules/qrcode/', 'engines/appearance/'];

test('the manifest lists every registered command, as registered', () => {
  const manifest = JSON.parse(readFileSync(join(dir, 'cli', 'lazy', 'manifest.json'), 'utf8')) as CliManifest;
  assert.deepEqual(
    manifest.commands.map((c) => c.name),
    commands.map((c) => c.name),
  );
  for (const c of commands) {
    const m = manifest.commands.find((x) => x.name === c.name)!;
    assert.equal(m.summary, c.summary);
    assert.deepEqual(m.options ?? {}, JSON.parse(JSON.stringify(c.options ?? {})), `${c.name}: options`);
    assert.match(m.module, /^commands\/[\w-]+\.mjs$/);
  }
});

test('--help is the in-process help, loads no command file and no library', () => {
  const r = run(['--help']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, `${overallHelp(commands)}\n`);
  assert.deepEqual(
    r.files.filter((f) => f.includes('/commands/')),
    [],
  );
  assert.deepEqual(loaded(r.sources, 'node_modules/'), []);
  assert.deepEqual(loaded(r.sources, 'main/services/composition/container.ts'), []);
});

test("a command's --help and a usage error are answered from the manifest too", () => {
  const help = run(['ledger', 'append', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--from FILE\.jsonl/);
  assert.deepEqual(
    help.files.filter((f) => f.includes('/commands/')),
    [],
  );
  const bad = run(['verify']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /expects 1 argument/);
  const unknown = run(['no-such-command']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command/);
});

test('verify loads its command and the verifier, not the workspace services, pdf.js, pdf-lib or fonts', async () => {
  const signer = await createTestSigner('ecdsa-p256-sha256');
  const pdf = join(dir, 'signed.pdf');
  const input = join(dir, 'in.pdf');
  writeFileSync(input, handmadePdf({ style: 'table' }));
  await signPdfFile(input, pdf, {}, signer.signer);
  const root = join(dir, 'root.pem');
  writeFileSync(root, signer.rootPem);
  const r = run(['verify', pdf, '--trust', root, '--home', join(dir, 'no-home')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /TOTAL-PASSED/);
  assert.ok(loaded(r.sources, 'shared/verify/verify-pdf.ts').length > 0, 'the verifier was loaded');
  assert.deepEqual(
    r.files.filter((f) => f.includes('/commands/')).map((f) => f.replace(/.*\/commands\//, '')),
    ['verify.mjs'],
  );
  assert.deepEqual(loaded(r.sources, 'main/services/composition/container.ts'), []);
  for (const h of HEAVY) assert.deepEqual(loaded(r.sources, h), [], h);
  assert.equal(r.packages.has('pkcs11js'), false, 'verify loads no PKCS#11 addon');
});

test('status, ledger append and sign (.p12, no appearance) load no pdf.js, pdf-lib, fonts or appearance code', () => {
  const home = join(dir, 'home');
  assert.equal(run(['init', '--home', home]).status, 0);
  const status = run(['status', '--home', home]);
  assert.equal(status.status, 0, status.stderr);
  assert.match(status.stdout, /Workspace/);
  for (const h of [...HEAVY, 'node_modules/pkijs/']) assert.deepEqual(loaded(status.sources, h), [], `status: ${h}`);
  // Only the services status declares are loaded (composition/load-services.ts), not the app's whole container.
  for (const s of [
    'composition/container.ts',
    'domain/pki/pki-service.ts',
    'domain/keys/keys-service.ts',
    'usecases/proof/proof-service.ts',
    'usecases/signing/signing-service.ts',
  ])
    assert.deepEqual(loaded(status.sources, `main/services/${s}`), [], `status: ${s}`);
  assert.ok(loaded(status.sources, 'main/services/domain/ledger/ledger-service.ts').length > 0, 'status loads the ledger it reads');
  assert.equal(status.x509Evaluated, false, 'status evaluates no @peculiar/x509 (main/services/core/x509/peculiar-x509.ts)');
  // zod's messages in other languages stay out of the bundle (build.mjs, zodEnglishOnly).
  assert.deepEqual(
    loaded(status.sources, 'zod/v4/locales/').map((s) => s.replace(/.*\/locales\//, '')),
    ['en.js'],
  );
  // The PKCS#11 addon is loaded only when a token is used (domain/keys/pkcs11js.ts).
  assert.ok(status.packages.has('better-sqlite3'), 'the record of require()d packages sees the workspace database');
  assert.equal(status.packages.has('pkcs11js'), false, 'status loads no PKCS#11 addon');

  const append = run(['ledger', 'append', '--home', home, '--type', 'document.anchored', '--hash', 'a'.repeat(64)]);
  assert.equal(append.status, 0, append.stderr);
  for (const h of [...HEAVY, 'node_modules/pkijs/']) assert.deepEqual(loaded(append.sources, h), [], `ledger append: ${h}`);
  assert.equal(append.packages.has('pkcs11js'), false, 'ledger append loads no PKCS#11 addon');
  assert.equal(append.x509Evaluated, false, 'ledger append evaluates no @peculiar/x509');
  assert.deepEqual(loaded(append.sources, 'main/services/domain/documents/documents-service.ts'), [], 'ledger append loads the ledger alone');
  // A command that makes certificates does load it, so the probe above can see it (in a home of its own: the
  // passphrase seals the ledger key, which the export below would then need).
  const orgHome = join(dir, 'org-home');
  assert.equal(run(['init', '--home', orgHome]).status, 0);
  const org = run(['org', 'create', '--home', orgHome, '--name', '测试有限公司', '--uscc', '91350100M000100Y43'], { AFFIX_PASSPHRASE: 'lean bin passphrase' });
  assert.equal(org.status, 0, org.stderr);
  assert.equal(org.x509Evaluated, true, 'org create loads @peculiar/x509 when it makes the CA certificates');

  const p12 = opensslP12(dir, { key: 'ec' });
  const input = join(dir, 'to-sign.pdf');
  writeFileSync(input, handmadePdf({ style: 'table' }));
  const sign = run(['sign', input, '-o', join(dir, 'signed-by-bin.pdf'), '--p12', p12.path, '--password-env', 'P12_PASS', '--home', home], {
    P12_PASS: p12.password,
  });
  assert.equal(sign.status, 0, sign.stderr);
  for (const h of HEAVY) assert.deepEqual(loaded(sign.sources, h), [], `sign: ${h}`);
  assert.equal(sign.packages.has('pkcs11js'), false, 'sign with a .p12 loads no PKCS#11 addon');
  // The same command with an appearance does load the drawing code: the check above can see it.
  const seal = run(
    [
      'sign',
      input,
      '-o',
      join(dir, 'sealed-by-bin.pdf'),
      '--p12',
      p12.path,
      '--password-env',
      'P12_PASS',
      '--home',
      home,
      '--appearance',
      'seal',
      '--org-name',
      '测试',
      '--page',
      '1',
      '--rect',
      '10,10,100,100',
    ],
    { P12_PASS: p12.password },
  );
  assert.equal(seal.status, 0, seal.stderr);
  assert.ok(loaded(seal.sources, 'engines/appearance/').length > 0, 'a visible seal loads the appearance code');

  // Export finds its files (verify.html, the report font) from the split bundle as it did from the one bundle.
  const pkg = join(dir, 'case.affixproof');
  const unsigned = join(dir, 'unsigned.pdf');
  writeFileSync(unsigned, handmadePdf({ style: 'stream' }));
  assert.equal(run(['doc', 'import', unsigned, '--home', home]).status, 0);
  const exported = run(['proof', 'export', unsigned, '-o', pkg, '--home', home]);
  assert.equal(exported.status, 0, exported.stderr);
  const verified = run(['proof', 'verify', pkg, '--home', join(dir, 'no-home'), '--json']);
  assert.ok(verified.status === 0 || verified.status === 3, verified.stderr);
  assert.ok((JSON.parse(verified.stdout) as { checks: unknown[] }).checks.length > 0);
});
