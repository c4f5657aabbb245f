/**
 * The architecture as a test: code is grouped by where it may run. Electron is
 * imported only by main/electron and the preload (so every service, the router
 * and the CLI load under plain Node); shared/ runs in browsers too, so it may not
 * touch Node built-ins; the renderer reaches main only through window.affix.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../support/repo';

const SOURCE = /\.(ts|tsx|mts|mjs|cjs|js)$/;

function sources(dir: string): string[] {
  return readdirSync(join(repoRoot, dir)).flatMap((name) => {
    const rel = join(dir, name);
    if (statSync(join(repoRoot, rel)).isDirectory()) return name === 'node_modules' ? [] : sources(rel);
    return SOURCE.test(name) ? [rel] : [];
  });
}

/** Module specifiers of static imports, dynamic imports and require() calls. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g)) specs.push(m[1]);
  for (const m of text.matchAll(/(?:^|[\s;])import\s*['"]([^'"]+)['"]/g)) specs.push(m[1]);
  for (const m of text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]);
  return specs;
}

/** Comments may say "the main process." without being code that touches `process`. */
const withoutComments = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

const NODE_BUILTIN = /^(node:|(fs|path|crypto|os|child_process|util|stream|buffer|url|zlib|worker_threads|net|http|https)(\/|$))/;
const posix = (p: string) => p.split(sep).join('/');

test('only main/electron and main/preload import electron', () => {
  const offenders = ['main', 'shared', 'renderer', 'test', 'bench', 'build']
    .flatMap(sources)
    .map(posix)
    .filter((f) => !f.startsWith('main/electron/') && !f.startsWith('main/preload/') && !f.startsWith('test/electron/'))
    .filter((f) => importsOf(f).some((s) => s === 'electron' || s.startsWith('electron/')));
  assert.deepEqual(offenders, []);
});

test('the Electron main and preload entries exist and do import electron (the scan sees real imports)', () => {
  assert.ok(importsOf('main/electron/main.ts').includes('electron'));
  assert.ok(importsOf('main/preload/preload.ts').includes('electron'));
});

test('shared/ uses no Node built-ins and no Buffer', () => {
  const files = sources('shared').map(posix);
  assert.ok(files.length > 5, 'expected shared sources');
  const offenders = files.filter((f) => {
    const code = withoutComments(readFileSync(join(repoRoot, f), 'utf8'));
    return importsOf(f).some((s) => NODE_BUILTIN.test(s)) || /\bBuffer\.(from|alloc|concat)\b/.test(code) || /\bprocess\.\w/.test(code);
  });
  assert.deepEqual(offenders, []);
});

test('renderer/ imports neither Node built-ins nor main-process code', () => {
  const offenders = sources('renderer')
    .map(posix)
    .filter((f) => !f.endsWith('vite.config.ts'))
    .filter((f) => importsOf(f).some((s) => NODE_BUILTIN.test(s) || s === 'electron' || /(^|\/)main\//.test(relative('renderer', s))));
  assert.deepEqual(offenders, []);
});
