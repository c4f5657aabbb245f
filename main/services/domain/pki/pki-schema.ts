import type { ModuleSchema } from '../../core/store/migrations';

/**
 * Organisations, their keys, every certificate issued and every CRL.
 * A person's certificate names them, so its DER lives in the identity vault
 * (`der` is NULL here) and disappears when the person is erased.
 */
export const pkiSchema: ModuleSchema = {
  module: 'pki',
  migrations: [
    {
      version: 1,
      name: 'organisations, keys, certificates and CRLs',
      up: (db) =>
        db.exec(`
          CREATE TABLE orgs (
            id TEXT PRIMARY KEY,
            legal_name TEXT NOT NULL,
            uscc TEXT NOT NULL UNIQUE,
            representatives TEXT NOT NULL,
            record_sha256 TEXT NOT NULL,
            created_at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE pki_keys (
            id TEXT PRIMARY KEY,
            org_id TEXT NOT NULL REFERENCES orgs(id),
            purpose TEXT NOT NULL CHECK (purpose IN ('root-ca', 'issuing-ca', 'seal-maker', 'person', 'seal')),
            owner_id TEXT,
            spki_sha256 TEXT NOT NULL,
            protection TEXT NOT NULL CHECK (protection IN ('passphrase', 'master-key', 'subject-vault')),
            secret BLOB,
            created_at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE certificates (
            serial TEXT PRIMARY KEY,
            org_id TEXT NOT NULL REFERENCES orgs(id),
            issuer_serial TEXT NOT NULL,
            purpose TEXT NOT NULL,
            owner_id TEXT,
            key_id TEXT NOT NULL REFERENCES pki_keys(id),
            sha256 TEXT NOT NULL UNIQUE,
            der BLOB,
            not_before TEXT NOT NULL,
            not_after TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            revoked_at TEXT,
            revocation_reason TEXT
          ) STRICT;
          CREATE INDEX certificates_owner ON certificates(owner_id);
          CREATE TABLE crls (
            org_id TEXT NOT NULL REFERENCES orgs(id),
            number INTEGER NOT NULL,
            issuer_serial TEXT NOT NULL,
            der BLOB NOT NULL,
            sha256 TEXT NOT NULL,
            this_update TEXT NOT NULL,
            next_update TEXT NOT NULL,
            PRIMARY KEY (org_id, number)
          ) STRICT;
        `),
    },
  ],
};
