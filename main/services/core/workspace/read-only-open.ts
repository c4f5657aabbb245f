/**
 * A full disk must not lock a user out of their own workspace: when opening
 * it for writing fails for lack of space (SQLite needs room for its WAL and
 * shared-memory files, and opening records a little), it is opened read-only
 * instead, so status, verification and audits still work, and any command
 * that writes fails cleanly with "No space left on device while …".
 */
import Database from 'better-sqlite3';
import type { Db } from '../store/database';

export function openReadOnly(path: string): { db: Db; schema: Record<string, number> } {
  const nativeBinding = process.env.AFFIX_SQLITE_BINDING || undefined;
  const db = new Database(path, { readonly: true, fileMustExist: true, nativeBinding });
  // Set before the first access, exclusive locking keeps SQLite's WAL index in memory, so it
  // never needs to create or grow the -shm file, which a full disk cannot hold
  // (sqlite.org/wal.html#noshm). The lock lasts only as long as this command.
  db.pragma('locking_mode = EXCLUSIVE');
  db.pragma('foreign_keys = ON');
  const rows = db.prepare<[], { module: string; v: number }>('SELECT module, MAX(version) AS v FROM schema_migrations GROUP BY module').all();
  return { db, schema: Object.fromEntries(rows.map((r) => [r.module, r.v])) };
}
