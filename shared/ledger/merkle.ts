/**
 * RFC 9162 (Certificate Transparency v2, same tree as RFC 6962) Merkle tree
 * hashing and proof verification. Leaf hash = SHA-256(0x00 ‖ entry), node hash
 * = SHA-256(0x01 ‖ left ‖ right), the empty tree's hash = SHA-256("").
 *
 * Sizes and indices are JS numbers used with arithmetic, never 32-bit bitwise
 * operators, so trees up to 2^53 leaves (other logs' checkpoints) verify too.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesEqual } from './bytes';

export const HASH_SIZE = 32;
/** No RFC 9162 proof for a tree of at most 2^63 leaves has more hashes than this. */
export const MAX_PROOF_HASHES = 64;

const LEAF_PREFIX = new Uint8Array([0]);
const NODE_PREFIX = new Uint8Array([1]);

export const hashLeaf = (entry: Uint8Array): Uint8Array => sha256.create().update(LEAF_PREFIX).update(entry).digest();

export const hashChildren = (left: Uint8Array, right: Uint8Array): Uint8Array => sha256.create().update(NODE_PREFIX).update(left).update(right).digest();

export const emptyRoot = (): Uint8Array => sha256(new Uint8Array(0));

const isOdd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);

/** Largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over a list of leaf hashes — the reference definition, O(n); used by tests and small trees. */
export function rootOfLeafHashes(leaves: readonly Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return emptyRoot();
  const rec = (lo: number, hi: number): Uint8Array => {
    if (hi - lo === 1) return leaves[lo]!; // 0 ≤ lo < hi ≤ leaves.length
    const k = splitPoint(hi - lo);
    return hashChildren(rec(lo, lo + k), rec(lo + k, hi));
  };
  return rec(0, leaves.length);
}

const wellFormed = (hashes: readonly Uint8Array[]): boolean => hashes.length <= MAX_PROOF_HASHES && hashes.every((h) => h.length === HASH_SIZE);

/**
 * The root an inclusion proof leads to (RFC 9162 §2.1.3.2), or null when the
 * proof cannot belong to a tree of this size.
 */
export function rootFromInclusionProof(index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Uint8Array | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  if (leafHash.length !== HASH_SIZE || !wellFormed(proof)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return null;
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(index: number, size: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  const computed = rootFromInclusionProof(index, size, leafHash, proof);
  return computed !== null && root.length === HASH_SIZE && bytesEqual(computed, root);
}

/**
 * RFC 9162 §2.1.4.2 consistency verification between a tree of size1 with
 * root1 and a later tree of size2 with root2.
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
  /** The node hash; a native implementation may stand in for the portable one (the witness's hot path). */
  combine: (left: Uint8Array, right: Uint8Array) => Uint8Array = hashChildren,
): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 < 0 || size2 < size1) return false;
  if (!wellFormed(proof)) return false;
  if (size1 === size2) return proof.length === 0 && bytesEqual(root1, root2) && root1.length === HASH_SIZE;
  // Every tree is consistent with the empty tree; the proof is empty.
  if (size1 === 0) return proof.length === 0 && root2.length === HASH_SIZE;
  if (proof.length === 0 || root1.length !== HASH_SIZE || root2.length !== HASH_SIZE) return false;

  let path = proof;
  if (isPowerOfTwo(size1)) path = [root1, ...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  const first = path[0];
  if (first === undefined) return false;
  let fr = first;
  let sr = first;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!; // i < path.length
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = combine(c, fr);
      sr = combine(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = combine(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && bytesEqual(fr, root1) && bytesEqual(sr, root2);
}

function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n % 2 === 0) n /= 2;
  return n === 1;
}
