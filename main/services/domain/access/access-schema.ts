import type { ModuleSchema } from '../../core/store/migrations';

/**
 * Accountable access to personal data: the custodians whose approval a
 * reveal, disclosure or erasure needs (k of n), and one row per access or
 * refused attempt, each pointing at its ledger entry. No personal data here:
 * person ids, field names, the stated reason and the approvers' signatures.
 */
export const accessSchema: ModuleSchema = {
  module: 'access',
  migrations: [
    {
      version: 1,
      name: 'custodians and the access log',
      up: (db) =>
        db.exec(`
          CREATE TABLE access_policy (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            custodians TEXT NOT NULL,
            k INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            ledger_index INTEGER NOT NULL
          ) STRICT;
          CREATE TABLE access_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('granted', 'refused')),
            actor TEXT NOT NULL,
            person_id TEXT NOT NULL,
            fields TEXT NOT NULL,
            reason TEXT NOT NULL,
            approvers TEXT NOT NULL,
            detail TEXT,
            ledger_index INTEGER NOT NULL
          ) STRICT;
          CREATE INDEX access_log_person ON access_log(person_id);
        `),
    },
  ],
};
