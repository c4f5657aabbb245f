/**
 * The `checkpoint-time` check of a proof package: when did each event exist?
 * An event's time field is the node's own clock, a claim. A checkpoint
 * time-stamp proves it: an RFC 3161 token whose message imprint is the
 * SHA-256 of a checkpoint note the node key signed, over a tree that is a
 * prefix of the package's checkpoint (RFC 9162 consistency), from a
 * time-stamping authority the verifier trusts. The event's proven time is
 * the earliest such genTime whose tree includes it (index < size).
 *
 * A forged or damaged token — wrong imprint, broken signature, a note the
 * node never signed, a tree that is not the package's — fails the check. A
 * sound token from an authority the verifier does not trust is no proof,
 * not a failure: the times stay claims, and the report says so.
 */
import { fromBase64, toBase64 } from '../ledger/bytes';
import { openCheckpoint } from '../ledger/checkpoint';
import { parseConsistencyProof, verifyConsistencyProof } from '../ledger/consistency-proof';
import type { LedgerEntry } from '../ledger/entry';
import type { VerifierKey } from '../ledger/note';
import { message, type Message } from '../i18n';
import { parseCertificates, type Cert } from '../verify/certificate';
import { checkCheckpointTimestamps, provenTimeOf, type TimestampedCheckpoint } from './checkpoint-time';
import type { Evidence } from './evidence';
import { checkOf, type Check } from './proof-report';

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const msg = (key: string, params?: Record<string, string | number>): Message => message(`proofCheck.msg.${key}`, params);

/** Null when the package carries no checkpoint time-stamps (then its report is what it always was). */
export async function checkCheckpointTime(
  evidence: Evidence,
  logKey: VerifierKey,
  trusted: readonly Uint8Array[],
  entries: Map<number, LedgerEntry>,
): Promise<Check | null> {
  const stamps = evidence.checkpointTimestamps ?? [];
  if (stamps.length === 0) return null;
  const failures: Message[] = [];
  const facts: Message[] = [];
  const sound: TimestampedCheckpoint[] = [];
  for (const [i, t] of stamps.entries()) {
    const opened = await provenPrefix(evidence, logKey, t, i + 1);
    if ('failure' in opened) failures.push(opened.failure);
    else sound.push({ size: opened.size, note: t.note, token: fromBase64(t.token) ?? new Uint8Array(0) });
  }
  const proofs = await checkCheckpointTimestamps(sound, anchorsOf(trusted));
  for (const p of proofs) {
    if (p.ok) facts.push(msg('tsProven', { size: p.size, tsa: p.tsa, at: p.genTime.toISOString() }));
    else if (p.stage === 'imprint') failures.push(msg('tsImprint', { size: p.size }));
    else if (p.failed) failures.push(msg('tsBroken', { size: p.size, detail: p.reason }));
    else facts.push(msg('tsUntrusted', { size: p.size, detail: p.reason }));
  }
  for (const e of evidence.events) {
    const entry = entries.get(e.index);
    if (!entry) continue; // an unproven event is the ledger-proofs check's failure
    const proven = provenTimeOf(e.index, proofs);
    facts.push(
      proven
        ? msg('entryProven', {
            index: e.index,
            type: entry.type,
            at: proven.genTime.toISOString(),
            size: proven.checkpointSize,
            tsa: proven.tsa,
            claimed: entry.time,
          })
        : msg('entryClaimed', { index: e.index, type: entry.type, claimed: entry.time }),
    );
  }
  return failures.length > 0 ? checkOf('checkpoint-time', 'failed', failures) : checkOf('checkpoint-time', 'passed', facts);
}

/** The time-stamped note is the node's and its tree is a prefix of the package's checkpoint (the same tree, or consistent with it). */
async function provenPrefix(
  evidence: Evidence,
  logKey: VerifierKey,
  t: NonNullable<Evidence['checkpointTimestamps']>[number],
  n: number,
): Promise<{ size: number } | { failure: Message }> {
  try {
    const opened = await openCheckpoint(t.note, logKey, evidence.ledger.origin);
    if (!opened.ok) return { failure: msg('tsNoteFails', { n, detail: opened.reason }) };
    const { size, rootHash } = opened.checkpoint;
    const packageSize = evidence.checkpoint.size;
    if (size > packageSize) return { failure: msg('tsLarger', { n, size, packageSize }) };
    if (size === packageSize) return toBase64(rootHash) === evidence.checkpoint.rootHash ? { size } : { failure: msg('tsTreeDiffers', { n, size }) };
    if (t.consistency === null) return { failure: msg('tsNotPrefix', { n, size, detail: 'no consistency proof' }) };
    const p = parseConsistencyProof(t.consistency);
    if (p.oldSize !== size || p.checkpoint !== evidence.checkpoint.note)
      return { failure: msg('tsNotPrefix', { n, size, detail: `the proof runs from ${p.oldSize} to another checkpoint` }) };
    const v = await verifyConsistencyProof(p, logKey, rootHash, evidence.ledger.origin);
    return v.ok ? { size } : { failure: msg('tsNotPrefix', { n, size, detail: v.reason }) };
  } catch (error) {
    return { failure: msg('tsNoteFails', { n, detail: errorText(error) }) };
  }
}

/** Every certificate in the verifier's trusted files; an unreadable file anchors nothing. */
function anchorsOf(trusted: readonly Uint8Array[]): Cert[] {
  return trusted.flatMap((bytes) => {
    try {
      return parseCertificates(bytes);
    } catch {
      return [];
    }
  });
}
