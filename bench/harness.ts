/**
 * The benchmark contract. Each file in bench/benches/ exports `cases`; every
 * case runs in its own child process so its peak RSS is its own. A case
 * returns named metrics; where a goal is a ratio, it should also measure its
 * reference (e.g. one SHA-256 pass over the same file) in the same run, since
 * these machines are noisy.
 */
export interface Metric {
  value: number;
  unit: string;
  /** Human-readable goal, e.g. "≤ 1.5× sha256". */
  goal?: string;
  /** Whether the goal was met in this run (omit when there is no goal). */
  met?: boolean;
}

export interface BenchCase {
  /** Unique within its file, e.g. "sign 10MB". */
  name: string;
  run(): Promise<Record<string, Metric>>;
}

/** High-resolution wall time of `fn` in milliseconds. */
export async function timeMs<T>(fn: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** Median of `runs` timings, after one warm-up. */
export async function medianMs(fn: () => Promise<unknown> | unknown, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timeMs(fn)).ms);
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Peak resident set size of this process so far, in bytes. */
export const peakRssBytes = (): number => process.resourceUsage().maxRSS * 1024;
