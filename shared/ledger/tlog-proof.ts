/**
 * C2SP tlog-proof (c2sp.org/tlog-proof): an offline-verifiable proof that an
 * entry is in the log.
 *
 *   c2sp.org/tlog-proof@v1
 *   extra <base64>            (optional; Affix puts the canonical entry bytes here)
 *   index <n>
 *   <base64 hash>...          (RFC 9162 inclusion proof, leaf's sibling first)
 *   <empty line>
 *   <signed checkpoint, verbatim, possibly with witness cosignatures>
 *
 * The extra data is not trusted by itself: its leaf hash must be proven
 * included under the signed root.
 */
import { badInput } from '../errors/affix-error';
import { bytesEqual, fromBase64, parseDecimal, toBase64, toHex } from './bytes';
import { openCheckpoint, type Checkpoint } from './checkpoint';
import { decodeEntry, type LedgerEntry } from './entry';
import { hashLeaf, HASH_SIZE, MAX_PROOF_HASHES, verifyInclusion } from './merkle';
import type { VerifierKey } from './note';
import { checkWitnesses, type WitnessPolicy, type WitnessVerdict } from './witness-policy';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  extra: Uint8Array | null;
  index: number;
  hashes: Uint8Array[];
  /** The signed checkpoint note, verbatim. */
  checkpoint: string;
}

export function formatTlogProof(p: TlogProof): string {
  return (
    [TLOG_PROOF_HEADER, ...(p.extra ? [`extra ${toBase64(p.extra)}`] : []), `index ${p.index}`, ...p.hashes.map(toBase64), '', ''].join('\n') + p.checkpoint
  );
}

export function parseTlogProof(text: string): TlogProof {
  const lines = text.split('\n');
  let i = 0;
  if (lines[i++] !== TLOG_PROOF_HEADER) throw badInput(`Not a tlog-proof: the first line must be "${TLOG_PROOF_HEADER}".`);
  let extra: Uint8Array | null = null;
  const extraLine = lines[i];
  if (extraLine?.startsWith('extra ')) {
    i++;
    extra = fromBase64(extraLine.slice('extra '.length));
    if (!extra) throw badInput('tlog-proof extra data is not valid base64.');
  }
  const indexLine = lines[i++] ?? '';
  if (!indexLine.startsWith('index ')) throw badInput('tlog-proof has no "index" line.');
  const index = parseDecimal(indexLine.slice('index '.length));
  if (index === null) throw badInput(`tlog-proof index "${indexLine.slice(6)}" is not a decimal without leading zeroes.`);
  const hashes: Uint8Array[] = [];
  for (let line = lines[i]; line !== undefined && line !== ''; line = lines[++i]) {
    const h = fromBase64(line);
    if (!h || h.length !== HASH_SIZE) throw badInput(`tlog-proof line ${i + 1} is not a base64 SHA-256 hash.`);
    hashes.push(h);
    if (hashes.length > MAX_PROOF_HASHES) throw badInput('tlog-proof has too many hashes.');
  }
  if (lines[i] !== '') throw badInput('tlog-proof has no checkpoint after its hashes.');
  const checkpoint = lines.slice(i + 1).join('\n');
  if (checkpoint.length === 0) throw badInput('tlog-proof has no checkpoint.');
  return { extra, index, hashes, checkpoint };
}

export interface ProofCheck {
  /** The log's verifier key (name+keyid+key), e.g. from `affix ledger pubkey`. */
  logKey: VerifierKey;
  /** Expected origin; defaults to the key name. */
  origin?: string;
  /** Witness policy the checkpoint's cosignatures must satisfy. */
  policy?: WitnessPolicy;
  /** What the proof must be about: the entry bytes or its leaf hash (else the proof's extra data is used). */
  entry?: Uint8Array;
  leafHash?: Uint8Array;
}

export type ProofVerdict =
  | {
      ok: true;
      index: number;
      checkpoint: Checkpoint;
      leafHash: string;
      /** The decoded Affix entry when the proof carries one in its extra data. */
      entry: LedgerEntry | null;
      witnesses: WitnessVerdict | null;
    }
  | { ok: false; reason: string };

/** Verifies a tlog-proof completely: checkpoint signature, witness quorum, inclusion of the entry. */
export async function verifyTlogProof(proof: string | TlogProof, check: ProofCheck): Promise<ProofVerdict> {
  const p = typeof proof === 'string' ? parseTlogProof(proof) : proof;
  const opened = await openCheckpoint(p.checkpoint, check.logKey, check.origin);
  if (!opened.ok) return { ok: false, reason: opened.reason };
  let witnesses: WitnessVerdict | null = null;
  if (check.policy) {
    witnesses = await checkWitnesses(opened.note, check.policy);
    if (!witnesses.satisfied) {
      return {
        ok: false,
        reason: `checkpoint is not cosigned by the witnesses the policy requires (valid cosignatures: ${witnesses.cosigned.map((c) => c.name).join(', ') || 'none'}${witnesses.invalid.length ? `; invalid: ${witnesses.invalid.join(', ')}` : ''})`,
      };
    }
  }
  const entryBytes = check.entry ?? p.extra;
  let leaf = check.leafHash ?? null;
  if (entryBytes) {
    const h = hashLeaf(entryBytes);
    if (leaf && !bytesEqual(leaf, h)) return { ok: false, reason: 'the entry does not match the expected leaf hash' };
    if (check.entry && p.extra && !bytesEqual(check.entry, p.extra)) return { ok: false, reason: 'the proof is about a different entry' };
    leaf = h;
  }
  if (!leaf) return { ok: false, reason: 'the proof carries no entry and no leaf hash was given' };
  const { size, rootHash } = opened.checkpoint;
  if (p.index >= size) return { ok: false, reason: `index ${p.index} is outside the checkpoint's tree of ${size} entries` };
  if (!verifyInclusion(p.index, size, leaf, p.hashes, rootHash)) {
    return { ok: false, reason: `the inclusion proof for index ${p.index} does not lead to the signed root of tree size ${size}` };
  }
  let entry: LedgerEntry | null = null;
  if (entryBytes) {
    try {
      entry = decodeEntry(entryBytes);
    } catch {
      entry = null; // a foreign log's entry: proven included, just not an Affix entry
    }
  }
  return { ok: true, index: p.index, checkpoint: opened.checkpoint, leafHash: toHex(leaf), entry, witnesses };
}
