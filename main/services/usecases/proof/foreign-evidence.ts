/**
 * The other parties' ledgers for a document that travelled in a signing
 * envelope: the tlog-proofs each party sent (kept by envelope import, which
 * verified them and anchored their checkpoints as foreign.checkpoint), read
 * back as evidence.json's `foreign` ledgers. Their events are re-verified by
 * the package verifier; here they are only decoded.
 */
import type { Db } from '../../core/store/database';
import type { ForeignLedger, LedgerEvent } from '../../../../shared/proof/evidence';
import { parseVerifierKey } from '../../../../shared/ledger/note';
import { verifyTlogProof } from '../../../../shared/ledger/tlog-proof';

export async function foreignLedgersOf(db: Db, documentId: string): Promise<ForeignLedger[]> {
  const hasTable = db.prepare<[], number>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'envelope_members'").pluck().get();
  if (!hasTable) return [];
  const envelope = db
    .prepare<[string], { envelope_id: string; order_json: string }>('SELECT envelope_id, order_json FROM envelopes WHERE document_id = ?')
    .get(documentId);
  if (!envelope) return [];
  const parties = (JSON.parse(envelope.order_json) as { parties: { uscc: string; name: string }[] }).parties;
  const rows = db
    .prepare<[string], { path: string; bytes: Buffer }>(
      "SELECT path, bytes FROM envelope_members WHERE envelope_id = ? AND path LIKE 'evidence/%' ORDER BY path",
    )
    .all(envelope.envelope_id);
  const out: ForeignLedger[] = [];
  for (const party of parties) {
    const prefix = `evidence/${party.uscc}/`;
    const vkey = rows.find((r) => r.path === `${prefix}ledger.vkey`);
    if (!vkey) continue;
    const ledgerKey = vkey.bytes.toString('utf8').trim();
    const logKey = parseVerifierKey(ledgerKey);
    const events: LedgerEvent[] = [];
    for (const r of rows.filter((x) => x.path.startsWith(prefix) && x.path.endsWith('.tlog'))) {
      const proof = r.bytes.toString('utf8');
      const v = await verifyTlogProof(proof, { logKey });
      if (!v.ok || !v.entry) continue;
      events.push({
        index: v.index,
        type: v.entry.type,
        time: v.entry.time,
        actorKeyId: v.entry.actorKeyId,
        subjects: v.entry.subjects,
        commitments: v.entry.commitments,
        refs: v.entry.refs,
        leafHash: v.leafHash,
        proof,
      });
    }
    out.push({ uscc: party.uscc, name: party.name, ledgerKey, events: events.sort((a, b) => a.index - b.index) });
  }
  return out;
}
