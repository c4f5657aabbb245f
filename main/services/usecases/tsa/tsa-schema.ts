import type { ModuleSchema } from '../../core/store/migrations';

/**
 * Time-stamping authorities this workspace runs, and every token each issued
 * (serial unique per TSA; the token itself is not kept, only its digest and
 * the ledger entry that anchors it); and RFC 3161 tokens over this node's
 * own ledger checkpoints.
 */
export const tsaSchema: ModuleSchema = {
  module: 'tsa',
  migrations: [
    {
      version: 1,
      name: 'time-stamping authorities and issued tokens',
      up: (db) =>
        db.exec(`
          CREATE TABLE tsa_authorities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            org_id TEXT NOT NULL REFERENCES orgs(id),
            cert_serial TEXT NOT NULL,
            cert_der BLOB NOT NULL,
            issuer_serial TEXT NOT NULL,
            key_id TEXT NOT NULL,
            key_secret BLOB NOT NULL,
            policy TEXT NOT NULL,
            created_at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE tsa_tokens (
            authority_id TEXT NOT NULL REFERENCES tsa_authorities(id),
            serial TEXT NOT NULL,
            token_sha256 TEXT NOT NULL,
            gen_time TEXT NOT NULL,
            ledger_index INTEGER NOT NULL,
            PRIMARY KEY (authority_id, serial)
          ) STRICT;
          CREATE TABLE checkpoint_timestamps (
            size INTEGER PRIMARY KEY,
            note TEXT NOT NULL,
            token BLOB NOT NULL,
            gen_time TEXT NOT NULL,
            tsa_url TEXT NOT NULL
          ) STRICT;
        `),
    },
  ],
};
