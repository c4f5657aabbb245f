/**
 * A document's history as the ledger tells it: every entry naming one of its
 * versions (imports, new versions, signatures, seal uses, exports), oldest
 * first. Read from the ledger, not the documents table, so it shows exactly
 * what a proof package would prove.
 */
import type { TimelineEvent } from '../../../../shared/contract/documents';
import type { AnchoredEntry, AuditTrail } from '../../../../shared/ledger/entry-types';

export function documentTimeline(versionDigests: readonly string[], ledger: AuditTrail, checkpointSize: number | null): TimelineEvent[] {
  const versions = new Set(versionDigests);
  const byIndex = new Map<number, AnchoredEntry>();
  for (const digest of versions) for (const e of ledger.findBySubject(digest)) byIndex.set(e.index, e);
  return [...byIndex.values()]
    .sort((a, b) => a.index - b.index)
    .map(({ index, entry }) => ({
      ledgerIndex: index,
      time: entry.time,
      type: entry.type,
      sha256: entry.subjects.find((s) => versions.has(s)) ?? null,
      refs: { ...entry.refs },
      actorKeyId: entry.actorKeyId,
      checkpointed: checkpointSize !== null && index < checkpointSize,
    }));
}
