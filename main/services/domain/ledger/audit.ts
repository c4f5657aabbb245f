/**
 * The full audit behind `affix ledger verify`: recomputes everything from the
 * entry bytes, in one streaming pass with flat memory, and compares it with
 * what is stored and what was signed:
 *   - every entry decodes canonically and the indices are contiguous;
 *   - the hash chain matches row by row (names the exact edited, deleted,
 *     inserted or reordered row even when the tree rows were left alone);
 *   - every stored tree node equals the recomputed one;
 *   - every stored checkpoint (and the signed-head file) carries a valid
 *     signature by the node key and equals the recomputed root at its size;
 *   - the subject index lists exactly the entries' subjects.
 * The first bad index is the lowest entry index a problem points at exactly;
 * problems that only bound a range (a tree node, a checkpoint) count with the
 * range's start when no exact problem lies inside that range.
 *
 * The audit is written once, as steps (`auditSteps`) that report entries done
 * of the total between chunks; `auditLedger` drains them for the CLI, and the
 * ledger's audit job runs them with progress and cancel.
 */
import { bytesEqual, fromHex } from '../../../../shared/ledger/bytes';
import { openCheckpoint } from '../../../../shared/ledger/checkpoint';
import { decodeEntry } from '../../../../shared/ledger/entry';
import { emptyRoot } from '../../../../shared/ledger/merkle';
import type { VerifierKey } from '../../../../shared/ledger/note';
import { foldSubtrees } from '../../../../shared/ledger/tree';
import { drainSteps, type StepProgress, type Steps } from '../../core/jobs/steps';
import { openDatabase, type Db } from '../../core/store/database';
import { readNodePublicKey } from './node-key';
import { readSignedHead } from './signed-head';
import { isStoredLevel, postOrderPosition } from './tree-positions';
import { chainNext, hashChildren, hashLeaf } from './node-hashing';
import { subjectBucket, subjectKey, ZERO_CHAIN } from './tree-store';

export interface AuditProblem {
  /** The first entry index concerned, or null for problems that are not about entries (a forged checkpoint). */
  index: number | null;
  /** For range problems: one past the last index concerned. */
  rangeEnd?: number;
  message: string;
}

export interface AuditReport {
  ok: boolean;
  /** Entry rows found. */
  entries: number;
  checkpointsChecked: number;
  latestCheckpointSize: number | null;
  firstBadIndex: number | null;
  problemCount: number;
  /** The first problems, in index order. */
  problems: AuditProblem[];
}

const MAX_LISTED = 50;
const CHUNK = 8192;
/** Entries between two progress reports: a step is a few milliseconds of hashing. */
const STEP = 1024;

/** Order-independent 64-bit fingerprint of (subject key, index) pairs, in two 32-bit lanes. */
class PairFingerprint {
  a = 0;
  b = 0;
  count = 0;
  add(key: number, idx: number): void {
    const x = Math.imul(key ^ Math.imul(idx, 0x9e3779b1), 0x85ebca77) ^ (idx >>> 0);
    const y = Math.imul(key + 0x632be5ab, 0xc2b2ae35) ^ Math.imul(idx + 0x27d4eb2f, 0x165667b1);
    this.a = (this.a + (x ^ (x >>> 15))) >>> 0;
    this.b = (this.b + (y ^ (y >>> 13))) >>> 0;
    this.count += 1;
  }
  equals(o: PairFingerprint): boolean {
    return this.a === o.a && this.b === o.b && this.count === o.count;
  }
}

/** Collects problems with bounded memory while keeping what the first bad index needs. */
class Findings {
  count = 0;
  readonly listed: AuditProblem[] = [];
  private readonly exactIndices: number[] = [];
  private readonly ranges: [number, number][] = [];

  add(p: AuditProblem): void {
    this.count += 1;
    if (this.listed.length < 1000) this.listed.push(p);
    if (p.index === null) return;
    if (p.rangeEnd === undefined) this.exactIndices.push(p.index);
    else if (this.ranges.length < 10_000) this.ranges.push([p.index, p.rangeEnd]);
  }

  firstBadIndex(): number | null {
    const exact = [...this.exactIndices].sort((a, b) => a - b);
    const hasExactIn = (a: number, b: number): boolean => {
      let lo = 0;
      let hi = exact.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (exact[mid] < a) lo = mid + 1;
        else hi = mid;
      }
      return lo < exact.length && exact[lo] < b;
    };
    let first = exact.length ? exact[0] : Infinity;
    for (const [a, b] of this.ranges) if (a < first && !hasExactIn(a, b)) first = a;
    return first === Infinity ? null : first;
  }
}

export function auditLedger(db: Db, home: string, key: VerifierKey): Promise<AuditReport> {
  return drainSteps(auditSteps(db, home, key));
}

/**
 * The audit as steps over a snapshot of the database file, for the audit job:
 * a read transaction on a connection of its own, so appends and checkpoints
 * made while it pauses between steps are neither audited nor taken for damage.
 */
export async function* auditSnapshot(databasePath: string, home: string, key: VerifierKey): Steps<AuditReport> {
  const db = openDatabase(databasePath, { readonly: true });
  try {
    db.exec('BEGIN'); // deferred: the snapshot is taken by the first read
    return yield* auditSteps(db, home, key);
  } finally {
    db.close();
  }
}

/** The audit as steps: yields entries checked of the entry rows' extent (the highest index + 1), returns the report. */
export async function* auditSteps(db: Db, home: string, key: VerifierKey): Steps<AuditReport> {
  const total = (db.prepare<[], number | null>('SELECT MAX(idx) + 1 FROM ledger_entries').pluck().get() ?? 0) as number;
  const findings = new Findings();
  const problems = { push: (p: AuditProblem): void => findings.add(p) };
  const exact = (index: number | null, message: string): void => findings.add({ index, message });

  // Signed checkpoints: each must verify and, later, match the recomputed root at its size.
  const filePk = safe(() => readNodePublicKey(home));
  if (filePk && !bytesEqual(filePk, key.publicKey)) exact(null, "the node key file's public key differs from the node's recorded public key");
  const targets = new Map<number, { root: Uint8Array; source: string }>();
  const rows = db.prepare<[], { size: number; root: Buffer; note: string }>('SELECT size, root, note FROM ledger_checkpoints ORDER BY size').all();
  // The file changes as the node signs: read it now, with the rows (one snapshot, see auditSnapshot), before any step.
  const head = readSignedHead(home);
  let checkpointsChecked = 0;
  for (const row of rows) {
    if (checkpointsChecked % STEP === STEP - 1) yield { done: 0, total }; // a long-lived node has signed many
    const verdict = await openCheckpointSafely(row.note, key);
    checkpointsChecked += 1;
    if (!verdict.ok) {
      exact(null, `checkpoint of size ${row.size}: ${verdict.reason}`);
      continue;
    }
    if (verdict.size !== row.size || !bytesEqual(verdict.root, row.root)) {
      exact(null, `checkpoint row of size ${row.size} does not match its own signed note (size ${verdict.size})`);
    }
    targets.set(verdict.size, { root: verdict.root, source: `checkpoint of size ${verdict.size}` });
  }
  if (head !== null) {
    const verdict = await openCheckpointSafely(head, key);
    checkpointsChecked += 1;
    if (!verdict.ok) exact(null, `signed-head file: ${verdict.reason}`);
    else if (!targets.has(verdict.size)) targets.set(verdict.size, { root: verdict.root, source: `signed-head checkpoint of size ${verdict.size}` });
  }
  const targetSizes = [...targets.keys()].sort((a, b) => a - b);
  const latestCheckpointSize = targetSizes.length ? targetSizes[targetSizes.length - 1] : null;

  // One streaming pass over entries and tree nodes.
  const entryRows = db.prepare<[number, number], { idx: number; entry: Buffer; chain: Buffer }>(
    'SELECT idx, entry, chain FROM ledger_entries WHERE idx >= ? ORDER BY idx LIMIT ?',
  );
  const nodeRows = db.prepare<[number, number], { pos: number; hash: Buffer }>('SELECT pos, hash FROM ledger_nodes WHERE pos >= ? ORDER BY pos LIMIT ?');
  let nodeBuf: { pos: number; hash: Buffer }[] = [];
  let nodeAt = 0;
  let nodeNext = 0;
  const peekNode = (): { pos: number; hash: Buffer } | null => {
    if (nodeAt >= nodeBuf.length) {
      nodeBuf = nodeRows.all(nodeNext, CHUNK);
      nodeAt = 0;
      if (nodeBuf.length === 0) return null;
      nodeNext = nodeBuf[nodeBuf.length - 1].pos + 1;
    }
    return nodeBuf[nodeAt];
  };
  let unexpectedNodes = 0;
  const compareNode = (level: number, index: number, hash: Uint8Array): void => {
    const pos = postOrderPosition(level, index);
    let row = peekNode();
    while (row && row.pos < pos) {
      unexpectedNodes += 1;
      nodeAt += 1;
      row = peekNode();
    }
    const start = index * 2 ** level;
    const end = start + 2 ** level;
    if (!row || row.pos !== pos) problems.push({ index: start, rangeEnd: end, message: `the stored tree lacks the node over entries ${start}..${end - 1}` });
    else {
      if (!bytesEqual(row.hash, hash))
        problems.push({ index: start, rangeEnd: end, message: `the stored tree node over entries ${start}..${end - 1} differs from the entries` });
      nodeAt += 1;
    }
  };

  const expectedPairs = new PairFingerprint();
  const frontier: { level: number; hash: Uint8Array }[] = [];
  let chain = ZERO_CHAIN;
  let count = 0;
  let targetAt = 0;
  let previousTarget = 0;
  if (targets.has(0)) {
    targetAt = 1;
    if (!bytesEqual(emptyRoot(), targets.get(0)!.root)) exact(null, 'the checkpoint of size 0 does not carry the empty tree hash');
  }
  for (let after = 0; ;) {
    const batch = entryRows.all(after, CHUNK);
    if (batch.length === 0) break;
    after = batch[batch.length - 1].idx + 1;
    for (const row of batch) {
      if (row.idx !== count) exact(count, `entry ${count} is missing (the next row has index ${row.idx})`);
      let subjects: string[] = []; // an undecodable entry still takes part in the tree check below
      try {
        subjects = decodeEntry(row.entry).subjects;
      } catch (error) {
        exact(row.idx, `entry ${row.idx} is not a valid entry: ${(error as Error).message}`);
      }
      const leaf = hashLeaf(row.entry);
      const expectedChain = chainNext(chain, leaf);
      if (!bytesEqual(expectedChain, row.chain)) {
        exact(row.idx, `entry ${row.idx} was edited, inserted or moved (its chain value does not follow from the entries before it)`);
        chain = new Uint8Array(row.chain); // resynchronise so one edit is reported once
      } else chain = expectedChain;
      for (const k of new Set(subjects.map((s) => subjectKey(fromHex(s)!)))) expectedPairs.add(k, row.idx);

      let hash = leaf;
      let level = 0;
      let index = count;
      while (frontier.length > 0 && frontier[frontier.length - 1].level === level) {
        hash = hashChildren(frontier.pop()!.hash, hash);
        level += 1;
        index = Math.floor(index / 2);
        if (isStoredLevel(level)) compareNode(level, index, hash);
      }
      frontier.push({ level, hash });
      count += 1;
      if (count % STEP === 0) yield { done: Math.min(count, total), total };
      while (targetAt < targetSizes.length && targetSizes[targetAt] <= count) {
        const size = targetSizes[targetAt++];
        if (size === count) {
          const t = targets.get(size)!;
          if (
            !bytesEqual(
              foldSubtrees(
                frontier.map((f) => f.hash),
                hashChildren,
              ),
              t.root,
            )
          ) {
            problems.push({ index: previousTarget, rangeEnd: size, message: `the entries no longer hash to the root of the ${t.source}` });
          }
          previousTarget = size;
        }
      }
    }
  }
  const lastTarget = latestCheckpointSize ?? 0;
  if (lastTarget > count) {
    exact(count, `entries ${count}..${lastTarget - 1} are missing: the node signed a checkpoint of ${lastTarget} entries`);
  }
  for (let row = peekNode(); row; row = peekNode()) {
    unexpectedNodes += 1;
    nodeAt += 1;
  }
  if (unexpectedNodes > 0) {
    problems.push({
      index: count,
      rangeEnd: Number.MAX_SAFE_INTEGER,
      message: `${unexpectedNodes} stored tree node(s) belong to no entry (rows were removed or added)`,
    });
  }

  // Subject index: compare fingerprints, and only look row by row when they differ.
  const tablePairs = new PairFingerprint();
  const subjectRows = db.prepare<[number, number, number, number], { bucket: number; key: number; idx: number }>(
    'SELECT bucket, key, idx FROM ledger_subjects WHERE (bucket, key, idx) > (?, ?, ?) ORDER BY bucket, key, idx LIMIT ?',
  );
  let misplaced = false; // a row in the wrong bucket is one that lookups never find
  for (let b = -1, k = 0, i = 0; ;) {
    const batch = subjectRows.all(b, k, i, CHUNK);
    if (batch.length === 0) break;
    for (const r of batch) {
      tablePairs.add(r.key, r.idx);
      if (r.bucket !== subjectBucket(r.idx)) misplaced = true;
    }
    ({ bucket: b, key: k, idx: i } = batch[batch.length - 1]);
    yield { done: Math.min(count, total), total };
  }
  if (misplaced || !expectedPairs.equals(tablePairs)) yield* checkSubjectRows(db, exact, count, total);

  return summarise(findings, count, checkpointsChecked, latestCheckpointSize);
}

function* checkSubjectRows(db: Db, exact: (index: number | null, message: string) => void, count: number, total: number): Generator<StepProgress, void> {
  const has = db.prepare<[number, number, number], number>('SELECT 1 FROM ledger_subjects WHERE bucket = ? AND key = ? AND idx = ?').pluck();
  const entries = db.prepare<[number, number], { idx: number; entry: Buffer }>('SELECT idx, entry FROM ledger_entries WHERE idx >= ? ORDER BY idx LIMIT ?');
  const expected = new Set<string>();
  let reported = 0;
  for (let after = 0; ;) {
    const batch = entries.all(after, CHUNK);
    if (batch.length === 0) break;
    after = batch[batch.length - 1].idx + 1;
    for (const row of batch) {
      let subjects: string[];
      try {
        subjects = decodeEntry(row.entry).subjects;
      } catch {
        continue; // already reported
      }
      for (const s of subjects) {
        const k = subjectKey(fromHex(s)!);
        expected.add(`${k}/${row.idx}`);
        if (!has.get(subjectBucket(row.idx), k, row.idx) && reported++ < MAX_LISTED)
          exact(row.idx, `entry ${row.idx} is missing from the subject index (subject ${s.slice(0, 16)}…)`);
      }
    }
    yield { done: Math.min(count, total), total };
  }
  for (const r of db.prepare<[], { bucket: number; key: number; idx: number }>('SELECT bucket, key, idx FROM ledger_subjects').iterate()) {
    if ((r.bucket !== subjectBucket(r.idx) || !expected.has(`${r.key}/${r.idx}`)) && reported++ < MAX_LISTED) {
      exact(r.idx < count ? r.idx : null, `the subject index lists entry ${r.idx} under a subject it does not name`);
    }
  }
}

function summarise(findings: Findings, entries: number, checkpointsChecked: number, latestCheckpointSize: number | null): AuditReport {
  const sorted = [...findings.listed].sort((a, b) => (a.index ?? Infinity) - (b.index ?? Infinity));
  return {
    ok: findings.count === 0,
    entries,
    checkpointsChecked,
    latestCheckpointSize,
    firstBadIndex: findings.firstBadIndex(),
    problemCount: findings.count,
    problems: sorted.slice(0, MAX_LISTED),
  };
}

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

async function openCheckpointSafely(note: string, key: VerifierKey): Promise<{ ok: true; size: number; root: Uint8Array } | { ok: false; reason: string }> {
  try {
    const v = await openCheckpoint(note, key);
    return v.ok ? { ok: true, size: v.checkpoint.size, root: v.checkpoint.rootHash } : v;
  } catch (error) {
    return { ok: false, reason: `not a checkpoint: ${(error as Error).message}` };
  }
}
