#!/usr/bin/env node
/**
 * Builds Affix: esbuild bundles the Node side (CLI, Electron main, preload) and
 * Vite builds the renderer. `--main` or `--renderer` builds one half; with no
 * flag both. Native modules stay external: they are loaded from node_modules
 * (unpacked from asar in the packaged app).
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = new Set(process.argv.slice(2));
const all = !args.has('--main') && !args.has('--renderer');

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

export function buildRenderer() {
  const r = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error(`vite build failed (${r.status})`);
}

if (all || args.has('--main')) await buildMain();
if (all || args.has('--renderer')) buildRenderer();
