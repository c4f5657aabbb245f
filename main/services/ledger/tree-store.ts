/**
 * The Merkle tree in SQLite. Appends insert the entry row, its subject index
 * rows and the tree nodes they complete, all inside the caller's transaction.
 * Reads serve RFC 9162 proofs with O(log n) indexed lookups.
 *
 * To append without reading the tree, the store keeps the right edge of the
 * tree (the "frontier": the perfect subtrees tiling [0, size)) in memory. That
 * cache is shared per database connection and checked against the last row
 * (index and chain value) before every append, so a rolled-back transaction,
 * another process appending to the same file or another service instance on
 * the same connection is noticed and the frontier is reloaded from disk.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { AffixError } from '../../../shared/errors/affix-error';
import { bytesEqual, concatBytes } from '../../../shared/ledger/bytes';
import { hashChildren, hashLeaf } from '../../../shared/ledger/merkle';
import { foldSubtrees, perfectDecomposition, type SubtreeSource } from '../../../shared/ledger/tree';
import type { Db } from '../store/database';
import { isStoredLevel, postOrderPosition } from './tree-positions';

export const ZERO_CHAIN: Uint8Array = new Uint8Array(32);

export const chainNext = (previous: Uint8Array, leafHash: Uint8Array): Uint8Array => sha256(concatBytes(previous, leafHash));

/** The 4 first bytes of a subject digest as a signed 32-bit integer (stored in 4 bytes by SQLite). */
export const subjectKey = (digest: Uint8Array): number => new DataView(digest.buffer, digest.byteOffset, 4).getInt32(0);

interface FrontierNode {
  level: number;
  index: number;
  hash: Uint8Array;
}

interface TreeHead {
  size: number;
  chain: Uint8Array;
  frontier: FrontierNode[];
}

export interface AppendedLeaf {
  index: number;
  leafHash: Uint8Array;
}

export const damaged = (what: string): AffixError =>
  new AffixError('INTERNAL', `The ledger database is damaged (${what}). Run "affix ledger verify" for a full report.`);

const heads = new WeakMap<Db, TreeHead>();

const toU8 = (b: Buffer | Uint8Array): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export class TreeStore implements SubtreeSource {
  private readonly lastRow;
  private readonly entryRow;
  private readonly nodeRow;
  private readonly insertEntry;
  private readonly insertNode;
  private readonly insertSubject;

  constructor(private readonly db: Db) {
    this.lastRow = db.prepare<[], { idx: number; chain: Buffer }>('SELECT idx, chain FROM ledger_entries ORDER BY idx DESC LIMIT 1');
    this.entryRow = db.prepare<[number], Buffer>('SELECT entry FROM ledger_entries WHERE idx = ?').pluck();
    this.nodeRow = db.prepare<[number], Buffer>('SELECT hash FROM ledger_nodes WHERE pos = ?').pluck();
    this.insertEntry = db.prepare('INSERT INTO ledger_entries (idx, entry, chain) VALUES (?, ?, ?)');
    this.insertNode = db.prepare('INSERT INTO ledger_nodes (pos, hash) VALUES (?, ?)');
    this.insertSubject = db.prepare('INSERT OR IGNORE INTO ledger_subjects (key, idx) VALUES (?, ?)');
  }

  /** Number of entries visible to this connection (including its own uncommitted appends). */
  size(): number {
    const row = this.lastRow.get();
    return row ? row.idx + 1 : 0;
  }

  entryBytes(index: number): Uint8Array {
    const b = this.entryRow.get(index);
    if (!b) throw damaged(`entry ${index} is missing`);
    return toU8(b);
  }

  leafHash(index: number): Uint8Array {
    return hashLeaf(this.entryBytes(index));
  }

  perfect(level: number, index: number): Uint8Array {
    if (level === 0) return this.leafHash(index);
    if (isStoredLevel(level)) {
      const h = this.nodeRow.get(postOrderPosition(level, index));
      if (!h || h.length !== 32) throw damaged(`tree node at level ${level}, index ${index} is missing`);
      return toU8(h);
    }
    return hashChildren(this.perfect(level - 1, 2 * index), this.perfect(level - 1, 2 * index + 1));
  }

  /** The current head, reloaded from disk unless the cached one provably matches the last row. */
  private head(): TreeHead {
    const last = this.lastRow.get();
    const size = last ? last.idx + 1 : 0;
    const cached = heads.get(this.db);
    if (cached && cached.size === size && (size === 0 || bytesEqual(cached.chain, toU8(last!.chain)))) return cached;
    const head: TreeHead = {
      size,
      chain: last ? new Uint8Array(toU8(last.chain)) : ZERO_CHAIN,
      frontier: perfectDecomposition(0, size).map((s) => ({ ...s, hash: this.perfect(s.level, s.index) })),
    };
    heads.set(this.db, head);
    return head;
  }

  /** Root hash of the tree as it is now on this connection. */
  currentRoot(): { size: number; root: Uint8Array } {
    const h = this.head();
    return { size: h.size, root: foldSubtrees(h.frontier.map((f) => f.hash)) };
  }

  /**
   * Appends encoded entries. Must run inside a transaction; the cached head is
   * replaced only after every insert succeeded.
   */
  append(entries: readonly { bytes: Uint8Array; subjectKeys: readonly number[] }[]): AppendedLeaf[] {
    const start = this.head();
    let size = start.size;
    let chain = start.chain;
    const frontier = start.frontier.slice();
    const out: AppendedLeaf[] = [];
    for (const { bytes, subjectKeys } of entries) {
      const leaf = hashLeaf(bytes);
      chain = chainNext(chain, leaf);
      this.insertEntry.run(size, bytes, chain);
      for (const key of subjectKeys) this.insertSubject.run(key, size);
      let hash = leaf;
      let level = 0;
      let index = size;
      while (frontier.length > 0 && frontier[frontier.length - 1].level === level) {
        const left = frontier.pop()!;
        hash = hashChildren(left.hash, hash);
        level += 1;
        index = left.index / 2;
        if (isStoredLevel(level)) this.insertNode.run(postOrderPosition(level, index), hash);
      }
      frontier.push({ level, index, hash });
      out.push({ index: size, leafHash: leaf });
      size += 1;
    }
    heads.set(this.db, { size, chain, frontier });
    return out;
  }
}
