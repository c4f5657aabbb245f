/**
 * Tampering with the database file by plain SQL (a separate connection, as an
 * owner with a SQLite shell would): every edit, deletion, insertion and
 * reordering of entry rows must make `affix ledger verify` exit 1 and name the
 * first bad index; so must forged or removed checkpoints.
 */
import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { affix, tempHome } from '../../support/cli';

const ENTRIES = 40;
let pristine: string;
const homes: string[] = [];

const digest = (i: number): string => createHash('sha256').update(`tamper/${i}`).digest('hex');
const sha = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

before(async () => {
  pristine = tempHome('affix-tamper-');
  assert.equal((await affix(['init', '--home', pristine])).status, 0);
  for (let i = 0; i < ENTRIES; i++) {
    const r = await affix(['ledger', 'append', '--home', pristine, '--type', 'access.viewed', '--hash', digest(i), '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).index, i);
  }
  const ok = await affix(['ledger', 'verify', '--home', pristine]);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
});
after(() => {
  for (const h of [pristine, ...homes]) rmSync(join(h, '..'), { recursive: true, force: true });
});

/** A copy of the pristine workspace with `sql` applied to its database file; returns verify's result. */
async function tamper(sql: (db: Database.Database) => void): Promise<{ status: number; firstBadIndex: number | null; text: string }> {
  const home = tempHome('affix-tampered-');
  homes.push(home);
  cpSync(pristine, home, { recursive: true });
  const db = new Database(join(home, 'affix.db'));
  sql(db);
  db.close();
  const human = await affix(['ledger', 'verify', '--home', home]);
  const json = await affix(['ledger', 'verify', '--home', home, '--json']);
  assert.equal(human.status, json.status);
  const report = JSON.parse(json.stdout) as { ok: boolean; firstBadIndex: number | null };
  assert.equal(report.ok, json.status === 0);
  return { status: json.status, firstBadIndex: report.firstBadIndex, text: human.stdout };
}

const entryOf = (db: Database.Database, idx: number): Buffer =>
  db.prepare<[number], Buffer>('SELECT entry FROM ledger_entries WHERE idx = ?').pluck().get(idx)!;

test('an untouched copy verifies', async () => {
  const r = await tamper(() => {});
  assert.equal(r.status, 0, r.text);
});

test('editing one entry (one bit of its bytes) is reported at its index', async () => {
  const r = await tamper((db) => {
    const e = Buffer.from(entryOf(db, 17));
    e[e.length - 3] ^= 1; // inside the subject digest
    db.prepare('UPDATE ledger_entries SET entry = ? WHERE idx = 17').run(e);
  });
  assert.equal(r.status, 1, r.text);
  assert.equal(r.firstBadIndex, 17, r.text);
  assert.match(r.text, /first bad index: 17/);
});

test('editing an entry and rewriting the hash chain after it is still caught by the tree and the signed checkpoints', async () => {
  const r = await tamper((db) => {
    const rows = db.prepare<[], { idx: number; entry: Buffer; chain: Buffer }>('SELECT idx, entry, chain FROM ledger_entries ORDER BY idx').all();
    const e = Buffer.from(rows[17].entry);
    e[e.length - 3] ^= 1;
    rows[17].entry = e;
    let chain = rows[16].chain;
    const update = db.prepare('UPDATE ledger_entries SET entry = ?, chain = ? WHERE idx = ?');
    for (const row of rows.slice(17)) {
      chain = sha(chain, sha(Buffer.of(0), row.entry));
      update.run(row.entry, chain, row.idx);
    }
  });
  assert.equal(r.status, 1, r.text);
  // Without stored leaf hashes the first proof of damage is the smallest stored subtree (4 leaves) holding entry 17.
  assert.ok(r.firstBadIndex !== null && r.firstBadIndex >= 16 && r.firstBadIndex <= 17, r.text);
});

test('deleting an entry is reported at its index', async () => {
  const r = await tamper((db) => db.prepare('DELETE FROM ledger_entries WHERE idx = 9').run());
  assert.equal(r.status, 1, r.text);
  assert.equal(r.firstBadIndex, 9, r.text);
});

test('deleting the newest entries is reported: the node signed a larger tree', async () => {
  const r = await tamper((db) => db.prepare(`DELETE FROM ledger_entries WHERE idx >= ${ENTRIES - 3}`).run());
  assert.equal(r.status, 1, r.text);
  assert.equal(r.firstBadIndex, ENTRIES - 3, r.text);
});

test('an append that collides with rows left behind by deleted entries gets a named error, not a raw SQLite one', async () => {
  const home = tempHome('affix-tampered-');
  homes.push(home);
  cpSync(pristine, home, { recursive: true });
  const db = new Database(join(home, 'affix.db'));
  // Entry 39 completes the stored subtree over 36…39; deleting it leaves that node row behind.
  db.prepare(`DELETE FROM ledger_entries WHERE idx >= ${ENTRIES - 1}`).run();
  db.close();
  const r = await affix(['ledger', 'append', '--home', home, '--type', 'access.viewed', '--hash', digest(99)]);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /ledger database is damaged \(tree or index rows already exist for entry 39 onwards: entries were deleted\)/);
  assert.doesNotMatch(r.stderr, /UNIQUE constraint/);
});

test('inserting an entry (shifting the later ones) is reported at the insertion point', async () => {
  const r = await tamper((db) => {
    const forged = Buffer.from(entryOf(db, 5));
    forged[forged.length - 3] ^= 0x40;
    db.prepare('UPDATE ledger_entries SET idx = -idx - 1 WHERE idx >= 12').run();
    db.prepare('UPDATE ledger_entries SET idx = -idx WHERE idx < 0').run();
    const chain = db.prepare<[], Buffer>('SELECT chain FROM ledger_entries WHERE idx = 11').pluck().get()!;
    db.prepare('INSERT INTO ledger_entries (idx, entry, chain) VALUES (12, ?, ?)').run(forged, sha(chain, sha(Buffer.of(0), forged)));
  });
  assert.equal(r.status, 1, r.text);
  assert.equal(r.firstBadIndex, 12, r.text);
});

test('appending a forged entry at the end is reported (it is under no signature but breaks nothing signed)', async () => {
  const r = await tamper((db) => {
    const last = db.prepare<[], { idx: number; chain: Buffer }>('SELECT idx, chain FROM ledger_entries ORDER BY idx DESC LIMIT 1').get()!;
    const forged = Buffer.from(entryOf(db, 3));
    forged[forged.length - 3] ^= 0x40;
    db.prepare('INSERT INTO ledger_entries (idx, entry, chain) VALUES (?, ?, ?)').run(last.idx + 1, forged, Buffer.alloc(32));
  });
  assert.equal(r.status, 1, r.text);
  assert.equal(r.firstBadIndex, ENTRIES, r.text);
});

test('swapping two entries is reported at the first of them', async () => {
  const r = await tamper((db) => {
    db.prepare('UPDATE ledger_entries SET idx = -1 WHERE idx = 21').run();
    db.prepare('UPDATE ledger_entries SET idx = 21 WHERE idx = 22').run();
    db.prepare('UPDATE ledger_entries SET idx = 22 WHERE idx = -1').run();
  });
  assert.equal(r.status, 1, r.text);
  assert.equal(r.firstBadIndex, 21, r.text);
});

test('swapping two entries together with their chain values is still reported at the first of them', async () => {
  const r = await tamper((db) => {
    const a = db.prepare<[], { entry: Buffer; chain: Buffer }>('SELECT entry, chain FROM ledger_entries WHERE idx = 30').get()!;
    const b = db.prepare<[], { entry: Buffer; chain: Buffer }>('SELECT entry, chain FROM ledger_entries WHERE idx = 31').get()!;
    const update = db.prepare('UPDATE ledger_entries SET entry = ?, chain = ? WHERE idx = ?');
    update.run(b.entry, b.chain, 30);
    update.run(a.entry, a.chain, 31);
  });
  assert.equal(r.status, 1, r.text);
  assert.equal(r.firstBadIndex, 30, r.text);
});

test('a stored tree node or subject row edited alone is reported', async () => {
  const node = await tamper((db) => db.prepare('UPDATE ledger_nodes SET hash = zeroblob(32) WHERE pos = (SELECT MIN(pos) FROM ledger_nodes)').run());
  assert.equal(node.status, 1, node.text);
  assert.equal(node.firstBadIndex, 0, node.text);
  const subject = await tamper((db) => db.prepare('DELETE FROM ledger_subjects WHERE idx = 8').run());
  assert.equal(subject.status, 1, subject.text);
  assert.equal(subject.firstBadIndex, 8, subject.text);
});

test('a forged or deleted checkpoint is reported', async () => {
  const forged = await tamper((db) => db.prepare("UPDATE ledger_checkpoints SET note = replace(note, '\n20\n', '\n21\n') WHERE size = 20").run());
  assert.equal(forged.status, 1, forged.text);
  assert.match(forged.text, /checkpoint/i);
  // Deleting every checkpoint row and the newest entries: the signed-head file still remembers the promise.
  const erased = await tamper((db) => {
    db.prepare('DELETE FROM ledger_checkpoints').run();
    db.prepare(`DELETE FROM ledger_entries WHERE idx >= ${ENTRIES - 1}`).run();
  });
  assert.equal(erased.status, 1, erased.text);
  assert.equal(erased.firstBadIndex, ENTRIES - 1, erased.text);
});

test('the node refuses to sign a checkpoint over a tampered ledger', async () => {
  const home = tempHome('affix-tampered-');
  homes.push(home);
  cpSync(pristine, home, { recursive: true });
  const db = new Database(join(home, 'affix.db'));
  db.prepare(`DELETE FROM ledger_entries WHERE idx >= ${ENTRIES - 2}`).run();
  db.close();
  const r = await affix(['ledger', 'checkpoint', '--home', home]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /refuses to sign/);
  // Appending on top does not launder the removal either.
  const a = await affix(['ledger', 'append', '--home', home, '--type', 'seal.used', '--hash', digest(999)]);
  assert.equal(a.status, 0, a.stderr);
  const again = await affix(['ledger', 'checkpoint', '--home', home]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /refuses to sign/);
});
