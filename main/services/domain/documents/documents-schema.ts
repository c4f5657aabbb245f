import type { ModuleSchema } from '../../core/store/migrations';

/**
 * Remembers each version's own ledger entry (document.anchored or
 * document.versioned), so the document list can say whether a checkpoint
 * covers it without searching the ledger once per document. Rows written
 * before this column existed are found through the ledger once and filled in.
 */
export const documentsSchema: ModuleSchema = {
  module: 'documents',
  migrations: [
    {
      version: 1,
      name: "each version's ledger entry",
      up: (db) => db.exec('ALTER TABLE document_versions ADD COLUMN ledger_index INTEGER'),
    },
  ],
};
