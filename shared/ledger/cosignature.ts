/**
 * C2SP tlog-cosignature v1 with Ed25519 (signature type 0x04): a witness's
 * note signature over
 *   "cosignature/v1\ntime <t>\n" ‖ checkpoint text
 * whose signature bytes are u64 big-endian timestamp ‖ 64-byte Ed25519 signature.
 */
import { concatBytes, readU64, toHex, utf8, writeU64 } from './bytes';
import { ed25519PublicKey, ed25519Sign, ed25519Verify } from './ed25519';
import { assertNoteText, signsWith, verifierKey, SIG_COSIGNATURE_V1, type NoteSignature, type VerifierKey } from './note';

export const cosignatureMessage = (checkpointText: string, timestamp: number): Uint8Array => utf8(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`);

/**
 * Verified cosignatures (key, signature, text → timestamp or null): a
 * package's checkpoint is checked against the witness policy and again by the
 * trust check, so each line is verified once. Bounded; results are a pure
 * function of the key.
 */
const verified = new Map<string, number | null>();

/** Empties the memo (benchmarks time cold verifications). */
export const forgetVerifiedCosignatures = (): void => verified.clear();

/** The timestamp of a valid cosignature by `key` on this checkpoint text, or null. */
export async function verifyCosignature(checkpointText: string, s: NoteSignature, key: VerifierKey): Promise<number | null> {
  if (key.type !== SIG_COSIGNATURE_V1 || !signsWith(s, key) || s.signature.length !== 8 + 64) return null;
  const timestamp = readU64(s.signature, 0);
  if (timestamp === null) return null;
  const memo = `${toHex(key.publicKey)} ${toHex(s.signature)} ${checkpointText}`;
  const known = verified.get(memo);
  if (known !== undefined) return known;
  const ok = await ed25519Verify(s.signature.subarray(8), cosignatureMessage(checkpointText, timestamp), key.publicKey);
  if (verified.size >= 1024) verified.clear();
  verified.set(memo, ok ? timestamp : null);
  return ok ? timestamp : null;
}

/** Produces a cosignature (what a witness does); used by tests and by future consortium witnesses. */
export function cosign(checkpointText: string, name: string, seed: Uint8Array, timestamp: number): NoteSignature {
  assertNoteText(checkpointText);
  const key = verifierKey(name, SIG_COSIGNATURE_V1, ed25519PublicKey(seed));
  const ts = new Uint8Array(8);
  writeU64(ts, 0, timestamp);
  return { name, keyId: key.keyId, signature: concatBytes(ts, ed25519Sign(cosignatureMessage(checkpointText, timestamp), seed)) };
}
