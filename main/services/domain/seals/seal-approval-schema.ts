import type { ModuleSchema } from '../../core/store/migrations';

/**
 * Seal-use approval (issue #18): a seal may need k of n named approvers to
 * confirm each use. A request names the seal, the person using it and the
 * digest of the document version to be sealed; each approval is the
 * approver's ECDSA signature (their own key, opened by their PIN) over the
 * request; a use consumes one fully approved request.
 */
export const sealApprovalSchema: ModuleSchema = {
  module: 'seal-approval',
  migrations: [
    {
      version: 1,
      name: 'seal approval rules, use requests and approvals',
      up: (db) =>
        db.exec(`
          CREATE TABLE seal_approval_rules (
            seal_id TEXT PRIMARY KEY REFERENCES seals(id),
            approvers TEXT NOT NULL,
            k INTEGER NOT NULL,
            set_at TEXT NOT NULL,
            ledger_index INTEGER NOT NULL
          ) STRICT;
          CREATE TABLE seal_use_requests (
            id TEXT PRIMARY KEY,
            seal_id TEXT NOT NULL REFERENCES seals(id),
            person_id TEXT NOT NULL,
            document_sha256 TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            ledger_index INTEGER NOT NULL,
            used_at TEXT,
            used_ledger_index INTEGER
          ) STRICT;
          CREATE INDEX seal_use_requests_seal ON seal_use_requests(seal_id, person_id, document_sha256);
          CREATE TABLE seal_use_approvals (
            request_id TEXT NOT NULL REFERENCES seal_use_requests(id),
            approver_id TEXT NOT NULL,
            cert_serial TEXT NOT NULL,
            signature TEXT NOT NULL,
            approved_at TEXT NOT NULL,
            ledger_index INTEGER NOT NULL,
            PRIMARY KEY (request_id, approver_id)
          ) STRICT;
        `),
    },
  ],
};
