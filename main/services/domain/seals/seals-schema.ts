import type { ModuleSchema } from '../../core/store/migrations';

export const sealsSchema: ModuleSchema = {
  module: 'seals',
  migrations: [
    {
      version: 1,
      name: 'seals and their authorised users',
      up: (db) =>
        db.exec(`
          CREATE TABLE seals (
            id TEXT PRIMARY KEY,
            org_id TEXT NOT NULL REFERENCES orgs(id),
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            valid_from TEXT NOT NULL,
            valid_until TEXT NOT NULL,
            cert_serial TEXT NOT NULL REFERENCES certificates(serial),
            record TEXT NOT NULL,
            record_sha256 TEXT NOT NULL,
            maker_signature BLOB NOT NULL,
            maker_cert_serial TEXT NOT NULL,
            created_at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE seal_authorizations (
            seal_id TEXT NOT NULL REFERENCES seals(id),
            person_id TEXT NOT NULL,
            granted_at TEXT NOT NULL,
            revoked_at TEXT,
            PRIMARY KEY (seal_id, person_id)
          ) STRICT;
        `),
    },
  ],
};
