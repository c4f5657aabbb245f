/**
 * The RFC 9162 hashes of shared/ledger/merkle.ts, computed with node:crypto
 * for the node's hot paths (appends, proofs, the audit): native one-shot
 * SHA-256 over a reused scratch buffer is several times faster than the
 * portable implementation the shared verifier uses in browsers, and makes
 * less garbage than a Hash object per call. Tests check both give the same trees.
 */
import { hash } from 'node:crypto';

const scratch = Buffer.allocUnsafe(65);

const sha256 = (data: Uint8Array): Uint8Array => {
  const b = hash('sha256', data, 'buffer') as unknown as Buffer;
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
};

export function hashLeaf(entry: Uint8Array): Uint8Array {
  const input = entry.length < scratch.length ? scratch.subarray(0, entry.length + 1) : Buffer.allocUnsafe(entry.length + 1);
  input[0] = 0;
  input.set(entry, 1);
  return sha256(input);
}

export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  scratch[0] = 1;
  scratch.set(left, 1);
  scratch.set(right, 33);
  return sha256(scratch.subarray(0, 65));
}

/** The row chain: SHA-256(previous chain ‖ leaf hash). */
export function chainNext(previous: Uint8Array, leafHash: Uint8Array): Uint8Array {
  scratch.set(previous, 0);
  scratch.set(leafHash, 32);
  return sha256(scratch.subarray(0, 64));
}
