/**
 * RFC 9162 Merkle hashing and proofs: the Certificate Transparency reference
 * vectors, then every size 1…300 cross-checked against a naive implementation
 * written here straight from the RFC's recursive definitions.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { fromHex, toHex } from '../../../shared/ledger/bytes';
import { emptyRoot, hashLeaf, rootOfLeafHashes, verifyConsistency, verifyInclusion } from '../../../shared/ledger/merkle';
import { consistencyProof, inclusionProof, memorySource, treeRoot } from '../../../shared/ledger/tree';
import { prng } from '../../support/prng';

const h = (hex: string): Uint8Array => fromHex(hex)!;

// Source: github.com/transparency-dev/merkle proof/verify_test.go (the RFC 6962
// test tree of google/certificate-transparency; RFC 9162 hashes identically).
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(h);
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// Same source; the Go vectors name leaves 1-based, converted to 0-based indices here.
const INCLUSION = [
  {
    index: 0,
    size: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    index: 5,
    size: 8,
    proof: [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  {
    index: 1,
    size: 5,
    proof: [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  },
  { index: 0, size: 1, proof: [] },
];
const CONSISTENCY = [
  { from: 1, to: 1, proof: [] },
  {
    from: 1,
    to: 8,
    proof: [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  },
  {
    from: 6,
    to: 8,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
  {
    from: 2,
    to: 5,
    proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'],
  },
  {
    from: 6,
    to: 7,
    proof: [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  },
];

// ── naive reference, node:crypto, straight from RFC 9162 §2.1.1–2.1.4 ──
const sha = (...parts: Uint8Array[]): Uint8Array => {
  const c = createHash('sha256');
  for (const p of parts) c.update(p);
  return new Uint8Array(c.digest());
};
const largestPow2Below = (n: number): number => 2 ** Math.floor(Math.log2(n - 1));
/** MTH, PATH and SUBPROOF over D[lo:hi] of one fixed list, memoising MTH per range (the RFC's recursion re-hashes a lot). */
function naive(data: readonly Uint8Array[]) {
  const memo = new Map<string, Uint8Array>();
  const mth = (lo: number, hi: number): Uint8Array => {
    const key = `${lo}:${hi}`;
    let r = memo.get(key);
    if (r) return r;
    if (hi === lo) r = sha();
    else if (hi - lo === 1) r = sha(Uint8Array.of(0), data[lo]);
    else {
      const k = largestPow2Below(hi - lo);
      r = sha(Uint8Array.of(1), mth(lo, lo + k), mth(lo + k, hi));
    }
    memo.set(key, r);
    return r;
  };
  const path = (m: number, lo: number, hi: number): Uint8Array[] => {
    if (hi - lo <= 1) return [];
    const k = largestPow2Below(hi - lo);
    return m < k ? [...path(m, lo, lo + k), mth(lo + k, hi)] : [...path(m - k, lo + k, hi), mth(lo, lo + k)];
  };
  const subproof = (m: number, lo: number, hi: number, b: boolean): Uint8Array[] => {
    if (m === hi - lo) return b ? [] : [mth(lo, hi)];
    const k = largestPow2Below(hi - lo);
    return m <= k ? [...subproof(m, lo, lo + k, b), mth(lo + k, hi)] : [...subproof(m - k, lo + k, hi, false), mth(lo, lo + k)];
  };
  return { mth, path, subproof };
}

const flipBit = (hashes: Uint8Array[], i: number, bit: number): Uint8Array[] =>
  hashes.map((x, j) => {
    if (j !== i) return x;
    const y = x.slice();
    y[bit >> 3] ^= 1 << (bit & 7);
    return y;
  });

test('leaf and node hashing match the CT reference roots for sizes 0..8', () => {
  assert.equal(toHex(emptyRoot()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  const leafHashes = LEAVES.map(hashLeaf);
  const src = memorySource(leafHashes);
  for (let n = 1; n <= 8; n++) {
    assert.equal(toHex(rootOfLeafHashes(leafHashes.slice(0, n))), ROOTS[n - 1], `size ${n}`);
    assert.equal(toHex(treeRoot(src, n)), ROOTS[n - 1], `size ${n} (subtree source)`);
  }
});

test('inclusion proofs equal and verify against the CT reference vectors', () => {
  const src = memorySource(LEAVES.map(hashLeaf));
  for (const v of INCLUSION) {
    const proof = inclusionProof(src, v.index, v.size);
    assert.deepEqual(proof.map(toHex), v.proof, `PATH(${v.index}, ${v.size})`);
    assert.ok(verifyInclusion(v.index, v.size, hashLeaf(LEAVES[v.index]), v.proof.map(h), h(ROOTS[v.size - 1])));
    assert.ok(!verifyInclusion(v.index, v.size, hashLeaf(utf8('WrongLeaf')), v.proof.map(h), h(ROOTS[v.size - 1])));
    assert.ok(!verifyInclusion(v.index, v.size * 2, hashLeaf(LEAVES[v.index]), v.proof.map(h), h(ROOTS[v.size - 1])));
    assert.ok(!verifyInclusion(v.index, v.size, hashLeaf(LEAVES[v.index]), [...v.proof.map(h), h(ROOTS[0])], h(ROOTS[v.size - 1])));
  }
});

test('consistency proofs equal and verify against the CT reference vectors', () => {
  const src = memorySource(LEAVES.map(hashLeaf));
  for (const v of CONSISTENCY) {
    assert.deepEqual(consistencyProof(src, v.from, v.to).map(toHex), v.proof, `PROOF(${v.from}, ${v.to})`);
    assert.ok(verifyConsistency(v.from, v.to, v.proof.map(h), h(ROOTS[v.from - 1]), h(ROOTS[v.to - 1])));
    if (v.proof.length > 0) {
      assert.ok(!verifyConsistency(v.from, v.to, v.proof.map(h), h(ROOTS[v.to - 1]), h(ROOTS[v.from - 1])), 'swapped roots');
      assert.ok(!verifyConsistency(v.from, v.to, [], h(ROOTS[v.from - 1]), h(ROOTS[v.to - 1])), 'empty proof');
      assert.ok(!verifyConsistency(v.from, v.to, v.proof.slice(0, -1).map(h), h(ROOTS[v.from - 1]), h(ROOTS[v.to - 1])), 'truncated');
    }
  }
  // Edge cases of the Go verifier's table.
  const any = h(ROOTS[0]);
  assert.ok(verifyConsistency(0, 1, [], any, h(ROOTS[1])));
  assert.ok(!verifyConsistency(1, 0, [], any, any));
  assert.ok(!verifyConsistency(1, 2, [], h(ROOTS[0]), h(ROOTS[1])));
  assert.ok(!verifyConsistency(1, 1, [emptyRoot()], any, any));
});

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

test('every size 1..300: roots and proofs equal the naive RFC definitions, verify, and any flipped bit fails', () => {
  const data = Array.from({ length: 300 }, (_, i) => utf8(`entry ${i}`));
  const leafHashes = data.map(hashLeaf);
  const src = memorySource(leafHashes);
  const { mth, path, subproof } = naive(data);
  const rng = prng(9162);
  let flipped = 0;
  for (let n = 1; n <= 300; n++) {
    const root = mth(0, n);
    assert.deepEqual(treeRoot(src, n), root, `root of size ${n}`);
    const indices = n <= 40 ? Array.from({ length: n }, (_, i) => i) : [0, n - 1, ...Array.from({ length: 6 }, () => Math.floor(rng() * n))];
    for (const m of indices) {
      const proof = inclusionProof(src, m, n);
      assert.deepEqual(proof, path(m, 0, n), `PATH(${m}, ${n})`);
      assert.ok(verifyInclusion(m, n, leafHashes[m], proof, root), `inclusion ${m} in ${n}`);
      if (n > 1) assert.ok(!verifyInclusion((m + 1) % n, n, leafHashes[m], proof, root), `wrong index accepted for ${m} in ${n}`);
      // One random bit in the leaf, each proof hash or the root.
      const leafBad = flipBit([leafHashes[m]], 0, Math.floor(rng() * 256))[0];
      assert.ok(!verifyInclusion(m, n, leafBad, proof, root));
      for (let i = 0; i < proof.length; i++) {
        assert.ok(!verifyInclusion(m, n, leafHashes[m], flipBit(proof, i, Math.floor(rng() * 256)), root), `bit flip in hash ${i} of PATH(${m}, ${n})`);
        flipped += 1;
      }
      assert.ok(!verifyInclusion(m, n, leafHashes[m], proof, flipBit([root], 0, Math.floor(rng() * 256))[0]));
    }
    const olds = n <= 40 ? Array.from({ length: n }, (_, i) => i + 1) : [1, n, ...Array.from({ length: 6 }, () => 1 + Math.floor(rng() * n))];
    for (const m of olds) {
      const proof = consistencyProof(src, m, n);
      assert.deepEqual(proof, m === n ? [] : subproof(m, 0, n, true), `PROOF(${m}, ${n})`);
      const oldRoot = mth(0, m);
      assert.ok(verifyConsistency(m, n, proof, oldRoot, root), `consistency ${m} → ${n}`);
      for (let i = 0; i < proof.length; i++) {
        assert.ok(!verifyConsistency(m, n, flipBit(proof, i, Math.floor(rng() * 256)), oldRoot, root), `bit flip in PROOF(${m}, ${n})[${i}]`);
        flipped += 1;
      }
      if (m < n) assert.ok(!verifyConsistency(m, n, proof, flipBit([oldRoot], 0, Math.floor(rng() * 256))[0], root));
    }
  }
  assert.ok(flipped > 10_000, `only ${flipped} flipped proofs checked`);
});

test('proofs over sizes beyond 2^32 use arithmetic, not 32-bit operators', () => {
  // A consistent synthetic tree: every leaf is X except leaf `index`, which is Y,
  // so a perfect subtree's hash depends only on its level and whether it holds Y.
  const size = 2 ** 33 + 12345;
  const index = 2 ** 32 + 77;
  const plain = [hashLeaf(utf8('X'))];
  const special = [hashLeaf(utf8('Y'))];
  for (let l = 1; l <= 40; l++) {
    plain.push(sha(Uint8Array.of(1), plain[l - 1], plain[l - 1]));
    const left = Math.floor(index / 2 ** (l - 1)) % 2 === 0;
    special.push(left ? sha(Uint8Array.of(1), special[l - 1], plain[l - 1]) : sha(Uint8Array.of(1), plain[l - 1], special[l - 1]));
  }
  const src = { perfect: (level: number, i: number) => (Math.floor(index / 2 ** level) === i ? special[level] : plain[level]) };
  const proof = inclusionProof(src, index, size);
  const leaf = src.perfect(0, index);
  assert.ok(verifyInclusion(index, size, leaf, proof, treeRoot(src, size)));
  assert.ok(!verifyInclusion(index + 1, size, leaf, proof, treeRoot(src, size)));
  assert.ok(proof.length <= 34);
  const c = consistencyProof(src, 2 ** 32 + 1, size);
  assert.ok(verifyConsistency(2 ** 32 + 1, size, c, treeRoot(src, 2 ** 32 + 1), treeRoot(src, size)));
});
