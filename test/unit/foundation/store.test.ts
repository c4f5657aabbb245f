import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeChunksAtomic, writeFileAtomic } from '../../../main/services/core/fs/atomic-write';
import { openWithPassphrase, sealWithPassphrase } from '../../../main/services/core/secrets/passphrase-box';
import { openDatabase } from '../../../main/services/core/store/database';
import { GroupCommit } from '../../../main/services/core/store/group-commit';
import { migrate } from '../../../main/services/core/store/migrations';

const dir = () => mkdtempSync(join(tmpdir(), 'affix-store-'));

test('database opens with WAL, synchronous=FULL and foreign keys on', () => {
  const db = openDatabase(join(dir(), 'x.db'));
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(db.pragma('synchronous', { simple: true }), 2);
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  db.close();
});

test('migrations apply per module, once, in order; a failing one rolls back', () => {
  const db = openDatabase(join(dir(), 'm.db'));
  const a = { module: 'a', migrations: [{ version: 1, name: 't', up: (d: typeof db) => d.exec('CREATE TABLE t (x)') }] };
  assert.deepEqual(migrate(db, [a]), { a: 1 });
  assert.deepEqual(migrate(db, [a]), { a: 1 }, 'second run is a no-op');
  const a2 = {
    module: 'a',
    migrations: [
      ...a.migrations,
      {
        version: 2,
        name: 'bad',
        up: (d: typeof db) => {
          d.exec('CREATE TABLE u (y)');
          throw new Error('boom');
        },
      },
    ],
  };
  assert.throws(() => migrate(db, [a2]), /boom/);
  assert.equal(db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'u'").get()?.n, 0, 'the failed migration left nothing');
  assert.throws(() => migrate(db, [{ module: 'b', migrations: [{ version: 2, name: 'gap', up: () => {} }] }]), /without gaps/);
  db.close();
});

test('atomic writes replace whole files and leave nothing behind on failure', () => {
  const d = dir();
  const target = join(d, 'out.pdf');
  writeFileAtomic(target, 'first');
  writeChunksAtomic(target, [Buffer.from('sec'), Buffer.from('ond')]);
  assert.equal(readFileSync(target, 'utf8'), 'second');
  assert.throws(() => writeFileAtomic(join(d, 'missing-dir', 'x'), 'y'));
  assert.deepEqual(readdirSync(d), ['out.pdf'], 'no temp files left');
  assert.equal(existsSync(join(d, 'missing-dir')), false);
});

test('passphrase box round-trips and refuses a wrong passphrase or a tampered header', () => {
  const sealed = sealWithPassphrase(Buffer.from('secret key'), 'correct horse', { logN: 10, r: 8, p: 1 });
  assert.equal(openWithPassphrase(sealed, 'correct horse').toString(), 'secret key');
  assert.throws(
    () => openWithPassphrase(sealed, 'wrong'),
    (e: { code?: string }) => e.code === 'BAD_SECRET',
  );
  const downgraded = Buffer.from(sealed);
  downgraded[5] = 11; // logN changed: the header is authenticated
  assert.throws(
    () => openWithPassphrase(downgraded, 'correct horse'),
    (e: { code?: string }) => e.code === 'BAD_SECRET',
  );
  assert.throws(
    () => openWithPassphrase(Buffer.from('junk'), 'x'),
    (e: { code?: string }) => e.code === 'BAD_INPUT',
  );
});

test('group commit: commits in one transaction, keeps the synchronous level, rolls back what throws', async () => {
  const db = openDatabase(join(dir(), 'g.db'));
  db.exec('CREATE TABLE t (x INTEGER)');
  const commits = new GroupCommit(db);
  const count = () => db.prepare('SELECT COUNT(*) FROM t').pluck().get();
  // FULL (the servers' set-up): committed with the fsync moved off the thread, then FULL again.
  const done = commits.commit(() => db.prepare('INSERT INTO t VALUES (1), (2)').run().changes);
  assert.equal(db.pragma('synchronous', { simple: true }), 2);
  assert.equal(await done, 2);
  // EXTRA is restored as EXTRA, NORMAL commits as configured.
  for (const level of [3, 1]) {
    db.pragma(`synchronous = ${level}`);
    assert.equal(await commits.commit(() => db.prepare('INSERT INTO t VALUES (3)').run().changes), 1);
    assert.equal(db.pragma('synchronous', { simple: true }), level);
  }
  db.pragma('synchronous = FULL');
  await assert.rejects(
    commits.commit(() => {
      db.prepare('INSERT INTO t VALUES (4)').run();
      throw new Error('refused');
    }),
    /refused/,
  );
  assert.equal(count(), 4, 'the throwing batch left nothing behind');
  assert.equal(db.inTransaction, false);
  assert.equal(db.pragma('synchronous', { simple: true }), 2);
  commits.close();
  db.close();
});
