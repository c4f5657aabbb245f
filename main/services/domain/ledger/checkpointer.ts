/**
 * Signs checkpoints, and refuses to sign one that is inconsistent with any
 * checkpoint it signed before. What the node has promised is known from two
 * durable places — the newest row of ledger_checkpoints and the signed-head
 * file — and a new checkpoint is signed only if
 *   1. the tree still has at least that many entries and the same root at
 *      that size (so the new tree is an extension of every earlier one), and
 *   2. the entries appended since then re-hash (leaf hashes, chain, tree) to
 *      exactly the root about to be signed.
 * The promise is written to the signed-head file (fsync'd) before the row is
 * committed and the note returned, all under the database write lock.
 */
import { AffixError } from '../../../../shared/errors/affix-error';
import { bytesEqual, utf8 } from '../../../../shared/ledger/bytes';
import { formatCheckpointText, parseCheckpointText } from '../../../../shared/ledger/checkpoint';
import { ed25519VerifySync } from '../../../../shared/ledger/ed25519';
import { formatNote, parseNote, signNoteText, signsWith, type VerifierKey } from '../../../../shared/ledger/note';
import { foldSubtrees, perfectDecomposition, treeRoot } from '../../../../shared/ledger/tree';
import type { Db } from '../../core/store/database';
import { readSignedHead, writeSignedHead } from './signed-head';
import { chainNext, hashChildren, hashLeaf } from './node-hashing';
import { damaged, ZERO_CHAIN, type TreeStore } from './tree-store';

export interface StoredCheckpoint {
  size: number;
  rootHash: Uint8Array;
  /** The signed note exactly as issued. */
  note: string;
  signedAt: string;
}

interface SignedPromise {
  size: number;
  rootHash: Uint8Array;
  note: string;
  source: 'database' | 'signed-head file';
}

interface CheckpointRow {
  size: number;
  root: Buffer;
  note: string;
  signed_at: string;
}

const toStored = (r: CheckpointRow): StoredCheckpoint => ({
  size: r.size,
  rootHash: new Uint8Array(r.root),
  note: r.note,
  signedAt: r.signed_at,
});

const refuse = (message: string): AffixError => new AffixError('REFUSED', `${message} The node refuses to sign.`);

export class Checkpointer {
  constructor(
    private readonly db: Db,
    private readonly store: TreeStore,
    private readonly home: string,
    private readonly key: VerifierKey,
    private readonly seed: () => Uint8Array,
    private readonly now: () => Date,
  ) {}

  latest(): StoredCheckpoint | null {
    const r = this.db.prepare<[], CheckpointRow>('SELECT size, root, note, signed_at FROM ledger_checkpoints ORDER BY size DESC LIMIT 1').get();
    return r ? toStored(r) : null;
  }

  at(size: number): StoredCheckpoint | null {
    const r = this.db.prepare<[number], CheckpointRow>('SELECT size, root, note, signed_at FROM ledger_checkpoints WHERE size = ?').get(size);
    return r ? toStored(r) : null;
  }

  list(limit: number, beforeSize?: number): StoredCheckpoint[] {
    return this.db
      .prepare<[number, number], CheckpointRow>('SELECT size, root, note, signed_at FROM ledger_checkpoints WHERE size < ? ORDER BY size DESC LIMIT ?')
      .all(beforeSize ?? Number.MAX_SAFE_INTEGER, limit)
      .map(toStored);
  }

  /** Signs a checkpoint of the current tree, or returns the latest one if the tree has not grown. */
  sign(): { checkpoint: StoredCheckpoint; created: boolean } {
    return this.db.transaction(() => this.signLocked()).immediate();
  }

  private signLocked(): { checkpoint: StoredCheckpoint; created: boolean } {
    const { size, root } = this.store.currentRoot();
    const promises = this.promises();
    for (const p of promises) {
      if (p.size > size) {
        throw refuse(
          `The ledger holds ${size} entries but the node already signed a checkpoint of ${p.size} entries (${p.source}): entries were removed — an older database was restored, or it was tampered with.`,
        );
      }
      if (!bytesEqual(treeRoot(this.store, p.size), p.rootHash)) {
        throw refuse(`The first ${p.size} entries no longer hash to the root the node signed for that size (${p.source}): the ledger was altered.`);
      }
    }
    // A checkpoint only the signed-head file knows (a crash between the file and the row): keep its row too.
    for (const p of promises) if (p.source === 'signed-head file' && !this.at(p.size)) this.record(p.size, p.rootHash, p.note);
    const last = promises.reduce<SignedPromise | null>((a, p) => (a === null || p.size > a.size ? p : a), null);
    if (last && last.size === size) {
      const existing = this.at(size);
      return { checkpoint: existing!, created: false };
    }
    this.checkAppendedSince(last?.size ?? 0, size, root);
    const text = formatCheckpointText({ origin: this.key.name, size, rootHash: root, extensions: [] });
    const note = formatNote({ text, signatures: [signNoteText(text, this.key.name, this.seed())] });
    writeSignedHead(this.home, note);
    return { checkpoint: this.record(size, root, note), created: true };
  }

  private record(size: number, root: Uint8Array, note: string): StoredCheckpoint {
    const signedAt = this.now().toISOString();
    this.db.prepare('INSERT INTO ledger_checkpoints (size, root, note, signed_at) VALUES (?, ?, ?, ?)').run(size, root, note, signedAt);
    return { size, rootHash: root, note, signedAt };
  }

  /** What the node has promised so far, from the database and the signed-head file. */
  private promises(): SignedPromise[] {
    const out: SignedPromise[] = [];
    const latest = this.latest();
    if (latest) out.push({ size: latest.size, rootHash: latest.rootHash, note: latest.note, source: 'database' });
    const file = readSignedHead(this.home);
    if (file !== null) {
      const opened = this.openOwn(file);
      if (!opened) throw refuse('The signed-head file (ledger/signed-head.note) is damaged or not signed by this node.');
      out.push({ ...opened, note: file, source: 'signed-head file' });
    }
    return out;
  }

  /** Parses a checkpoint note this node signed and checks its signature (synchronously). */
  openOwn(note: string): { size: number; rootHash: Uint8Array } | null {
    try {
      const n = parseNote(note);
      const cp = parseCheckpointText(n.text);
      const sig = n.signatures.find((s) => signsWith(s, this.key));
      if (cp.origin !== this.key.name || !sig || !ed25519VerifySync(sig.signature, utf8(n.text), this.key.publicKey)) return null;
      return { size: cp.size, rootHash: cp.rootHash };
    } catch {
      return null;
    }
  }

  /** Re-hashes the entries in [from, to) from their bytes and checks they give the root about to be signed. */
  private checkAppendedSince(from: number, to: number, expectedRoot: Uint8Array): void {
    const frontier = perfectDecomposition(0, from).map((s) => ({ level: s.level, hash: this.store.perfect(s.level, s.index) }));
    let chain =
      from === 0
        ? ZERO_CHAIN
        : new Uint8Array(
            this.db
              .prepare<[number], Buffer>('SELECT chain FROM ledger_entries WHERE idx = ?')
              .pluck()
              .get(from - 1) ?? ZERO_CHAIN,
          );
    const rows = this.db.prepare<[number, number, number], { idx: number; entry: Buffer; chain: Buffer }>(
      'SELECT idx, entry, chain FROM ledger_entries WHERE idx >= ? AND idx < ? ORDER BY idx LIMIT ?',
    );
    const CHUNK = 8192;
    for (let at = from; at < to;) {
      const batch = rows.all(at, to, CHUNK);
      if (batch.length === 0) throw refuse(`Entry ${at} is missing.`);
      for (const row of batch) {
        if (row.idx !== at) throw refuse(`Entry ${at} is missing.`);
        const leaf = hashLeaf(row.entry);
        chain = chainNext(chain, leaf);
        if (!bytesEqual(chain, row.chain)) throw refuse(`Entry ${at} was altered, inserted or moved (its chain value does not match).`);
        let hash = leaf;
        let level = 0;
        while (frontier.length > 0 && frontier[frontier.length - 1].level === level) {
          hash = hashChildren(frontier.pop()!.hash, hash);
          level += 1;
        }
        frontier.push({ level, hash });
        at += 1;
      }
    }
    if (
      !bytesEqual(
        foldSubtrees(
          frontier.map((f) => f.hash),
          hashChildren,
        ),
        expectedRoot,
      )
    ) {
      throw damaged(`the stored tree of ${to} entries does not match the entries themselves`);
    }
  }
}
