/**
 * The README's walkthroughs, run as a reader pastes them: every ```sh block
 * with a `<!-- readme-test -->` line right above it, in order, in one bash
 * session started at the repository root (`set -euo pipefail`), with a
 * temporary HOME and TMPDIR and `affix` on the PATH (the built CLI bundle, as
 * `npm link` installs it). A block that fails names itself and its line.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
