/**
 * Hostile proof packages: each is verified by `affix proof verify` in a child
 * process that is killed the moment its resident set passes 300 MiB. Each must
 * end on its own with exit 2 (over a budget, the limit named) or 1 (within
 * budget but wrong), a message, and a peak under the cap. Time is not asserted
 * (the 5 s goal is for bench/); a hang is killed after two minutes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runBounded } from '../../support/bounded-child';
import { HOSTILE_CASES } from './hostile/cases';
import { hostileZip } from './hostile/zip-writer';

const CAP = 300 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'affix-hostile-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile proof packages stay under 300 MiB and end with exit 1 or 2 and a message', () => {
  for (const c of HOSTILE_CASES) {
    it(c.name, async (t) => {
      const path = join(dir, `${c.name.replace(/\W+/g, '-').slice(0, 40)}.affixproof`);
      writeFileSync(path, hostileZip(c.members()));
      const r = await runBounded(join('test', 'robustness', 'proof', 'hostile', 'verify-child.ts'), [path, join(dir, 'no-workspace')], CAP);
      assert.equal(r.killed, null, `killed (${r.killed}) at ${Math.round(r.peakRss / 2 ** 20)} MiB; stderr: ${r.stderr.slice(0, 500)}`);
      assert.ok(r.peakRss > 0 && r.peakRss < CAP, `peak RSS ${Math.round(r.peakRss / 2 ** 20)} MiB`);
      t.diagnostic(`peak RSS ${Math.round(r.peakRss / 2 ** 20)} MiB (Node + tsx + the CLI included)`);
      const out = JSON.parse(r.stdout) as { status: number; stdout: string; stderr: string };
      assert.equal(out.status, c.status, `exit ${out.status}: ${out.stderr}${out.stdout.slice(0, 2000)}`);
      assert.match(c.status === 2 ? out.stderr : out.stdout, c.message);
      if (c.status === 1) assert.equal((JSON.parse(out.stdout) as { verdict: string }).verdict, 'failed');
    });
  }
});
