/**
 * No folder of main/services imports, through any chain, a folder that
 * imports it back: each folder (core/store, domain/pki, usecases/proof, …,
 * and composition) can be read, tested and changed with only the folders
 * below it in mind. Folders are found from the tree, edges from every
 * static import, re-export, dynamic import() and require() that resolves to
 * a file of another folder.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../support/repo';

const SERVICES = join(repoRoot, 'main', 'services');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The folder a file belongs to: `layer/name` (its first two levels), or `composition`. */
function folderOf(file: string): string {
  const [layer, name] = relative(SERVICES, file).split(sep);
  return layer === 'composition' || name === undefined || name.endsWith('.ts') ? layer! : `${layer}/${name}`;
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = normalize(join(dirname(from), spec));
  return ['', '.ts', '.tsx', '.d.ts', `${sep}index.ts`].map((ext) => base + ext).find((p) => existsSync(p) && statSync(p).isFile());
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"](\.[^'"]+)['"]/g),
    ...text.matchAll(/\b(?:import|require)\s*\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs.flatMap((s) => resolveImport(file, s) ?? []);
}

/** Folder → folders it imports (inside main/services only). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(SERVICES)) {
    const from = folderOf(file);
    if (!graph.has(from)) graph.set(from, new Set());
    for (const target of relativeImports(file)) {
      if (!target.startsWith(SERVICES + sep)) continue;
      const to = folderOf(target);
      if (to !== from) graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** The strongly connected components of more than one folder (Tarjan): each is a cycle. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

test('the cycle finder finds a cycle of folders, and none in a chain', () => {
  const g = (edges: [string, string][]): Map<string, Set<string>> => {
    const m = new Map<string, Set<string>>();
    for (const [a, b] of edges) {
      if (!m.has(a)) m.set(a, new Set());
      if (!m.has(b)) m.set(b, new Set());
      m.get(a)!.add(b);
    }
    return m;
  };
  assert.deepEqual(
    cycles(
      g([
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'a'],
        ['c', 'd'],
      ]),
    ),
    [['a', 'b', 'c']],
  );
  assert.deepEqual(
    cycles(
      g([
        ['a', 'b'],
        ['b', 'c'],
        ['a', 'c'],
      ]),
    ),
    [],
  );
});

test('the folder graph of main/services is read from its imports', () => {
  const graph = folderGraph();
  for (const folder of ['core/store', 'domain/ledger', 'engines/pdf-signing', 'usecases/proof', 'composition']) assert.ok(graph.has(folder), folder);
  assert.ok(graph.get('composition')!.has('usecases/proof'), 'the container builds the proof service');
  assert.ok(graph.get('usecases/signing')!.has('engines/pdf-signing'), 'the signing service uses the signing engine');
  assert.ok(graph.get('domain/ledger')!.has('core/store'), 'the ledger keeps its tree in the store');
});

test('main/services has no folder cycles', () => {
  assert.deepEqual(cycles(folderGraph()), []);
});
