/**
 * Versioned migrations, kept per module so that each service owns its schema
 * (the ledger's tables evolve without touching the identity tables). A module's
 * migrations are applied in order, each in its own transaction, and recorded in
 * `schema_migrations`. Migrations are append-only: never edit a shipped one.
 */
import type { Db } from './database';

export interface Migration {
  version: number;
  name: string;
  up: (db: Db) => void;
}

export interface ModuleSchema {
  module: string;
  migrations: readonly Migration[];
}

export function migrate(db: Db, schemas: readonly ModuleSchema[]): Record<string, number> {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL,
    PRIMARY KEY (module, version)) STRICT`);
  const current = db.prepare<[string], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations WHERE module = ?');
  const record = db.prepare('INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)');
  const applied: Record<string, number> = {};
  for (const { module, migrations } of schemas) {
    let version = current.get(module)?.v ?? 0;
    const sorted = [...migrations].sort((a, b) => a.version - b.version);
    sorted.forEach((m, i) => {
      if (m.version !== i + 1) throw new Error(`${module}: migrations must be numbered 1..n without gaps`);
    });
    for (const m of sorted) {
      if (m.version <= version) continue;
      db.transaction(() => {
        m.up(db);
        record.run(module, m.version, m.name, new Date().toISOString());
      })();
      version = m.version;
    }
    applied[module] = version;
  }
  return applied;
}
