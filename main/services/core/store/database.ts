/**
 * Opens the workspace database. better-sqlite3 is a native module, and the
 * tests run it under Node 20 while the app runs it under Electron's own Node
 * (a different ABI). The Node build lives where npm put it; the Electron build
 * is produced by `electron-builder install-app-deps` into the packaged app, and
 * `AFFIX_SQLITE_BINDING` (set by main/electron before any service starts) can
 * point at a specific `better_sqlite3.node`. Neither build replaces the other.
 */
import Database from 'better-sqlite3';

export type Db = Database.Database;

export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  const nativeBinding = process.env.AFFIX_SQLITE_BINDING || undefined;
  const db = new Database(path, { readonly: options.readonly ?? false, nativeBinding });
  try {
    configure(db, options);
  } catch (error) {
    // A failed set-up (e.g. no room for the WAL files) must not leave a connection holding locks.
    db.close();
    throw error;
  }
  return db;
}

function configure(db: Db, options: { readonly?: boolean }): void {
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // FULL: an acknowledged ledger append survives power loss, not just a process crash.
    db.pragma('synchronous = FULL');
    // Checkpoint the WAL every ~40 MiB rather than ~4 MiB: a page rewritten by several commits
    // (index pages of large ledger batches) is copied back once. Durability is unchanged: each
    // commit still fsyncs its WAL frames.
    db.pragma('wal_autocheckpoint = 10000');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}
