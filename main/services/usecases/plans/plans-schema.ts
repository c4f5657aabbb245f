import type { ModuleSchema } from '../../core/store/migrations';

/**
 * One signing order per document. The steps (what the author planned plus
 * each step's state) are one JSON array: they are always read and written
 * whole, inside one transaction.
 */
export const plansSchema: ModuleSchema = {
  module: 'plans',
  migrations: [
    {
      version: 1,
      name: 'signing orders',
      up: (db) =>
        db.exec(`
          CREATE TABLE signing_plans (
            document_id TEXT PRIMARY KEY REFERENCES documents(id),
            certify INTEGER CHECK (certify IN (1, 2, 3)),
            base_sha256 TEXT NOT NULL,
            steps TEXT NOT NULL,
            created_at TEXT NOT NULL
          ) STRICT;
        `),
    },
  ],
};
