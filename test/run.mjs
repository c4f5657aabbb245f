#!/usr/bin/env node
/**
 * Runs the test suites with Node's own test runner (TypeScript via tsx).
 * `node test/run.mjs` runs everything; `node test/run.mjs unit ui` runs the
 * named folders under test/. Any other word picks the files, within those
 * folders, whose path contains it: `npm run test:ui -- status witness` builds
 * the renderer and runs only test/ui/status.test.ts and witness-page.test.ts —
 * one command to check a UI change in a minute or two. Files are *.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const isSuite = (a) => existsSync(join(root, 'test', a)) && statSync(join(root, 'test', a)).isDirectory();
const suites = args.filter(isSuite);
const filters = args.filter((a) => !isSuite(a));

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'fixtures' || name === 'node_modules' ? [] : find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const dirs = suites.length ? suites.map((s) => join(root, 'test', s)) : [join(root, 'test')];
const files = dirs
  .flatMap(find)
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();
if (files.length === 0) {
  console.error(`No test files under ${dirs.map((d) => relative(root, d)).join(', ')}${filters.length ? ` whose path contains ${filters.join(' or ')}` : ''}`);
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.AFFIX_TEST_CONCURRENCY ?? 2}`, ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, AFFIX_REPO_ROOT: root } },
);
process.exit(r.status ?? 1);
