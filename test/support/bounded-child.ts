/**
 * Runs a TypeScript script in a child Node process under a hard memory cap:
 * the parent samples the child's resident set (/proc/PID/status VmRSS) and
 * kills it the moment it passes the cap, and the child reports its own peak
 * (/proc/self/status VmHWM) when it ends. A test asserts the outcome and
 * the peak, never the time; a generous wall-clock kill only stops a hang.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { repoRoot } from './repo';

export interface BoundedResult {
  /** The child's own exit code, or null when it was killed. */
  code: number | null;
  /** Why the parent killed it ("rss" or "hang"), or null. */
  killed: 'rss' | 'hang' | null;
  /** Highest resident set seen, in bytes (the larger of the parent's samples and the child's own report). */
  peakRss: number;
  stdout: string;
  stderr: string;
}

const PEAK_MARK = '\n@@peak-rss ';

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** `script` must call `reportPeak()` (below) as its last output line. */
export function runBounded(script: string, args: string[], capBytes: number, hangMs = 120_000): Promise<BoundedResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: repoRoot, env: { ...process.env, AFFIX_HOME: '' } });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    let killed: BoundedResult['killed'] = null;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const sampler = setInterval(() => {
      const rss = rssOf(child.pid!);
      peak = Math.max(peak, rss);
      if (rss > capBytes && !killed) {
        killed = 'rss';
        child.kill('SIGKILL');
      }
    }, 10);
    const hang = setTimeout(() => {
      killed ??= 'hang';
      child.kill('SIGKILL');
    }, hangMs);
    child.on('close', (code) => {
      clearInterval(sampler);
      clearTimeout(hang);
      const at = stdout.lastIndexOf(PEAK_MARK);
      if (at >= 0) {
        peak = Math.max(peak, Number(stdout.slice(at + PEAK_MARK.length).trim()));
        stdout = stdout.slice(0, at);
      }
      resolve({ code, killed, peakRss: peak, stdout, stderr });
    });
  });
}

/**
 * Called by the child last: its peak resident set in bytes. VmHWM, not
 * getrusage's maxRSS, which Linux carries over from the parent across fork.
 */
export function reportPeak(): void {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  process.stdout.write(`${PEAK_MARK}${m ? Number(m[1]) * 1024 : 0}\n`);
}
