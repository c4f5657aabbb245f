/**
 * A checkpoint note with the witness cosignatures the workspace received for
 * it (log_cosignatures), so every tlog-proof and export the node hands out
 * carries them: the proof can then be checked against a witness policy
 * offline, without asking the log (c2sp.org/tlog-proof, "possibly with
 * witness cosignatures").
 */
import { parseNote } from '../../../../shared/ledger/note';
import { addSignatures } from '../../../../shared/ledger/tlog-witness';
import type { Db } from '../../core/store/database';

export function cosignedNote(db: Db, size: number, note: string): string {
  const lines = db.prepare<[number], string>('SELECT line FROM log_cosignatures WHERE size = ? ORDER BY witness_key').pluck().all(size);
  if (lines.length === 0) return note;
  return addSignatures(note, parseNote(`x\n\n${lines.join('')}`).signatures);
}
