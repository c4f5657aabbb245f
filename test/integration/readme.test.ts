/**
 * What the README promises, checked. Its screenshots (issue #21): every
 * picture in docs/screenshots exists in both languages (name-en.png and
 * name-zh-CN.png), each is linked from the README, and every link there
 * names a picture that exists.
 *
 * The README's walkthroughs, run as a reader pastes them: every ```sh block
 * with a `<!-- readme-test -->` line right above it, in order, in one bash
 * session started at the repository root (`set -euo pipefail`), with a
 * temporary HOME and TMPDIR and `affix` on the PATH (the built CLI bundle, as
 * `npm link` installs it). A block that fails names itself and its line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/repo';

export const MARKER = '<!-- readme-test -->';

export interface ReadmeBlock {
  /** 1-based line of the ```sh fence. */
  line: number;
  code: string;
}

/** The marked blocks of a Markdown text, in order. */
export function readmeBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== MARKER) continue;
    const fence = i + 1;
    assert.match(lines[fence] ?? '', /^```(sh|bash)\s*$/, `README line ${fence + 1}: ${MARKER} must be followed by a \`\`\`sh block`);
    const end = lines.findIndex((l, j) => j > fence && l.startsWith('```'));
    assert.ok(end > fence, `README line ${fence + 1}: the block never ends`);
    blocks.push({ line: fence + 1, code: lines.slice(fence + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

test('readmeBlocks finds marked sh blocks only, with their lines', () => {
  const md = ['# x', '```sh', 'not marked', '```', MARKER, '```sh', 'echo one', 'echo two', '```', 'text', MARKER, '```sh', 'echo three', '```'].join('\n');
  assert.deepEqual(readmeBlocks(md), [
    { line: 6, code: 'echo one\necho two' },
    { line: 12, code: 'echo three' },
  ]);
  assert.throws(() => readmeBlocks(`${MARKER}\ntext`), /must be followed by a ```sh block/);
});

const SHOTS = 'docs/screenshots/';
const LANGUAGES = ['en', 'zh-CN'] as const;

/**
 * What is wrong with the screenshots `files` (names in docs/screenshots) and
 * the README text `readme`: a picture in one language only (or in neither,
 * by its name), a picture the README does not link, a link to no picture.
 */
export function screenshotProblems(files: readonly string[], readme: string): string[] {
  const problems: string[] = [];
  const byName = new Map<string, Set<string>>();
  for (const file of files) {
    const m = /^(.+)-(en|zh-CN)\.png$/.exec(file);
    if (!m) {
      problems.push(`${SHOTS}${file}: not named <name>-en.png or <name>-zh-CN.png`);
      continue;
    }
    byName.set(m[1], (byName.get(m[1]) ?? new Set()).add(m[2]));
  }
  for (const [name, langs] of byName) {
    for (const lang of LANGUAGES) if (!langs.has(lang)) problems.push(`${SHOTS}${name}-${lang}.png is missing (only ${[...langs].join(', ')})`);
  }
  const linked = new Set([...readme.matchAll(/docs\/screenshots\/([\w.-]+\.png)/g)].map((m) => m[1]));
  for (const file of files) if (!linked.has(file)) problems.push(`${SHOTS}${file} is not linked from README.md`);
  for (const file of linked) if (!files.includes(file)) problems.push(`README.md links ${SHOTS}${file}, which does not exist`);
  return problems;
}

test('screenshotProblems names a lone language, an unlinked picture and a broken link', () => {
  const readme = `| a | [en](${SHOTS}a-en.png) | [中文](${SHOTS}a-zh-CN.png) |\n![x](${SHOTS}gone-en.png)\n[en](${SHOTS}b-en.png)`;
  assert.deepEqual(screenshotProblems(['a-en.png', 'a-zh-CN.png'], `| a | [en](${SHOTS}a-en.png) | [中文](${SHOTS}a-zh-CN.png) |`), []);
  assert.deepEqual(screenshotProblems(['a-en.png', 'a-zh-CN.png', 'b-en.png', 'c-zh-CN.png', 'notes.png'], readme), [
    `${SHOTS}notes.png: not named <name>-en.png or <name>-zh-CN.png`,
    `${SHOTS}b-zh-CN.png is missing (only en)`,
    `${SHOTS}c-en.png is missing (only zh-CN)`,
    `${SHOTS}c-zh-CN.png is not linked from README.md`,
    `${SHOTS}notes.png is not linked from README.md`,
    `README.md links ${SHOTS}gone-en.png, which does not exist`,
  ]);
});

test('every screenshot in docs/screenshots is in both languages and linked from the README', () => {
  const files = readdirSync(join(repoRoot, 'docs', 'screenshots'))
    .filter((f) => !f.startsWith('.'))
    .sort();
  assert.ok(files.length >= 2, `only ${files.length} files in ${SHOTS}`);
  assert.deepEqual(screenshotProblems(files, readFileSync(join(repoRoot, 'README.md'), 'utf8')), []);
});

const bundle = join(repoRoot, 'dist', 'cli', 'affix.cjs');
const missing = ['bash', 'jq', 'unzip', 'pdftotext', 'pdftoppm', 'qpdf', 'openssl'].filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
const skip = !existsSync(bundle)
  ? 'dist/cli/affix.cjs is not built (npm test builds it first)'
  : missing.length
    ? `needs ${missing.join(', ')} (see the README set-up)`
    : false;

test('every README walkthrough runs as pasted', { skip }, () => {
  const blocks = readmeBlocks(readFileSync(join(repoRoot, 'README.md'), 'utf8'));
  assert.ok(blocks.length >= 8, `only ${blocks.length} marked blocks in README.md`);
  const root = mkdtempSync(join(tmpdir(), 'affix-readme-'));
  try {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    mkdirSync(join(root, 'home'));
    mkdirSync(join(root, 'tmp'));
    // What `npm link` puts on the PATH: the package's bin, the built CLI bundle.
    writeFileSync(join(bin, 'affix'), `#!/bin/sh\nexec "${process.execPath}" "${bundle}" "$@"\n`);
    chmodSync(join(bin, 'affix'), 0o755);
    const script = ['set -euo pipefail', ...blocks.flatMap((b) => [`echo "::readme block at line ${b.line}" >&2`, b.code])].join('\n');
    const r = spawnSync('bash', ['-c', script], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: {
        PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        HOME: join(root, 'home'),
        TMPDIR: join(root, 'tmp'),
        LANG: 'C.UTF-8',
      },
    });
    const last = [...(r.stderr ?? '').matchAll(/::readme block at line (\d+)/g)].at(-1)?.[1];
    assert.equal(
      r.status,
      0,
      `the README block at line ${last} failed (exit ${r.status}):\n${(r.stderr ?? '').slice(-3000)}\n--- stdout (failed checks, then the end) ---\n${(
        r.stdout ?? ''
      )
        .split('\n')
        .filter((l) => /FAILED|INDETERMINATE/.test(l))
        .join('\n')}\n${(r.stdout ?? '').slice(-2000)}`,
    );
    // What the walkthroughs promise to show.
    assert.match(r.stdout, /refused \(exit 2\): step 1 comes first/);
    assert.match(r.stdout, /Every step is signed\./);
    assert.match(r.stdout, /not verified \(exit 1\)/);
    assert.match(r.stdout, /refused \(exit 2\)\n/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
