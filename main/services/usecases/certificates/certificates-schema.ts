import type { ModuleSchema } from '../../core/store/migrations';

export const certificatesSchema: ModuleSchema = {
  module: 'certificates',
  migrations: [
    {
      version: 1,
      name: 'certificate templates, the register of issued certificates, status lists',
      up: (db) =>
        db.exec(`
          CREATE TABLE cert_templates (
            name TEXT PRIMARY KEY,
            pdf_sha256 TEXT NOT NULL,
            field_map TEXT NOT NULL,
            source TEXT NOT NULL,
            created_at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE cert_status_lists (
            seal_id TEXT PRIMARY KEY,
            uri TEXT NOT NULL UNIQUE,
            kid TEXT NOT NULL,
            next_index INTEGER NOT NULL
          ) STRICT;
          CREATE TABLE cert_register (
            number TEXT PRIMARY KEY,
            template TEXT NOT NULL,
            type TEXT NOT NULL,
            seal_id TEXT NOT NULL,
            person_id TEXT NOT NULL,
            status_uri TEXT NOT NULL,
            status_index INTEGER NOT NULL,
            holder TEXT NOT NULL,
            holder_id TEXT,
            issued_at TEXT NOT NULL,
            valid_from TEXT,
            valid_until TEXT,
            sha256 TEXT NOT NULL,
            output_path TEXT NOT NULL,
            qr TEXT NOT NULL,
            salt TEXT NOT NULL,
            ledger_index INTEGER,
            revoked_at TEXT,
            revoke_reason TEXT,
            revoke_ledger_index INTEGER,
            UNIQUE (status_uri, status_index)
          ) STRICT;
          CREATE TABLE cert_status_published (
            id INTEGER PRIMARY KEY,
            seal_id TEXT NOT NULL,
            uri TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            revoked INTEGER NOT NULL,
            ledger_index INTEGER
          ) STRICT;
        `),
    },
  ],
};
