import type { ModuleSchema } from '../../core/store/migrations';

/**
 * Signing envelopes this workspace exported or imported: one row per
 * envelope (its document here, the last sequence seen, so an older envelope
 * replayed after a newer one is refused, and its status), and the members
 * that travel on unchanged — the initiator's signed order, the parties' roots
 * and the other parties' evidence — to send on with the next export.
 */
export const envelopeSchema: ModuleSchema = {
  module: 'envelopes',
  migrations: [
    {
      version: 1,
      name: 'signing envelopes',
      up: (db) =>
        db.exec(`
          CREATE TABLE envelopes (
            envelope_id TEXT PRIMARY KEY,
            document_id TEXT NOT NULL UNIQUE REFERENCES documents(id),
            org_id TEXT NOT NULL,
            order_json TEXT NOT NULL,
            last_sequence INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('open', 'declined', 'voided')),
            reason TEXT,
            history TEXT NOT NULL,
            updated_at TEXT NOT NULL
          ) STRICT;
          CREATE TABLE envelope_members (
            envelope_id TEXT NOT NULL REFERENCES envelopes(envelope_id),
            path TEXT NOT NULL,
            bytes BLOB NOT NULL,
            PRIMARY KEY (envelope_id, path)
          ) STRICT;
        `),
    },
  ],
};
