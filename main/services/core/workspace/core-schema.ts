import type { ModuleSchema } from '../store/migrations';

export const coreSchema: ModuleSchema = {
  module: 'core',
  migrations: [
    {
      version: 1,
      name: 'meta, documents and their versions',
      up: (db) =>
        db.exec(`
          CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
          CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            imported_at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE document_versions (
            document_id TEXT NOT NULL REFERENCES documents(id),
            seq INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            bytes INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (document_id, seq)
          ) STRICT;
          CREATE INDEX document_versions_sha ON document_versions(sha256);
        `),
    },
  ],
};
