#!/usr/bin/env node
/**
 * `npm run affix -- <args>`: rebuilds the CLI bundle when any source is newer
 * than it, then runs it with the caller's arguments and exit status.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bundle = join(root, 'dist/cli/affix.cjs');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const stale =
  !existsSync(bundle) ||
  Math.max(newestMtime(join(root, 'main')), newestMtime(join(root, 'shared')), statSync(join(root, 'package.json')).mtimeMs) > statSync(bundle).mtimeMs;
if (stale) {
  const b = spawnSync(process.execPath, [join(root, 'build/scripts/build.mjs'), '--main'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (b.status !== 0) process.exit(2);
}
const r = spawnSync(process.execPath, [bundle, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 2);
