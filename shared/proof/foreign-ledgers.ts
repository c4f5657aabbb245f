/**
 * The other parties' ledgers in a proof package (signing envelopes): each
 * event's tlog-proof is checked against that party's ledger key, and the
 * checkpoint it leads to must be one this node verified and anchored on its
 * own, proven ledger as a foreign.checkpoint naming that party and that root
 * hash. So a party's events are believed because this node's signed log
 * says it checked that party's signed checkpoint — and one altered event of
 * theirs no longer matches its proof.
 */
import { message, type Message } from '../i18n';
import { toHex } from '../ledger/bytes';
import type { LedgerEntry } from '../ledger/entry';
import { parseVerifierKey } from '../ledger/note';
import { verifyTlogProof } from '../ledger/tlog-proof';
import type { Evidence } from './evidence';

export interface ForeignFindings {
  facts: Message[];
  failures: Message[];
  /** Proven entries by party USCC, then ledger index. */
  entries: Map<string, Map<number, LedgerEntry>>;
}

export async function checkForeignLedgers(evidence: Evidence, own: Map<number, LedgerEntry>): Promise<ForeignFindings> {
  const out: ForeignFindings = { facts: [], failures: [], entries: new Map() };
  const vouched = [...own.values()].filter((e) => e.type === 'foreign.checkpoint');
  for (const ledger of evidence.foreign ?? []) {
    const entries = new Map<number, LedgerEntry>();
    out.entries.set(ledger.uscc, entries);
    let key;
    try {
      key = parseVerifierKey(ledger.ledgerKey.trim());
    } catch (error) {
      out.failures.push(
        message('proofCheck.msg.foreignKey', { name: ledger.name, uscc: ledger.uscc, detail: error instanceof Error ? error.message : String(error) }),
      );
      continue;
    }
    for (const e of ledger.events) {
      const where = { name: ledger.name, uscc: ledger.uscc, type: e.type, index: e.index };
      let v;
      try {
        v = await verifyTlogProof(e.proof, { logKey: key });
      } catch (error) {
        out.failures.push(message('proofCheck.msg.foreignProofMalformed', { ...where, detail: error instanceof Error ? error.message : String(error) }));
        continue;
      }
      if (!v.ok) {
        out.failures.push(message('proofCheck.msg.foreignProofFails', { ...where, detail: v.reason }));
        continue;
      }
      const x = v.entry;
      const same =
        x !== null &&
        v.index === e.index &&
        v.leafHash === e.leafHash &&
        x.type === e.type &&
        x.time === e.time &&
        x.actorKeyId === e.actorKeyId &&
        JSON.stringify(x.subjects) === JSON.stringify(e.subjects) &&
        JSON.stringify(x.commitments) === JSON.stringify(e.commitments) &&
        JSON.stringify(x.refs) === JSON.stringify(e.refs);
      if (!same) {
        out.failures.push(message('proofCheck.msg.foreignMismatch', where));
        continue;
      }
      const root = toHex(v.checkpoint.rootHash);
      if (!vouched.some((f) => f.refs.uscc === ledger.uscc && f.subjects[0] === root)) {
        out.failures.push(message('proofCheck.msg.foreignUnvouched', { ...where, size: v.checkpoint.size, root: `${root.slice(0, 16)}…` }));
        continue;
      }
      entries.set(e.index, x!);
    }
    if (entries.size === ledger.events.length)
      out.facts.push(message('proofCheck.msg.foreignProven', { name: ledger.name, uscc: ledger.uscc, n: entries.size, ledger: key.name }));
  }
  return out;
}
