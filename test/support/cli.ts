import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../main/cli/run-cli';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the affix CLI in-process (same code as the binary) and captures its output. */
export async function affix(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(args, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: { ...process.env, AFFIX_HOME: '', ...env },
  });
  return { status, stdout: out.join('\n'), stderr: err.join('\n') };
}

export const tempHome = (prefix = 'affix-test-'): string => join(mkdtempSync(join(tmpdir(), prefix)), 'home');
