/**
 * An entry's proven time from timestamped checkpoints: each token's imprint
 * must be the SHA-256 of the signed checkpoint note (which the caller has
 * verified against the node key) and its authority trusted; the entry's
 * proven time is the earliest genTime among verified checkpoints whose tree
 * includes it (index < size). Without one, the entry's time is the node's
 * own claim. The caller verifies each note against the node key (and, for
 * an entry proven against a later tree, that tree's consistency with it).
 */
import type { Cert } from '../verify/certificate';
import { checkSignatureTimestamp, type TimestampStage } from '../verify/timestamp';

export interface TimestampedCheckpoint {
  size: number;
  note: string;
  token: Uint8Array;
}

/** `failed`: the token is forged or damaged (not merely from an untrusted authority). */
export type CheckpointProof =
  { size: number; ok: true; genTime: Date; tsa: string } | { size: number; ok: false; failed: boolean; stage?: TimestampStage; reason: string };

export async function checkCheckpointTimestamps(checkpoints: TimestampedCheckpoint[], anchors: Cert[]): Promise<CheckpointProof[]> {
  const out: CheckpointProof[] = [];
  for (const c of checkpoints) {
    const r = await checkSignatureTimestamp(c.token, new TextEncoder().encode(c.note), anchors);
    out.push(
      r.ok ? { size: c.size, ok: true, genTime: r.genTime, tsa: r.tsa } : { size: c.size, ok: false, failed: r.failed, stage: r.stage, reason: r.reason },
    );
  }
  return out;
}

/** The earliest proven time of entry `index`, and by which checkpoint; undefined when no verified checkpoint includes it. */
export function provenTimeOf(index: number, proofs: CheckpointProof[]): { genTime: Date; checkpointSize: number; tsa: string } | undefined {
  let best: { genTime: Date; checkpointSize: number; tsa: string } | undefined;
  for (const p of proofs) {
    if (!p.ok || index >= p.size) continue;
    if (!best || p.genTime < best.genTime) best = { genTime: p.genTime, checkpointSize: p.size, tsa: p.tsa };
  }
  return best;
}
