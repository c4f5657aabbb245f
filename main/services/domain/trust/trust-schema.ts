import type { ModuleSchema } from '../../core/store/migrations';

/** CA certificates the user chose to trust besides the organisations' own roots (DER, keyed by SHA-256). */
export const trustSchema: ModuleSchema = {
  module: 'trust',
  migrations: [
    {
      version: 1,
      name: 'imported trust anchors',
      up: (db) => db.exec('CREATE TABLE trust_anchors (sha256 TEXT PRIMARY KEY, der BLOB NOT NULL, imported_at TEXT NOT NULL) STRICT;'),
    },
  ],
};
