/**
 * Every UI string exists in both languages. Fails when a key is in one locale
 * file and not the other, when a value is empty or still the other language's
 * text by mistake, when a `t('…')` in renderer/src names a key missing from
 * either file, or when a `t()` key is computed (it could not be checked).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/repo';

const SRC = join(repoRoot, 'renderer', 'src');
type Tree = { [key: string]: string | Tree };

const load = (lang: string): Tree => JSON.parse(readFileSync(join(repoRoot, 'shared', 'i18n', `${lang}.json`), 'utf8')) as Tree;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Comments may quote t('…') in prose; only code counts. */
const withoutComments = (code: string): string => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

const en = flatten(load('en'));
const zh = flatten(load('zh-CN'));

test('both locales have exactly the same keys', () => {
  assert.ok(en.size > 50, `expected a real catalogue, got ${en.size} keys`);
  assert.deepEqual(
    [...en.keys()].filter((k) => !zh.has(k)),
    [],
    'keys missing in zh-CN.json',
  );
  assert.deepEqual(
    [...zh.keys()].filter((k) => !en.has(k)),
    [],
    'keys missing in en.json',
  );
});

test('no value is empty, and interpolations match between languages', () => {
  const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();
  for (const [key, value] of en) {
    assert.ok(value.trim(), `en: ${key} is empty`);
    assert.ok(zh.get(key)?.trim(), `zh-CN: ${key} is empty`);
    // Chinese may leave out a variable English has: the verifier's own English detail ({{detail}}) is
    // for English readers only; every variable Chinese uses must exist in English.
    const missing = vars(zh.get(key)!).filter((v) => !vars(value).includes(v));
    assert.deepEqual(missing, [], `${key}: zh-CN uses {{variables}} en does not have`);
    if (!/^(reason|proofCheck|errors|verifyHtml)\./.test(key))
      assert.deepEqual(vars(zh.get(key)!), vars(value), `${key}: {{variables}} differ between en and zh-CN`);
  }
});

test('Chinese strings are Chinese (no English copied over by mistake)', () => {
  // Strings that are the same in both languages on purpose: placeholders, units, tokens.
  const sameOnPurpose = new Set(['status.schemaVersion', 'documents.import.pathPlaceholder']);
  const untranslated = [...zh].filter(([key, value]) => !sameOnPurpose.has(key) && !/[\u4e00-\u9fff]/.test(value)).map(([key]) => key);
  assert.deepEqual(untranslated, []);
});

test('every t() key used in renderer/src exists in both locales, and none is computed', () => {
  const used = new Map<string, string>();
  const computed: string[] = [];
  for (const file of sources(SRC)) {
    const code = withoutComments(readFileSync(file, 'utf8'));
    const rel = relative(repoRoot, file);
    for (const m of code.matchAll(/\bt\(\s*(['"])([^'"\n]+)\1/g)) used.set(m[2], rel);
    for (const m of code.matchAll(/\bt\(\s*(`|[A-Za-z_$][\w$.]*\s*[,)])/g)) computed.push(`${rel}: ${m[0]}`);
    for (const m of code.matchAll(/\bi18nKey=\{?\s*(['"])([^'"\n]+)\1/g)) used.set(m[2], rel);
  }
  assert.ok(used.size > 50, `the scan found only ${used.size} keys: is the regex still right?`);
  assert.deepEqual(computed, [], 't() must get a literal key so this test can check it');
  const missing = [...used].filter(([k]) => !en.has(k) || !zh.has(k)).map(([k, f]) => `${k} (${f})`);
  assert.deepEqual(missing, []);
});

test('no catalogue key is left unused', () => {
  // The catalogue serves the renderer, the CLI and the reports: a key counts as used when a source
  // in renderer/src, shared/ or main/ (or a standalone page's template) names it, or builds keys
  // under its prefix from a code (`reason.${subIndication}`, `proofCheck.msg.${key}`).
  const roots = [SRC, join(repoRoot, 'shared'), join(repoRoot, 'main')];
  const files = roots.flatMap((r) => sourcesAndPages(r));
  const code = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  const prefixes = [...code.matchAll(/`([\w.-]+\.)\$\{/g)].map((m) => m[1]);
  const unused = [...en.keys()].filter((k) => !code.includes(`'${k}'`) && !code.includes(`"${k}"`) && !prefixes.some((p) => k.startsWith(p)));
  assert.deepEqual(unused, []);
});

function sourcesAndPages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourcesAndPages(path);
    return /\.(ts|tsx|html)$/.test(name) ? [path] : [];
  });
}
