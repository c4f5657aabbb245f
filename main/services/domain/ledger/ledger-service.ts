/**
 * The embedded ledger node: the one way services append to the log
 * (`Anchor`), read it (`AuditTrail`), sign checkpoints, serve proofs and run
 * the audit. Appends are synchronous SQLite transactions (nested inside the
 * caller's transaction when there is one, so an anchored event and the row it
 * anchors commit together); checkpoints follow automatically, at most once per
 * `checkpointIntervalMs`, always outside any transaction, and once more when
 * the service closes, so every acknowledged entry ends up under a signed root.
 */
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import { fromHex, toHex } from '../../../../shared/ledger/bytes';
import { formatConsistencyProof } from '../../../../shared/ledger/consistency-proof';
import { decodeEntry, encodeEntry, normalizeEntry, type LedgerEntry } from '../../../../shared/ledger/entry';
import {
  LEDGER_ENTRY_TYPES,
  type AnchoredEntry,
  type AnchorReceipt,
  type AuditTrail,
  type Anchor,
  type NewLedgerEntry,
} from '../../../../shared/ledger/entry-types';
import { formatVerifierKey, SIG_ED25519, verifierKey, type VerifierKey } from '../../../../shared/ledger/note';
import { formatTlogProof } from '../../../../shared/ledger/tlog-proof';
import { consistencyProof, inclusionProof, treeRoot } from '../../../../shared/ledger/tree';
import type { Transaction } from 'better-sqlite3';
import type { UnattendedSealing } from '../../core/secrets/unattended-key';
import type { Workspace } from '../../core/workspace/workspace';
import type { Steps } from '../../core/jobs/steps';
import { auditLedger, auditSnapshot, type AuditReport } from './audit';
import { Checkpointer, type StoredCheckpoint } from './checkpointer';
import { createNodeKey, loadNodeSeed, readNodePublicKey } from './node-key';
import { hashLeaf } from './node-hashing';
import { defaultOrigin, validateOrigin } from './origin';
import { subjectBucket, subjectKey, TreeStore } from './tree-store';
import { cosignedNote } from './cosigned-note';

export interface LedgerOptions {
  /** Origin for a node created by this service (else $AFFIX_LEDGER_ORIGIN, else the default). */
  origin?: string;
  /** Minimum time between automatic checkpoints; 0 disables them (checkpoints on demand and on close only). */
  checkpointIntervalMs?: number;
  now?: () => Date;
}

export interface LedgerIdentity {
  origin: string;
  publicKey: Uint8Array;
  key: VerifierKey;
}

export interface LedgerStatus {
  origin: string;
  verifierKey: string;
  size: number;
  rootHash: string;
  checkpointSize: number | null;
  checkpointAt: string | null;
  /** Why the last automatic checkpoint failed, if it did. */
  checkpointError: string | null;
}

/** Native hex for the hot path (shared toHex is portable, and slower). */
const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
/** subjectKey() of a lowercase hex digest without decoding it. */
const subjectKeyOfHex = (digest: string): number => parseInt(digest.slice(0, 8), 16) | 0;

const KNOWN_TYPES: ReadonlySet<string> = new Set(LEDGER_ENTRY_TYPES);
const MAX_BATCH = 100_000;

export class LedgerService implements Anchor, AuditTrail {
  private readonly store: TreeStore;
  private identity: LedgerIdentity | null = null;
  private checkpointer: Checkpointer | null = null;
  private seed: Uint8Array | null = null;
  private readonly interval: number;
  private readonly now: () => Date;
  private timer: NodeJS.Timeout | null = null;
  private lastAutoCheckpoint = 0;
  private dirty = false;
  private checkpointError: string | null = null;
  private closed = false;
  /** The store's append in a transaction, made once (db.transaction() prepares its statements on every call; the servers append per batch). */
  private readonly appendLocked: Transaction<TreeStore['append']>;

  constructor(
    private readonly ws: Workspace,
    private readonly sealing: UnattendedSealing,
    private readonly options: LedgerOptions = {},
  ) {
    this.store = new TreeStore(ws.db);
    this.appendLocked = ws.db.transaction((encoded: Parameters<TreeStore['append']>[0]) => this.store.append(encoded));
    this.interval = options.checkpointIntervalMs ?? 1000;
    this.now = options.now ?? (() => new Date());
  }

  // ── identity ────────────────────────────────────────────────────────────

  /** The node's identity, or null when the node was never set up in this workspace. */
  node(): LedgerIdentity | null {
    if (this.identity) return this.identity;
    const row = this.ws.db.prepare<[], { origin: string; public_key: Buffer }>('SELECT origin, public_key FROM ledger_node WHERE id = 1').get();
    if (!row) return null;
    const publicKey = new Uint8Array(row.public_key);
    this.identity = { origin: row.origin, publicKey, key: verifierKey(row.origin, SIG_ED25519, publicKey) };
    return this.identity;
  }

  /**
   * Sets the node up (key file + identity row) unless it already is. A key
   * file without an identity row is a setup interrupted by a crash: adopted.
   */
  ensureNode(): LedgerIdentity {
    const existing = this.node();
    if (existing) {
      const filePk = readNodePublicKey(this.ws.home);
      if (!filePk) throw new AffixError('REFUSED', `The ledger node key file is missing from ${this.ws.home}/ledger; the node cannot sign.`);
      return existing;
    }
    const origin = validateOrigin(
      this.options.origin ?? (process.env.AFFIX_LEDGER_ORIGIN || defaultOrigin(this.ws.meta('workspace_id') ?? '', this.ws.meta('organisation_name'))),
    );
    const publicKey = readNodePublicKey(this.ws.home) ?? createNodeKey(this.ws.home, this.sealing);
    this.ws.db
      .prepare('INSERT OR IGNORE INTO ledger_node (id, origin, public_key, created_at) VALUES (1, ?, ?, ?)')
      .run(origin, publicKey, this.now().toISOString());
    this.identity = null;
    return this.node()!;
  }

  private signer(): Checkpointer {
    if (this.checkpointer) return this.checkpointer;
    const id = this.ensureNode();
    this.checkpointer = new Checkpointer(this.ws.db, this.store, this.ws.home, id.key, () => this.nodeSeed(id), this.now);
    return this.checkpointer;
  }

  private nodeSeed(id: LedgerIdentity): Uint8Array {
    this.seed ??= loadNodeSeed(this.ws.home, this.sealing, id.publicKey);
    return this.seed;
  }

  /** Read-only view of stored checkpoints; works without the signing key. */
  private checkpoints(): Checkpointer | null {
    if (this.checkpointer) return this.checkpointer;
    const id = this.node();
    if (!id) return null;
    return new Checkpointer(this.ws.db, this.store, this.ws.home, id.key, () => this.nodeSeed(id), this.now);
  }

  // ── appends ─────────────────────────────────────────────────────────────

  append(entry: NewLedgerEntry): AnchorReceipt {
    return this.appendMany([entry])[0];
  }

  /** Appends a batch in one transaction (a savepoint inside the caller's transaction, if any). */
  appendMany(entries: readonly NewLedgerEntry[]): AnchorReceipt[] {
    this.assertOpen();
    if (entries.length > MAX_BATCH) throw badInput(`A ledger batch holds at most ${MAX_BATCH} entries (got ${entries.length}).`);
    const now = this.now();
    const encoded = entries.map((e) => {
      if (!KNOWN_TYPES.has(e.type)) throw badInput(`Ledger entry type "${e.type}" is not one of: ${LEDGER_ENTRY_TYPES.join(', ')}.`);
      const normal = normalizeEntry(e, now);
      const keys = normal.subjects.map(subjectKeyOfHex);
      return { bytes: encodeEntry(normal), subjectKeys: keys.length > 1 ? [...new Set(keys)] : keys };
    });
    // IMMEDIATE: take the write lock before reading the tree head, so another process (the app and
    // the CLI on one workspace) cannot append in between; inside a caller's transaction it is a savepoint.
    const appended = this.appendLocked.immediate(encoded);
    this.scheduleCheckpoint();
    return appended.map((a) => ({ index: a.index, leafHash: hex(a.leafHash) }));
  }

  // ── checkpoints ─────────────────────────────────────────────────────────

  /** Signs a checkpoint of the current tree (or returns the latest when nothing was appended since). */
  checkpoint(): { checkpoint: StoredCheckpoint; created: boolean } {
    this.assertOpen();
    if (this.ws.db.inTransaction) throw new AffixError('INTERNAL', 'Checkpoints are never signed inside a transaction.');
    const result = this.signer().sign();
    this.dirty = false;
    this.checkpointError = null;
    return result;
  }

  latestCheckpoint(): StoredCheckpoint | null {
    return this.checkpoints()?.latest() ?? null;
  }

  listCheckpoints(limit: number, beforeSize?: number): StoredCheckpoint[] {
    return this.checkpoints()?.list(limit, beforeSize) ?? [];
  }

  private scheduleCheckpoint(): void {
    this.dirty = true;
    if (this.interval <= 0 || this.timer) return;
    const wait = Math.max(0, this.lastAutoCheckpoint + this.interval - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.autoCheckpoint();
    }, wait);
    this.timer.unref?.();
  }

  /** Never throws: a failed automatic checkpoint is reported in status and retried after the next append. */
  private autoCheckpoint(): void {
    if (this.closed || !this.dirty) return;
    if (this.ws.db.inTransaction) {
      this.scheduleCheckpoint();
      return;
    }
    try {
      this.checkpoint();
    } catch (error) {
      this.checkpointError = (error as Error).message;
    } finally {
      // Counted from the end of signing, so two automatic checkpoints are never closer than the interval.
      this.lastAutoCheckpoint = Date.now();
    }
  }

  // ── reads and proofs ────────────────────────────────────────────────────

  size(): number {
    return this.store.size();
  }

  status(): LedgerStatus | null {
    const id = this.node();
    if (!id) return null;
    const { size, root } = this.store.currentRoot();
    const latest = this.latestCheckpoint();
    return {
      origin: id.origin,
      verifierKey: formatVerifierKey(id.key),
      size,
      rootHash: toHex(root),
      checkpointSize: latest?.size ?? null,
      checkpointAt: latest?.signedAt ?? null,
      checkpointError: this.checkpointError,
    };
  }

  /** The node's verifier key; sets the node up first if it never was (reading it needs no signing key). */
  verifierKey(): string {
    return formatVerifierKey((this.node() ?? this.ensureNode()).key);
  }

  origin(): string {
    return (this.node() ?? this.ensureNode()).origin;
  }

  entry(index: number): AnchoredEntry {
    this.assertIndex(index, this.size());
    const bytes = this.store.entryBytes(index);
    return { index, leafHash: toHex(hashLeaf(bytes)), entry: decodeEntry(bytes) };
  }

  /** Entries [from, from+limit) with their raw bytes' leaf hashes; undecodable rows are reported, not hidden. */
  entries(from: number, limit: number): (AnchoredEntry & { bytes: Uint8Array })[] {
    const rows = this.ws.db
      .prepare<[number, number], { idx: number; entry: Buffer }>('SELECT idx, entry FROM ledger_entries WHERE idx >= ? ORDER BY idx LIMIT ?')
      .all(from, limit);
    return rows.map((r) => {
      const bytes = new Uint8Array(r.entry);
      return { index: r.idx, leafHash: toHex(hashLeaf(bytes)), entry: decodeStored(bytes, r.idx), bytes };
    });
  }

  findBySubject(sha256: string): AnchoredEntry[] {
    const digest = /^[0-9a-f]{64}$/.test(sha256) ? fromHex(sha256) : null;
    if (!digest) throw badInput(`"${sha256}" is not a lowercase hex SHA-256 digest.`);
    const inBucket = this.ws.db.prepare<[number, number], number>('SELECT idx FROM ledger_subjects WHERE bucket = ? AND key = ? ORDER BY idx').pluck();
    const key = subjectKey(digest);
    const indices: number[] = [];
    for (let b = 0, last = subjectBucket(Math.max(0, this.size() - 1)); b <= last; b++) indices.push(...inBucket.all(b, key));
    return indices.map((i) => this.entry(i)).filter((e) => e.entry.subjects.includes(sha256));
  }

  /** The checkpoint of exactly `size` entries, or the latest one (signing a new one if it does not cover `index`). */
  private checkpointFor(size: number | undefined, index: number): StoredCheckpoint {
    if (size !== undefined) {
      const cp = this.checkpoints()?.at(size) ?? (size === this.size() ? this.checkpoint().checkpoint : null);
      if (!cp) throw new AffixError('NOT_FOUND', `The node never signed a checkpoint of size ${size} (latest: ${this.latestCheckpoint()?.size ?? 'none'}).`);
      return cp;
    }
    const latest = this.latestCheckpoint();
    if (latest && latest.size > index) return latest;
    return this.checkpoint().checkpoint;
  }

  /** A C2SP tlog-proof that entry `index` is in the tree of the latest checkpoint (or of the one of `size`). */
  prove(index: number, size?: number): { proof: string; index: number; size: number; leafHash: string; hashes: number } {
    this.assertIndex(index, this.size());
    const cp = this.checkpointFor(size, index);
    this.assertIndex(index, cp.size);
    const read = this.ws.db.transaction(() => {
      const bytes = this.store.entryBytes(index);
      return { bytes, hashes: inclusionProof(this.store, index, cp.size) };
    });
    const { bytes, hashes } = read();
    return {
      // With the witnesses' cosignatures received for this checkpoint, so the proof stands without asking the log.
      proof: formatTlogProof({ extra: bytes, index, hashes, checkpoint: cosignedNote(this.ws.db, cp.size, cp.note) }),
      index,
      size: cp.size,
      leafHash: toHex(hashLeaf(bytes)),
      hashes: hashes.length,
    };
  }

  /** Raw RFC 9162 inclusion proof against any size up to the current one (for benches and offline tools). */
  inclusionHashes(index: number, size: number): Uint8Array[] {
    this.assertIndex(index, size);
    if (size > this.size()) throw badInput(`Tree size ${size} is larger than the ledger (${this.size()} entries).`);
    return inclusionProof(this.store, index, size);
  }

  rootAt(size: number): Uint8Array {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size()) throw badInput(`Tree size ${size} is not between 0 and ${this.size()}.`);
    return treeRoot(this.store, size);
  }

  /** An RFC 9162 consistency proof from size `from` to the checkpoint of size `to` (default: the latest). */
  consistency(from: number, to?: number): { proof: string; from: number; to: number; oldRoot: string; newRoot: string } {
    const cp = to === undefined ? this.checkpointFor(undefined, Math.max(0, this.size() - 1)) : this.checkpointFor(to, 0);
    if (!Number.isSafeInteger(from) || from < 0 || from > cp.size) {
      throw badInput(`--from ${from} must be between 0 and the checkpoint's size ${cp.size}.`);
    }
    const hashes = consistencyProof(this.store, from, cp.size);
    return {
      proof: formatConsistencyProof({ oldSize: from, hashes, checkpoint: cp.note }),
      from,
      to: cp.size,
      oldRoot: toHex(treeRoot(this.store, from)),
      newRoot: toHex(cp.rootHash),
    };
  }

  /** The full audit (`affix ledger verify`). */
  async audit(): Promise<AuditReport> {
    return auditLedger(this.ws.db, this.ws.home, this.auditKey());
  }

  /** The same audit as steps with progress (entries), over a snapshot taken when the first step runs: for the audit job. */
  auditSteps(): Steps<AuditReport> {
    return auditSnapshot(this.ws.databasePath, this.ws.home, this.auditKey());
  }

  private auditKey(): VerifierKey {
    const id = this.node();
    if (!id) throw new AffixError('NOT_INITIALISED', 'The ledger node is not set up in this workspace (run "affix init").');
    return id.key;
  }

  // ── lifecycle ───────────────────────────────────────────────────────────

  /** Signs a last checkpoint covering everything appended, then stops the timer. Never throws. */
  close(): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.dirty && this.ws.db.open && !this.ws.db.inTransaction) {
      try {
        this.checkpoint();
      } catch (error) {
        this.checkpointError = (error as Error).message;
        if (process.env.AFFIX_DEBUG) console.error(`[affix] ledger: final checkpoint failed: ${this.checkpointError}`);
      }
    }
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new AffixError('INTERNAL', 'The ledger service is closed.');
  }

  private assertIndex(index: number, size: number): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new AffixError('NOT_FOUND', `No ledger entry ${index}: the tree has ${size} entries.`);
    }
  }
}

/** A stored row that no longer decodes is a damaged database: say so and point at the audit. */
function decodeStored(bytes: Uint8Array, index: number): LedgerEntry {
  try {
    return decodeEntry(bytes);
  } catch (error) {
    throw new AffixError('INTERNAL', `Ledger entry ${index} is damaged: ${(error as Error).message}. Run "affix ledger verify".`);
  }
}
