/**
 * Where the node keeps each perfect subtree. A subtree (level L, index k)
 * covers leaves [k·2^L, (k+1)·2^L). Its post-order position — the number of
 * perfect subtrees (leaves included) completed before it while appending — is
 *   2·(k+1)·2^L − popcount(k+1) − tz(k+1) − 1
 * so positions grow in append order. Only even levels ≥ 2 are stored: a third
 * of a hash per entry, while any other node costs at most two reads and a hash.
 * Arithmetic, not 32-bit bitwise operators, so sizes beyond 2^31 work.
 */

export const isStoredLevel = (level: number): boolean => level >= 2 && level % 2 === 0;

function popcount(n: number): number {
  let c = 0;
  while (n > 0) {
    c += n % 2;
    n = Math.floor(n / 2);
  }
  return c;
}

function trailingZeros(n: number): number {
  let c = 0;
  while (n > 0 && n % 2 === 0) {
    c += 1;
    n /= 2;
  }
  return c;
}

export function postOrderPosition(level: number, index: number): number {
  const m = index + 1;
  return 2 * m * 2 ** level - popcount(m) - trailingZeros(m) - 1;
}
