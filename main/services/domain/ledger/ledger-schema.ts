import type { ModuleSchema } from '../../core/store/migrations';

/**
 * The ledger's tables. Entries and the tree only ever grow: rows are inserted,
 * never updated or deleted, so a crash leaves a prefix of what was appended.
 *
 * - ledger_entries: the canonical entry bytes (shared/ledger/entry.ts) plus a
 *   hash chain SHA-256(previous chain ‖ leaf hash) that lets the audit name the
 *   exact first edited, deleted, inserted or reordered row.
 * - ledger_nodes: hashes of the perfect subtrees at even levels ≥ 2, keyed by
 *   their post-order position (tree-positions.ts), which is also the order in
 *   which appends complete them, so inserts always go to the end of the B-tree.
 *   Level 0 is hashed from the entry, odd levels from their two children.
 * - ledger_subjects: lookup of entries by subject (first 4 digest bytes; the
 *   full digest is checked against the entry itself), keyed by
 *   (bucket, key, idx): bucket = ⌊idx / 2^14⌋ (subjectBucket in tree-store.ts):
 *   a batch's random keys then land in the few pages of the newest bucket
 *   instead of all over an index that grows with the log, which is what every
 *   commit has to write; a lookup seeks once per bucket.
 * - ledger_checkpoints: every checkpoint the node signed, as issued.
 * - ledger_node: the node's identity (origin and public key).
 */
export const ledgerSchema: ModuleSchema = {
  module: 'ledger',
  migrations: [
    {
      version: 1,
      name: 'entries, tree nodes, subject index, checkpoints, node identity',
      up: (db) =>
        db.exec(`
          CREATE TABLE ledger_entries (
            idx INTEGER PRIMARY KEY,
            entry BLOB NOT NULL,
            chain BLOB NOT NULL
          ) STRICT;
          CREATE TABLE ledger_nodes (
            pos INTEGER PRIMARY KEY,
            hash BLOB NOT NULL
          ) STRICT;
          CREATE TABLE ledger_subjects (
            bucket INTEGER NOT NULL,
            key INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            PRIMARY KEY (bucket, key, idx)
          ) STRICT, WITHOUT ROWID;
          CREATE TABLE ledger_checkpoints (
            size INTEGER PRIMARY KEY,
            root BLOB NOT NULL,
            note TEXT NOT NULL,
            signed_at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE ledger_node (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            origin TEXT NOT NULL,
            public_key BLOB NOT NULL,
            created_at TEXT NOT NULL
          ) STRICT;
        `),
    },
  ],
};
