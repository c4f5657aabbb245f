/**
 * A consistency proof in the shape of a C2SP tlog-witness add-checkpoint body
 * (c2sp.org/tlog-witness), so a witness can consume it unchanged:
 *
 *   old <size>
 *   <base64 hash>...          (RFC 9162 consistency proof from <size> to the checkpoint's size)
 *   <empty line>
 *   <signed checkpoint>
 */
import { badInput } from '../errors/affix-error';
import { fromBase64, parseDecimal, toBase64 } from './bytes';
import { openCheckpoint, type Checkpoint } from './checkpoint';
import { HASH_SIZE, MAX_PROOF_HASHES, verifyConsistency } from './merkle';
import type { VerifierKey } from './note';

export interface ConsistencyProof {
  oldSize: number;
  hashes: Uint8Array[];
  checkpoint: string;
}

export const formatConsistencyProof = (p: ConsistencyProof): string => [`old ${p.oldSize}`, ...p.hashes.map(toBase64), '', ''].join('\n') + p.checkpoint;

export function parseConsistencyProof(text: string): ConsistencyProof {
  const lines = text.split('\n');
  const first = lines[0] ?? '';
  const oldSize = first.startsWith('old ') ? parseDecimal(first.slice(4)) : null;
  if (oldSize === null) throw badInput('Consistency proof must start with "old <size>".');
  const hashes: Uint8Array[] = [];
  let i = 1;
  for (let line = lines[i]; line !== undefined && line !== ''; line = lines[++i]) {
    const h = fromBase64(line);
    if (!h || h.length !== HASH_SIZE) throw badInput(`Consistency proof line ${i + 1} is not a base64 SHA-256 hash.`);
    hashes.push(h);
    if (hashes.length > MAX_PROOF_HASHES) throw badInput('Consistency proof has too many hashes.');
  }
  if (lines[i] !== '' || i + 1 >= lines.length) throw badInput('Consistency proof has no checkpoint after its hashes.');
  return { oldSize, hashes, checkpoint: lines.slice(i + 1).join('\n') };
}

export type ConsistencyVerdict = { ok: true; checkpoint: Checkpoint } | { ok: false; reason: string };

/** Verifies that the signed checkpoint extends the tree of `oldSize` whose root the verifier already trusts. */
export async function verifyConsistencyProof(
  proof: string | ConsistencyProof,
  logKey: VerifierKey,
  oldRoot: Uint8Array,
  origin = logKey.name,
): Promise<ConsistencyVerdict> {
  const p = typeof proof === 'string' ? parseConsistencyProof(proof) : proof;
  const opened = await openCheckpoint(p.checkpoint, logKey, origin);
  if (!opened.ok) return opened;
  const { size, rootHash } = opened.checkpoint;
  if (p.oldSize > size) return { ok: false, reason: `old size ${p.oldSize} is larger than the checkpoint's ${size}` };
  if (!verifyConsistency(p.oldSize, size, p.hashes, oldRoot, rootHash)) {
    return { ok: false, reason: `the tree of size ${size} is not an extension of the trusted tree of size ${p.oldSize}` };
  }
  return { ok: true, checkpoint: opened.checkpoint };
}
