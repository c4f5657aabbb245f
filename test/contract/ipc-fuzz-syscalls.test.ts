/**
 * The IPC fuzz again, watched by the kernel instead of by spies (issue 16: "no
 * file outside the workspace is read"). `ipc-fuzz.test.ts` sees only what goes
 * through Node's `fs` and `process.dlopen`; SQLite, the PKCS#11 loader and any
 * other native code open files with their own system calls. Here strace
 * records every file-system call of the fuzzing process and all its threads,
 * and the test fails if any of them names the canary's folder or a hostile
 * system path the fuzz offered.
 *
 * A control run proves the trace can see a native open: better-sqlite3
 * opening the canary must show up, or the check below could not fail.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const root = process.env.AFFIX_REPO_ROOT ?? process.cwd();
const probe = spawnSync('strace', ['-qq', '-e', 'trace=none', 'true'], { encoding: 'utf8' });
const skip = probe.error
  ? 'strace is not installed (apt-get install strace)'
  : probe.status !== 0
    ? `strace cannot trace here: ${probe.stderr.trim().split('\n')[0]}`
    : false;

/** System paths among the fuzz's hostile strings; the fuzzed process must never touch them. */
const HOSTILE_SYSTEM_PATHS = ['/etc/shadow', '/proc/self/environ'];

let outside = '';
let canary = '';
before(() => {
  outside = mkdtempSync(join(tmpdir(), 'affix-fuzz-outside-'));
  canary = join(outside, 'canary.pdf');
  writeFileSync(canary, '%PDF-1.7\ncanary\n%%EOF\n');
});
after(() => rmSync(outside, { recursive: true, force: true }));

function withoutTestContext(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _nested, ...rest } = env;
  return rest;
}

/** Runs node under strace (file-system calls, all threads and children) and returns the trace's lines. */
function traced(nodeArgs: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; lines: string[]; output: string } {
  const log = join(outside, `trace-${Date.now()}.log`);
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=%file', '-o', log, process.execPath, ...nodeArgs], {
    cwd: root,
    // Without NODE_TEST_CONTEXT, or the inner test runner thinks it is nested and runs nothing.
    env: { ...withoutTestContext(process.env), ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 15 * 60_000,
  });
  const lines = readFileSync(log, 'utf8').split('\n');
  rmSync(log, { force: true });
  return { status: r.status, lines, output: `${r.stdout}\n${r.stderr}` };
}

/** Trace lines that name a path the process must not reach. */
const forbidden = (lines: string[]): string[] => lines.filter((line) => line.includes(outside) || HOSTILE_SYSTEM_PATHS.some((p) => line.includes(`"${p}"`)));

describe('IPC fuzz under strace', { skip }, () => {
  test('control: the trace sees a file opened inside native code', () => {
    const script = `new (require('better-sqlite3'))(${JSON.stringify(canary)}, { readonly: true, fileMustExist: true }).close()`;
    const r = traced(['-e', script]);
    assert.equal(r.status, 0, r.output);
    assert.ok(
      r.lines.some((line) => /\bopen(at)?\(/.test(line) && line.includes(canary)),
      'better-sqlite3 opened the canary, but the trace does not show it: the check below would be blind',
    );
  });

  test('no file-system call of the fuzzed window touches a file outside the workspace', () => {
    // With AFFIX_FUZZ_OUTSIDE set, the fuzz skips its CLI case, which names the canary on purpose.
    const r = traced(['--import', 'tsx', '--test', '--test-reporter=spec', 'test/contract/ipc-fuzz.test.ts'], { AFFIX_FUZZ_OUTSIDE: outside });
    assert.equal(r.status, 0, `the fuzz itself failed:\n${r.output.slice(-4000)}`);
    assert.match(r.output, /ℹ pass [3-9]/, `the fuzz ran too few cases:\n${r.output.slice(-2000)}`);
    assert.match(r.output, /calls, \d+ ok envelopes/, 'the hostile-strings case did not run');
    assert.ok(r.lines.length > 1000, `the trace has only ${r.lines.length} lines:\n${r.output.slice(-2000)}`);
    assert.deepEqual(forbidden(r.lines).slice(0, 20), [], 'system calls that reached outside the workspace');
  });
});
