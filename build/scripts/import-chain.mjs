#!/usr/bin/env node
/**
 * Why does an entry load a package at start? Prints the shortest chain of
 * static imports (import/require, not dynamic import()) from an entry file to
 * the first file whose path contains the given text, from esbuild's metafile.
 * Used to keep the lean CLI's startup path short (issue 20).
 *
 *   node build/scripts/import-chain.mjs main/cli/commands/status.ts node_modules/zod/
 */
import { build } from 'esbuild';
import { nodeBuildOptions } from './build.mjs';

const [entry, target] = process.argv.slice(2);
if (!entry || !target) {
  process.stderr.write('usage: node build/scripts/import-chain.mjs <entry.ts> <path text, e.g. node_modules/zod/>\n');
  process.exit(2);
}
const { metafile } = await build({
  ...nodeBuildOptions,
  entryPoints: [entry.startsWith('.') ? entry : `./${entry}`],
  write: false,
  metafile: true,
  sourcemap: false,
  outdir: '/nonexistent',
});
const from = new Map();
const queue = [entry];
from.set(entry, null);
let found = null;
while (queue.length > 0 && !found) {
  const file = queue.shift();
  for (const imp of metafile.inputs[file]?.imports ?? []) {
    if (imp.kind === 'dynamic-import' || imp.external || from.has(imp.path)) continue;
    from.set(imp.path, file);
    if (imp.path.includes(target)) {
      found = imp.path;
      break;
    }
    queue.push(imp.path);
  }
}
if (!found) {
  process.stdout.write(`${entry} does not import anything matching "${target}" statically\n`);
} else {
  const chain = [];
  for (let f = found; f; f = from.get(f)) chain.unshift(f);
  process.stdout.write(`${chain.join('\n  → ')}\n`);
}
