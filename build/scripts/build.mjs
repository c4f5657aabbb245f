#!/usr/bin/env node
/**
 * Builds Affix: esbuild bundles the Node side (CLI, Electron main, preload) and
 * Vite builds the renderer. `--main` or `--renderer` builds one half; with no
 * flag both. Native modules stay external: they are loaded from node_modules
 * (unpacked from asar in the packaged app).
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = new Set(process.argv.slice(2));
const all = !args.has('--main') && !args.has('--renderer') && !args.has('--verifier');
// Imported (e.g. by a test wanting only buildVerifier) it builds nothing by itself.
const invoked = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === join(process.argv[1]);

/**
 * zod's `z` namespace carries `z.locales`, the error messages of some fifty
 * languages (≈ 370 KB), and esbuild cannot drop a member of a namespace that
 * (and `z.core.locales`) is imported whole, so every command that touches the contract parsed them
 * all at start (issue 20). Affix never reads `z.locales` (zod's own English
 * messages are configured apart from it, and Affix words its errors from its
 * own catalogue), so the Node bundles carry English only under that name.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const all = 'export * as locales from "../locales/index.js";';
      if (!source.includes(all)) throw new Error(`zod-english-only: ${args.path} no longer exports its locales as expected; update the plugin`);
      const english = 'import __affixZodEn from "../locales/en.js";\nexport const locales = { en: __affixZodEn };';
      return { contents: source.replace(all, english), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * The i18n catalogues (shared/i18n/*.json, ≈ 250 KB) in the CLI: as JSON
 * modules esbuild writes them as object literals, which V8 parses and builds
 * at start although most commands never put a word into a language (issue
 * 20). Here each is a JSON string, parsed on its first use, so a command pays
 * only for the language it speaks, and only when it speaks.
 */
export const lazyCatalogues = {
  name: 'lazy-i18n-catalogues',
  setup(b) {
    b.onLoad({ filter: /[\\/]shared[\\/]i18n[\\/][\w-]+\.json$/ }, (args) => {
      const text = JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))));
      const contents = `let parsed;
const data = () => (parsed ??= JSON.parse(${text}));
export default new Proxy({}, {
  get: (_, key) => Reflect.get(data(), key),
  has: (_, key) => Reflect.has(data(), key),
  ownKeys: () => Reflect.ownKeys(data()),
  getOwnPropertyDescriptor: (_, key) => {
    const d = Reflect.getOwnPropertyDescriptor(data(), key);
    return d && { ...d, configurable: true };
  },
});
`;
      return { contents, loader: 'js' };
    });
  },
};

/** esbuild options shared by the Node-side bundles. */
export const nodeBuildOptions = {
  plugins: [zodEnglishOnly],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  external: ['electron', 'better-sqlite3', 'pkcs11js', 'graphene-pk11', '@embedpdf/fonts-sc'],
};

export async function buildMain() {
  const common = nodeBuildOptions;
  mkdirSync(join(root, 'dist'), { recursive: true });
  await Promise.all([
    buildCli(common),
    build({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/electron.cjs' }),
    buildVerifyWorker(join(root, 'dist', 'main', 'verify-worker.cjs')),
    // Sandboxed preloads cannot require() app modules, so everything but electron is bundled in.
    build({ ...common, entryPoints: ['main/preload/preload.ts'], outfile: 'dist/main/preload.cjs', external: ['electron'] }),
    // The browser shell's window.affix (main/browser-shell/), loaded by the page before the renderer.
    build({
      ...common,
      entryPoints: ['main/browser-shell/page-bridge.ts'],
      outfile: 'dist/browser-shell/page-bridge.js',
      platform: 'browser',
      format: 'iife',
      target: 'chrome110',
      minify: true,
    }),
  ]);
}

/** The app's verification worker (main/services/usecases/verification/verify-worker.ts), loaded from beside electron.cjs. */
export async function buildVerifyWorker(outfile) {
  await build({ ...nodeBuildOptions, entryPoints: ['main/services/usecases/verification/verify-worker-main.ts'], outfile });
}

/**
 * The `affix` bin, lean: ES modules with code splitting (one entry per
 * command file, see main/cli/lazy-cli.ts), a manifest of every registered
 * command for --help and argument parsing, and dist/cli/affix.cjs, a small
 * CommonJS launcher (build/cli-launcher.cjs) that turns on the compile cache.
 */
export async function buildCli(common, binDir = join(root, 'dist', 'cli')) {
  const out = join(binDir, 'lazy');
  rmSync(out, { recursive: true, force: true });
  const commandsDir = join(root, 'main', 'cli', 'commands');
  const files = readdirSync(commandsDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
  const entryPoints = [
    { in: 'main/cli/lazy-cli.ts', out: 'affix' },
    ...files.map((f) => ({ in: `main/cli/commands/${f}`, out: `commands/${f.replace(/\.ts$/, '')}` })),
  ];
  await build({
    ...common,
    entryPoints,
    outdir: out,
    plugins: [...(common.plugins ?? []), lazyCatalogues],
    format: 'esm',
    splitting: true,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    // Bundled CommonJS packages may call require(), and Affix's code uses __dirname/__filename; ES modules have
    // none of these. __dirname is the bin's folder (dist/cli, where the one CommonJS bundle lived) from every chunk.
    banner: {
      js: [
        "import { createRequire as __affixCreateRequire } from 'node:module';",
        "import { join as __affixJoin, sep as __affixSep } from 'node:path';",
        "import { fileURLToPath as __affixFileURLToPath } from 'node:url';",
        'const __affixHere = __affixFileURLToPath(import.meta.url);',
        'const __dirname = __affixHere.slice(0, __affixHere.lastIndexOf(`${__affixSep}lazy${__affixSep}`));',
        "const __filename = __affixJoin(__dirname, 'affix.cjs');",
        'const require = __affixCreateRequire(__filename);',
      ].join(' '),
    },
  });
  // The manifest: every command of commands/index.ts with the file that defines it, found by loading the built files.
  const { commands } = await import(pathToFileURL(join(out, 'commands', 'index.mjs')).href);
  const placed = new Map();
  for (const f of files.filter((f) => f !== 'index.ts')) {
    const module = `commands/${f.replace(/\.ts$/, '.mjs')}`;
    const exported = await import(pathToFileURL(join(out, module)).href);
    const usesServices = /\.services\(/.test(readFileSync(join(commandsDir, f), 'utf8'));
    for (const list of Object.values(exported).filter(Array.isArray)) {
      for (const c of list) if (c && typeof c.name === 'string' && typeof c.run === 'function') placed.set(c, { module, usesServices });
    }
  }
  const manifest = {
    commands: commands.map((c) => {
      const where = placed.get(c);
      if (!where) throw new Error(`CLI build: command "${c.name}" is registered in main/cli/commands/index.ts but exported by no file there`);
      const { run: _run, ...described } = c;
      return { ...described, ...where };
    }),
  };
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  copyFileSync(join(root, 'build', 'cli-launcher.cjs'), join(binDir, 'affix.cjs'));
  chmodSync(join(binDir, 'affix.cjs'), 0o755);
  rmSync(join(binDir, 'affix.cjs.map'), { force: true });
}

/**
 * One self-contained, offline HTML page (inline script, no network): the
 * bundle of `entry` put into `template` (its <title> onwards) behind the
 * head every standalone page shares (shared/standalone/page-head.html: the
 * no-network Content-Security-Policy), written to dist/verify/`name`.
 */
async function buildStandalonePage(entry, template, name) {
  const out = await build({
    entryPoints: [entry],
    absWorkingDir: root,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome110', 'firefox115'],
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const script = out.outputFiles[0].text.replaceAll('</script', '<\\/script');
  const head = readFileSync(join(root, 'shared/standalone/page-head.html'), 'utf8');
  const body = readFileSync(join(root, template), 'utf8');
  mkdirSync(join(root, 'dist', 'verify'), { recursive: true });
  writeFileSync(join(root, 'dist', 'verify', name), head + body.replace('/*BUNDLE*/', () => script));
}

/** verify.html: the shared proof verifier. */
export const buildVerifier = () => buildStandalonePage('shared/proof/standalone/verify-page.ts', 'shared/proof/standalone/template.html', 'verify.html');

/** cert-verifier.html: the shared certificate QR verifier; office keys are pinned into it on export. */
export const buildCertVerifier = () =>
  buildStandalonePage('shared/certificates/standalone/cert-verifier-page.ts', 'shared/certificates/standalone/template.html', 'cert-verifier.html');

export function buildRenderer() {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`vite build failed (${r.status})`);
}

if (invoked && (all || args.has('--main'))) await buildMain();
if (invoked && (all || args.has('--main') || args.has('--verifier'))) await buildVerifier();
if (invoked && (all || args.has('--main') || args.has('--verifier'))) await buildCertVerifier();
if (invoked && (all || args.has('--renderer'))) buildRenderer();
