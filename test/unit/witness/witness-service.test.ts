/**
 * The witness role (c2sp.org/tlog-witness add-checkpoint): every answer the
 * spec defines, fork and rebuilt-log refusal with evidence kept, and a random
 * interleaving of two forks of one log (same key, same origin) that must never
 * get two roots cosigned for one size nor two inconsistent tree heads.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { toHex } from '../../../shared/ledger/bytes';
import { parseNote } from '../../../shared/ledger/note';
import { workspaceSealing } from '../../../main/services/composition/workspace-sealing';
import { WitnessService } from '../../../main/services/usecases/witness/witness-service';
import { Workspace } from '../../../main/services/core/workspace/workspace';
import { affix } from '../../support/cli';
import { TestLog } from './fixtures/test-log';
import { moduleSchemas } from '../../../main/services/composition/schema-registry';

const work = mkdtempSync(join(tmpdir(), 'affix-witness-'));
after(() => rmSync(work, { recursive: true, force: true }));
let n = 0;

function newWitness(): { w: WitnessService; ws: Workspace } {
  const ws = Workspace.open(join(work, `w${n++}`), { create: true, schemas: moduleSchemas });
  const w = new WitnessService(ws, workspaceSealing(ws));
  w.init('court.example/witness');
  return { w, ws };
}

describe('add-checkpoint answers', () => {
  const { w, ws } = newWitness();
  after(() => ws.close());
  const log = new TestLog().append(5);
  w.addLog(log.origin, log.vkey);

  it('404 for an unknown origin, 403 without a valid log signature, 400 for malformed input', () => {
    assert.equal(w.addCheckpoint(new TestLog().append(1).request(0)).status, 404);
    const other = new TestLog(log.origin).append(5); // same origin, another key
    assert.equal(w.addCheckpoint(other.request(0)).status, 403);
    const req = log.request(0);
    const forged = req.replace(/(— \S+ )(.)/, (_, p: string, c: string) => p + (c === 'A' ? 'B' : 'A'));
    assert.equal(w.addCheckpoint(forged).status, 403, 'a signature line by the pinned key that does not verify');
    const unsigned = req.slice(0, req.indexOf('\n\n—') + 2);
    assert.equal(w.addCheckpoint(unsigned).status, 400);
    assert.equal(w.addCheckpoint('old 1\nnot base64\n\n' + log.checkpoint()).status, 400);
    assert.equal(w.addCheckpoint(log.request(0).replace('old 0', 'old 6')).status, 400, 'old size above the checkpoint size');
    assert.equal(w.addCheckpoint(new Uint8Array([0xff, 0xfe])).status, 400, 'not UTF-8');
  });

  it('200 with one cosignature line, then 409 with the size as text/x.tlog.size for a stale old size', () => {
    const a = w.addCheckpoint(log.request(0));
    assert.equal(a.status, 200, a.reason);
    assert.match(a.body, /^— court\.example\/witness [A-Za-z0-9+/]+=*\n$/);
    log.append(3);
    const stale = w.addCheckpoint(log.request(0));
    assert.equal(stale.status, 409);
    assert.equal(stale.body, '5\n');
    assert.equal(stale.contentType, 'text/x.tlog.size');
    assert.equal(w.addCheckpoint(log.request(5)).status, 200);
    assert.equal(w.addCheckpoint(log.request(8)).status, 200, 'the same checkpoint again is cosigned again');
  });

  it('422 for a consistency proof that does not verify, kept as evidence', () => {
    const before = w.list().refusals.length;
    log.append(2);
    const req = log.request(8);
    const lines = req.split('\n');
    lines[1] = (lines[1][0] === 'A' ? 'B' : 'A') + lines[1].slice(1);
    const a = w.addCheckpoint(lines.join('\n'));
    assert.equal(a.status, 422);
    assert.equal(w.list().refusals.length, before + 1);
    assert.equal(w.list().logs[0].size, 8, 'state unchanged');
  });

  it('422 for a size-0 checkpoint whose root is not the empty tree, and for a proof with old size 0', () => {
    const fresh = new TestLog();
    w.addLog(fresh.origin, fresh.vkey);
    const fake = new TestLog(fresh.origin, fresh.seed).append(1);
    const body = fake.request(0).replace(`\n1\n`, '\n0\n');
    // The text changed, so re-sign it: build the size-0 checkpoint with a non-empty root by hand.
    assert.equal(w.addCheckpoint(body).status, 403);
    fresh.append(4);
    const withProof = fresh.request(2).replace(/^old 2/, 'old 0');
    assert.equal(w.addCheckpoint(withProof).status, 422);
  });
});

describe('forks and rebuilt logs', () => {
  it('refuses the second fork (409, then 422 with evidence flagged as equivocation) and never cosigns two roots for one size', () => {
    const { w, ws } = newWitness();
    try {
      const base = new TestLog().append(10);
      w.addLog(base.origin, base.vkey);
      assert.equal(w.addCheckpoint(base.request(0)).status, 200);
      const a = base.fork().append(3);
      const b = base.fork().append(3); // same size, other root
      assert.equal(w.addCheckpoint(a.request(10)).status, 200);
      assert.equal(w.addCheckpoint(b.request(10)).status, 409);
      const second = w.addCheckpoint(b.request(13));
      assert.equal(second.status, 422);
      const list = w.list();
      assert.equal(list.refusals[0].equivocation, true);
      assert.equal(parseNote(list.refusals[0].note).text, parseNote(b.checkpoint()).text, 'the conflicting signed note is kept verbatim');
      assert.deepEqual(
        w.history(base.origin).map((h) => h.size),
        [10, 13],
      );
      assert.equal(w.history(base.origin)[1].rootHash, toHex(a.root()));
      // b grows past a: its proof from a's size does not verify against a's root.
      b.append(5);
      assert.equal(w.addCheckpoint(b.request(13)).status, 422);
    } finally {
      ws.close();
    }
  });

  it('refuses a log rebuilt under the same key and origin', () => {
    const { w, ws } = newWitness();
    try {
      const old = new TestLog().append(20);
      w.addLog(old.origin, old.vkey);
      assert.equal(w.addCheckpoint(old.request(0)).status, 200);
      const rebuilt = new TestLog(old.origin, old.seed).append(3);
      const first = w.addCheckpoint(rebuilt.request(0));
      assert.equal(first.status, 409);
      assert.equal(first.body, '20\n');
      assert.equal(w.addCheckpoint(rebuilt.request(0).replace('old 0', 'old 20')).status, 400, 'old size 20 is above the rebuilt size 3');
      rebuilt.append(30);
      const grown = w.addCheckpoint(rebuilt.request(0).replace(/^old 0\n/, `old 20\n${'A'.repeat(43)}=\n`));
      assert.equal(grown.status, 422);
      assert.throws(() => w.addLog(old.origin, new TestLog(old.origin).vkey), /another key/);
      assert.equal(w.list().logs[0].size, 20);
    } finally {
      ws.close();
    }
  });

  it('two forks submitting in a random order: one linear history of cosigned heads, one root per size', () => {
    const { w, ws } = newWitness();
    try {
      let seed = 12345;
      const rnd = (k: number): number => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % k;
      };
      const base = new TestLog().append(4);
      w.addLog(base.origin, base.vkey);
      const forks = [base.fork(), base.fork()];
      const known = [0, 0];
      const cosigned: { size: number; root: string; fork: number }[] = [];
      for (let step = 0; step < 300; step++) {
        const f = rnd(2);
        if (rnd(3) === 0) forks[f].append(1 + rnd(3));
        const a = w.addCheckpoint(forks[f].request(Math.min(known[f], forks[f].leaves.length)));
        if (a.status === 409) known[f] = Number(a.body.trim());
        else if (a.status === 200) {
          known[f] = forks[f].leaves.length;
          cosigned.push({ size: forks[f].leaves.length, root: toHex(forks[f].root()), fork: f });
        } else assert.ok([400, 422].includes(a.status), `${a.status} ${a.reason}`);
      }
      assert.ok(cosigned.length > 10, `only ${cosigned.length} cosignatures`);
      const bySize = new Map<number, string>();
      for (const c of cosigned) {
        assert.ok(!bySize.has(c.size) || bySize.get(c.size) === c.root, `two roots cosigned for size ${c.size}`);
        bySize.set(c.size, c.root);
      }
      // Every cosigned head is a prefix of the newest one: recompute each from the fork that holds the newest.
      const last = cosigned.at(-1)!;
      for (const c of cosigned) assert.equal(toHex(forks[last.fork].root(c.size)), c.root, `size ${c.size} is not a prefix of the newest cosigned tree`);
    } finally {
      ws.close();
    }
  });
});

describe('two copies of one workspace, through the CLI', () => {
  it('the second copy is refused, the witness lists the equivocation, and each size has one cosigned root', async () => {
    const W = join(work, 'cli-witness');
    const L = join(work, 'cli-log');
    const run = async (args: string[], home: string): Promise<{ status: number; stdout: string; stderr: string }> => affix([...args, '--home', home]);
    const vkey = (await run(['witness', 'init', '--name', 'court.example/w'], W)).stdout.trim().split('\n').at(-1)!;
    assert.equal((await run(['init'], L)).status, 0);
    for (const h of ['a', 'b']) assert.equal((await run(['ledger', 'append', '--type', 'document.anchored', '--hash', h.repeat(64)], L)).status, 0);
    const pk = (await run(['ledger', 'pubkey'], L)).stdout.split('\n');
    assert.equal((await run(['witness', 'add-log', '--origin', pk[0].slice('origin '.length), '--key', pk[1]], W)).status, 0);
    const policy = join(work, 'policy.txt');
    writeFileSync(policy, `witness court ${vkey}\nquorum court\n`);
    assert.equal((await run(['ledger', 'witness-policy', policy], L)).status, 0);
    assert.equal((await run(['ledger', 'checkpoint'], L)).status, 0);
    // The witness cosigns the size-2 head both copies share.
    const shared = join(work, 'req-shared');
    assert.equal((await run(['ledger', 'witness-request', '--old', '0', '-o', shared], L)).status, 0);
    assert.equal((await run(['witness', 'cosign', shared, '-o', join(work, 'resp-shared')], W)).status, 0);
    const copy = join(work, 'cli-log-copy');
    cpSync(L, copy, { recursive: true });
    // Both copies grow differently to the same size.
    assert.equal((await run(['ledger', 'append', '--type', 'document.anchored', '--hash', 'c'.repeat(64)], L)).status, 0);
    assert.equal((await run(['ledger', 'append', '--type', 'document.anchored', '--hash', 'd'.repeat(64)], copy)).status, 0);
    const exchange = async (home: string, tag: string): Promise<number> => {
      const req = join(work, `req-${tag}`);
      const resp = join(work, `resp-${tag}`);
      assert.equal((await run(['ledger', 'witness-request', '--old', '2', '-o', req], home)).status, 0);
      const c = await run(['witness', 'cosign', req, '-o', resp], W);
      if (c.status === 0) assert.equal((await run(['ledger', 'add-cosignature', resp], home)).status, 0);
      return c.status;
    };
    assert.equal((await run(['witness', 'cosign', join(work, 'none'), '-o', join(work, 'x')], W)).status, 2, 'unreadable request: exit 2');
    assert.equal(await exchange(L, 'first'), 0);
    assert.equal(await exchange(copy, 'second'), 1, 'the second copy is refused');
    const list = JSON.parse((await run(['witness', 'list', '--json'], W)).stdout) as {
      logs: { size: number }[];
      refusals: { equivocation: boolean; status: number }[];
    };
    assert.equal(list.logs[0].size, 3);
    assert.ok(
      list.refusals.some((r) => r.equivocation),
      JSON.stringify(list.refusals),
    );
    const human = (await run(['witness', 'list'], W)).stdout;
    assert.match(human, /EQUIVOCATION/);
    const first = readFileSync(join(work, 'resp-first'), 'utf8');
    assert.throws(() => readFileSync(join(work, 'resp-second')), 'no response file for a refused request');
    assert.match(first, /^— court\.example\/w /);
    const status = JSON.parse((await run(['ledger', 'witnesses', '--json'], L)).stdout) as {
      latest: { size: number; cosignedBy: string[]; satisfied: boolean };
    };
    assert.deepEqual(status.latest, { size: 3, cosignedBy: ['court'], satisfied: true });
  });
});
