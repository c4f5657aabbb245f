/**
 * An open workspace: its folder, its SQLite database (migrated on open) and its
 * blob store. Every service receives one of these; nothing else opens the
 * database file.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AffixError } from '../../../../shared/errors/affix-error';
import { BlobStore } from '../store/blobs';
import { openDatabase, type Db } from '../store/database';
import { migrate, type ModuleSchema } from '../store/migrations';
import { preparePrivateFolder } from './private-folder';
import { openReadOnly } from './read-only-open';
import { isDiskFull } from '../fs/fs-errors';

export const DATABASE_FILE = 'affix.db';

export class Workspace {
  private constructor(
    readonly home: string,
    readonly db: Db,
    readonly blobs: BlobStore,
    readonly schema: Record<string, number>,
  ) {}

  get databasePath(): string {
    return join(this.home, DATABASE_FILE);
  }

  static exists(home: string): boolean {
    return existsSync(join(home, DATABASE_FILE));
  }

  /**
   * Opens an existing workspace; `create: true` initialises a new one if none is there.
   * `schemas`: every module's schema in migration order (composition/schema-registry.ts),
   * passed in so the core knows no module above it.
   */
  static open(home: string, options: { create?: boolean; schemas: readonly ModuleSchema[] }): Workspace {
    if (!Workspace.exists(home) && !options.create) {
      throw new AffixError('NOT_INITIALISED', `No Affix workspace at ${home}. Run "affix init --home ${home}" first.`);
    }
    preparePrivateFolder(home, join(home, DATABASE_FILE));
    let db: Db;
    try {
      db = openDatabase(join(home, DATABASE_FILE));
    } catch (error) {
      if (!isDiskFull(error, home) || options.create) throw error;
      const ro = openReadOnly(join(home, DATABASE_FILE));
      return new Workspace(home, ro.db, new BlobStore(join(home, 'blobs')), ro.schema);
    }
    try {
      const schema = migrate(db, options.schemas);
      db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('workspace_id', ?), ('created_at', ?)").run(randomUUID(), new Date().toISOString());
      return new Workspace(home, db, new BlobStore(join(home, 'blobs')), schema);
    } catch (error) {
      db.close();
      if (!isDiskFull(error, home) || options.create) throw error;
      const ro = openReadOnly(join(home, DATABASE_FILE));
      return new Workspace(home, ro.db, new BlobStore(join(home, 'blobs')), ro.schema);
    }
  }

  meta(key: string): string | null {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
