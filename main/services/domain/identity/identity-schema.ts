import type { ModuleSchema } from '../../core/store/migrations';

/**
 * Personal data lives only in `subject_data`, encrypted under the subject's
 * own key; `subject_keys` holds that key wrapped by the workspace master key.
 * Deleting a subject's key row (with secure_delete) shreds the data.
 */
export const identitySchema: ModuleSchema = {
  module: 'identity',
  migrations: [
    {
      version: 1,
      name: 'vault, persons and verification records',
      up: (db) =>
        db.exec(`
          CREATE TABLE vault_master (id INTEGER PRIMARY KEY CHECK (id = 1), sealed BLOB NOT NULL, created_at TEXT NOT NULL) STRICT;
          CREATE TABLE subject_keys (subject_id TEXT PRIMARY KEY, wrapped BLOB NOT NULL, created_at TEXT NOT NULL) STRICT;
          CREATE TABLE subject_data (
            subject_id TEXT NOT NULL,
            name TEXT NOT NULL,
            ciphertext BLOB NOT NULL,
            PRIMARY KEY (subject_id, name)
          ) STRICT;
          CREATE TABLE persons (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, erased_at TEXT) STRICT;
          CREATE TABLE verifications (
            id TEXT PRIMARY KEY,
            person_id TEXT NOT NULL REFERENCES persons(id),
            record TEXT NOT NULL,
            record_sha256 TEXT NOT NULL,
            ial TEXT NOT NULL,
            verified_at TEXT NOT NULL,
            ledger_index INTEGER NOT NULL
          ) STRICT;
          CREATE INDEX verifications_person ON verifications(person_id);
        `),
    },
    {
      version: 2,
      name: 'masked display name and document tail of each person',
      // Shown in pickers without the passphrase; cleared when the person is erased.
      up: (db) => db.exec('ALTER TABLE persons ADD COLUMN display TEXT'),
    },
  ],
};
