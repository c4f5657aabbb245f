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
import { AffixError } from '../../../../shared/errors/affix-error';
import { bytesEqual } from '../../../../shared/ledger/bytes';
import { foldSubtrees, perfectDecomposition, type SubtreeSource } from '../../../../shared/ledger/tree';
import type { Db } from '../../core/store/database';
import { BatchInsert } from './batch-insert';
import { chainNext, hashChildren, hashLeaf } from './node-hashing';
import { isStoredLevel, postOrderPosition } from './tree-positions';

export const ZERO_CHAIN: Uint8Array = new Uint8Array(32);

/** The 4 first bytes of a subject digest as a signed 32-bit integer (stored in 4 bytes by SQLite). */
export const subjectKey = (digest: Uint8Array): number => new DataView(digest.buffer, digest.byteOffset, 4).getInt32(0);

/** Entries per subject-index bucket (ledger-schema.ts, version 2): the index of the newest bucket stays a few pages. */
export const SUBJECT_BUCKET_ENTRIES = 2 ** 14;
export const subjectBucket = (index: number): number => Math.floor(index / SUBJECT_BUCKET_ENTRIES);

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
  private readonly insertEntries;
  private readonly insertNodes;
  private readonly insertSubjects;

  constructor(private readonly db: Db) {
    this.lastRow = db.prepare<[], { idx: number; chain: Buffer }>('SELECT idx, chain FROM ledger_entries ORDER BY idx DESC LIMIT 1');
    this.entryRow = db.prepare<[number], Buffer>('SELECT entry FROM ledger_entries WHERE idx = ?').pluck();
    this.nodeRow = db.prepare<[number], Buffer>('SELECT hash FROM ledger_nodes WHERE pos = ?').pluck();
    this.insertEntries = new BatchInsert(db, 'INSERT INTO ledger_entries (idx, entry, chain) VALUES', 3);
    this.insertNodes = new BatchInsert(db, 'INSERT INTO ledger_nodes (pos, hash) VALUES', 2);
    this.insertSubjects = new BatchInsert(db, 'INSERT OR IGNORE INTO ledger_subjects (bucket, key, idx) VALUES', 3);
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

  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
    return hashChildren(left, right);
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
    return {
      size: h.size,
      root: foldSubtrees(
        h.frontier.map((f) => f.hash),
        hashChildren,
      ),
    };
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
    // Subject keys are random: inserted in index order after the batch (bucket, then key), each
    // index page is visited once per batch instead of hopping around the B-tree.
    const subjects: { key: number; index: number }[] = [];
    const entryRows: unknown[] = [];
    const nodeRows: unknown[] = [];
    for (const { bytes, subjectKeys } of entries) {
      const leaf = hashLeaf(bytes);
      chain = chainNext(chain, leaf);
      entryRows.push(size, bytes, chain);
      for (const key of subjectKeys) subjects.push({ key, index: size });
      let hash = leaf;
      let level = 0;
      let index = size;
      while (frontier.length > 0 && frontier[frontier.length - 1].level === level) {
        const left = frontier.pop()!;
        hash = hashChildren(left.hash, hash);
        level += 1;
        index = left.index / 2;
        if (isStoredLevel(level)) nodeRows.push(postOrderPosition(level, index), hash);
      }
      frontier.push({ level, index, hash });
      out.push({ index: size, leafHash: leaf });
      size += 1;
    }
    subjects.sort((a, b) => subjectBucket(a.index) - subjectBucket(b.index) || a.key - b.key || a.index - b.index);
    const subjectRows: number[] = [];
    for (const { key, index } of subjects) subjectRows.push(subjectBucket(index), key, index);
    try {
      this.insertEntries.run(entryRows);
      this.insertNodes.run(nodeRows);
      this.insertSubjects.run(subjectRows);
    } catch (error) {
      // Positions past the last entry row are already taken only if entry rows were deleted behind the node's back.
      if ((error as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT')) {
        throw damaged(`tree or index rows already exist for entry ${start.size} onwards: entries were deleted`);
      }
      throw error;
    }
    heads.set(this.db, { size, chain, frontier });
    return out;
  }
}
