/** Reference numbers for this machine, printed beside every other bench so ratios can be read. */
import { createHash, randomBytes } from 'node:crypto';
import type { BenchCase } from '../harness';
import { medianMs } from '../harness';

export const cases: BenchCase[] = [
  {
    name: 'sha256 64MB in memory',
    run: async () => {
      const buf = randomBytes(64 * 1024 * 1024);
      const ms = await medianMs(() => createHash('sha256').update(buf).digest(), 3);
      return { throughput: { value: 64 / (ms / 1000), unit: 'MB/s' }, time: { value: ms, unit: 'ms' } };
    },
  },
];
