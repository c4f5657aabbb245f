import type { ModuleSchema } from '../../core/store/migrations';

/**
 * Consortium witnessing (c2sp.org/tlog-witness), both roles in one module.
 *
 * The witness role (a court, notary office or CA witnessing other parties' logs):
 * - witness_logs: each log it witnesses (origin, pinned log key) and the newest
 *   checkpoint it cosigned (size, root, note). Checked and updated in one
 *   IMMEDIATE transaction per batch, committed (synchronous=FULL) before any
 *   cosignature leaves the process, as the spec requires.
 * - witness_history: every (origin, size, root) it ever cosigned, so a second
 *   root for a size it vouched for is caught however the request is phrased.
 * - witness_refusals: validly log-signed checkpoints it refused as inconsistent
 *   (a fork or a rebuilt log), kept verbatim as evidence of equivocation.
 *
 * The log role (this workspace's ledger node asking others to witness it):
 * - log_witness_policy: the C2SP tlog-policy text set for the workspace.
 * - log_cosignatures: cosignature lines received per checkpoint size.
 * - log_witness_state: per witness key, the newest size it cosigned for us
 *   (the "old" size of the next request).
 */
export const witnessSchema: ModuleSchema = {
  module: 'witness',
  migrations: [
    {
      version: 1,
      name: 'witness role (logs, history, refusals) and log side (policy, cosignatures, state)',
      up: (db) =>
        db.exec(`
          CREATE TABLE witness_logs (
            origin TEXT PRIMARY KEY,
            log_key TEXT NOT NULL,
            size INTEGER NOT NULL,
            root BLOB,
            note TEXT,
            added_at TEXT NOT NULL,
            updated_at TEXT
          ) STRICT;
          CREATE TABLE witness_history (
            origin TEXT NOT NULL,
            size INTEGER NOT NULL,
            root BLOB NOT NULL,
            cosigned_at TEXT NOT NULL,
            PRIMARY KEY (origin, size)
          ) STRICT, WITHOUT ROWID;
          CREATE TABLE witness_refusals (
            id INTEGER PRIMARY KEY,
            origin TEXT NOT NULL,
            status INTEGER NOT NULL,
            reason TEXT NOT NULL,
            size INTEGER NOT NULL,
            equivocation INTEGER NOT NULL,
            note TEXT NOT NULL,
            at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE log_witness_policy (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            policy TEXT NOT NULL,
            set_at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE log_cosignatures (
            size INTEGER NOT NULL,
            witness_key TEXT NOT NULL,
            line TEXT NOT NULL,
            timestamp INTEGER NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (size, witness_key)
          ) STRICT;
          CREATE TABLE log_witness_state (
            witness_key TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            updated_at TEXT NOT NULL
          ) STRICT;
        `),
    },
    {
      version: 2,
      name: 'refusals keep what kind of refusal they were (words in any language)',
      up: (db) => db.exec('ALTER TABLE witness_refusals ADD COLUMN kind TEXT'),
    },
  ],
};
