#!/usr/bin/env node
/**
 * Builds Affix: esbuild bundles the Node side (CLI, Electron main, preload) and
 * Vite builds the renderer. `--main` or `--renderer` builds one half; with no
 * flag both. Native modules stay external: they are loaded from node_modules
 * (unpacked from asar in the packaged app).
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = new Set(process.argv.slice(2));
const all = !args.has('--main') && !args.has('--renderer') && !args.has('--verifier');
// Imported (e.g. by a test wanting only buildVerifier) it builds nothing by itself.
const invoked = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === join(process.argv[1]);

export async function buildMain() {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    logLevel: 'warning',
    absWorkingDir: root,
    external: ['electron', 'better-sqlite3', 'pkcs11js', 'graphene-pk11', '@embedpdf/fonts-sc'],
  };
  mkdirSync(join(root, 'dist'), { recursive: true });
  await Promise.all([
    build({ ...common, entryPoints: ['main/cli/affix.ts'], outfile: 'dist/cli/affix.cjs' }),
    build({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/electron.cjs' }),
    // Sandboxed preloads cannot require() app modules, so everything but electron is bundled in.
    build({ ...common, entryPoints: ['main/preload/preload.ts'], outfile: 'dist/main/preload.cjs', external: ['electron'] }),
  ]);
}

/** verify.html: the shared proof verifier as one self-contained, offline HTML file (inline script). */
export async function buildVerifier() {
  const out = await build({
    entryPoints: ['shared/proof/standalone/verify-page.ts'],
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
  const template = readFileSync(join(root, 'shared/proof/standalone/template.html'), 'utf8');
  mkdirSync(join(root, 'dist', 'verify'), { recursive: true });
  writeFileSync(join(root, 'dist/verify/verify.html'), template.replace('/*BUNDLE*/', () => script));
}

/** cert-verifier.html: the shared certificate QR verifier as one offline HTML file; office keys are pinned into it on export. */
export async function buildCertVerifier() {
  const out = await build({
    entryPoints: ['shared/certificates/standalone/cert-verifier-page.ts'],
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
  const template = readFileSync(join(root, 'shared/certificates/standalone/template.html'), 'utf8');
  mkdirSync(join(root, 'dist', 'verify'), { recursive: true });
  writeFileSync(join(root, 'dist/verify/cert-verifier.html'), template.replace('/*BUNDLE*/', () => script));
}

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
