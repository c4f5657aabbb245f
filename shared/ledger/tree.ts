/**
 * RFC 9162 proof *construction* over any store of perfect-subtree hashes. The
 * storage (SQLite in the node, an array in tests) only answers "hash of the
 * perfect subtree at level L, index i"; the recursion of RFC 9162 §2.1.3.1
 * (PATH) and §2.1.4.1 (SUBPROOF) lives here, once.
 */
import { emptyRoot, hashChildren, splitPoint } from './merkle';

export interface SubtreeSource {
  /** Hash of the perfect subtree covering leaves [index·2^level, (index+1)·2^level). */
  perfect(level: number, index: number): Uint8Array;
  /** The node hash to combine with; a native implementation may stand in for the portable one. */
  hashChildren?(left: Uint8Array, right: Uint8Array): Uint8Array;
}

export interface PerfectSubtree {
  level: number;
  index: number;
}

/**
 * The perfect subtrees, largest first, that tile [start, end). Valid when start
 * is a multiple of the smallest power of two ≥ end − start, which holds for
 * every range RFC 9162's recursions produce (and for every prefix [0, n)).
 */
export function perfectDecomposition(start: number, end: number): PerfectSubtree[] {
  const out: PerfectSubtree[] = [];
  let pos = start;
  let remaining = end - start;
  let size = 1;
  while (size * 2 <= remaining) size *= 2;
  let level = Math.log2(size);
  while (remaining > 0) {
    if (size <= remaining) {
      out.push({ level, index: pos / size });
      pos += size;
      remaining -= size;
    }
    size /= 2;
    level -= 1;
  }
  return out;
}

/** Folds a decomposition right to left: MTH of the range (RFC 9162's split is always at the largest power of two). */
export function foldSubtrees(hashes: readonly Uint8Array[], combine = hashChildren): Uint8Array {
  if (hashes.length === 0) return emptyRoot();
  // Bounds proven: the list is not empty and i runs from length - 2 down to 0.
  let h = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) h = combine(hashes[i]!, h);
  return h;
}

export function rangeHash(src: SubtreeSource, start: number, end: number): Uint8Array {
  return foldSubtrees(
    perfectDecomposition(start, end).map((s) => src.perfect(s.level, s.index)),
    src.hashChildren ? (l, r) => src.hashChildren!(l, r) : hashChildren,
  );
}

export const treeRoot = (src: SubtreeSource, size: number): Uint8Array => rangeHash(src, 0, size);

/** RFC 9162 PATH(index, D[0:size]), leaf's sibling first. */
export function inclusionProof(src: SubtreeSource, index: number, size: number): Uint8Array[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`index ${index} is not in a tree of size ${size}`);
  const out: Uint8Array[] = [];
  let lo = 0;
  let hi = size;
  let m = index;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (m < k) {
      out.push(rangeHash(src, lo + k, hi));
      hi = lo + k;
    } else {
      out.push(rangeHash(src, lo, lo + k));
      lo += k;
      m -= k;
    }
  }
  return out.reverse();
}

/** RFC 9162 PROOF(size1, D[0:size2]) = SUBPROOF(size1, D[0:size2], true). */
export function consistencyProof(src: SubtreeSource, size1: number, size2: number): Uint8Array[] {
  if (!(size1 >= 0 && size1 <= size2)) throw new RangeError(`no consistency proof from ${size1} to ${size2}`);
  if (size1 === 0 || size1 === size2) return [];
  const out: Uint8Array[] = [];
  let lo = 0;
  let hi = size2;
  let m = size1;
  let whole = true;
  for (;;) {
    if (m === hi - lo) {
      if (!whole) out.push(rangeHash(src, lo, hi));
      break;
    }
    const k = splitPoint(hi - lo);
    if (m <= k) {
      out.push(rangeHash(src, lo + k, hi));
      hi = lo + k;
    } else {
      out.push(rangeHash(src, lo, lo + k));
      lo += k;
      m -= k;
      whole = false;
    }
  }
  return out.reverse();
}

/** A SubtreeSource over an in-memory list of leaf hashes (tests, small trees, offline tools). */
export function memorySource(leafHashes: readonly Uint8Array[]): SubtreeSource {
  const cache = new Map<string, Uint8Array>();
  const perfect = (level: number, index: number): Uint8Array => {
    if (level === 0) {
      const h = leafHashes[index];
      if (!h) throw new RangeError(`no leaf ${index}`);
      return h;
    }
    const key = `${level}/${index}`;
    let h = cache.get(key);
    if (!h) {
      h = hashChildren(perfect(level - 1, 2 * index), perfect(level - 1, 2 * index + 1));
      cache.set(key, h);
    }
    return h;
  };
  return { perfect };
}
