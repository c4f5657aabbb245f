/**
 * Durable group commit for the servers (witness, TSA) without blocking the
 * event loop on the disk.
 *
 * With journal_mode=WAL and synchronous=FULL, SQLite makes a commit durable
 * by writing its frames to the -wal file and then fsyncing that file, inside
 * the commit call: on one thread, every request waits for every fsync and
 * nothing else runs meanwhile. Here a batch is committed with
 * synchronous=NORMAL (same frames, same WAL-header and checkpoint syncs, only
 * the commit's own fsync left out) and the -wal file is then fsynced on
 * libuv's thread pool; the promise of a commit resolves only after an fsync
 * that began after that commit returned has completed. That is exactly the
 * guarantee of synchronous=FULL (this build has SQLITE_POWERSAFE_OVERWRITE,
 * so FULL writes no sector padding, it only syncs), moved off the event
 * loop: while one fsync is in flight the next batch is parsed, signed and
 * committed, and one fsync covers every commit made before it began.
 *
 * Callers must not release anything that depends on a commit (a
 * cosignature, a token, even a refusal naming the recorded state) before its
 * promise resolves. Once an fsync fails the outcome of the commits it covered
 * is unknown (Linux may drop the dirty pages and report success next time),
 * so every commit from then on is refused until the process restarts.
 */
import { closeSync, fsync, openSync } from 'node:fs';
import { resolve as absolute } from 'node:path';
import { AffixError } from '../../../../shared/errors/affix-error';
import type { Statement, Transaction } from 'better-sqlite3';
import type { Db } from './database';

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** PRAGMA synchronous levels: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA. */
const NORMAL = 1;
const FULL = 2;

export class GroupCommit {
  private walFd: number | null = null;
  /** Committed, waiting for an fsync that starts after them. */
  private waiting: Waiter[] = [];
  private syncing = false;
  private failure: AffixError | null = null;
  private walMode: boolean | null = null;
  private closeWhenIdle = false;
  private readonly walPath: string;
  /*
   * Prepared once: db.pragma() and db.transaction() prepare their statements
   * on every call, which cost more than a small batch's own inserts.
   */
  private readonly syncLevel: Statement<[], number>;
  private readonly syncNormal: Statement<[]>;
  private readonly syncFull: Statement<[]>;
  private readonly inTransaction: Transaction<(work: () => unknown) => unknown>;

  constructor(private readonly db: Db) {
    this.walPath = absolute(`${db.name}-wal`);
    this.syncLevel = db.prepare<[], number>('PRAGMA synchronous').pluck();
    this.syncNormal = db.prepare(`PRAGMA synchronous = ${NORMAL}`);
    this.syncFull = db.prepare(`PRAGMA synchronous = ${FULL}`);
    this.inTransaction = db.transaction((work: () => unknown) => work());
  }

  /**
   * Runs `work` in one IMMEDIATE transaction (rolled back if it throws) and
   * resolves with its result once the commit is on disk.
   */
  commit<T>(work: () => T): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    let value: T;
    try {
      if (this.db.inTransaction) throw new AffixError('INTERNAL', 'A group commit cannot run inside another transaction.');
      const level = this.syncLevel.get() ?? 0;
      if (!this.isWal() || level < FULL) {
        // Not the WAL + FULL set-up this module speeds up: commit as configured, on this thread.
        return Promise.resolve(this.inTransaction.immediate(work) as T);
      }
      this.syncNormal.run();
      try {
        value = this.inTransaction.immediate(work) as T;
      } finally {
        if (level === FULL) this.syncFull.run();
        else this.db.pragma(`synchronous = ${level}`);
      }
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ resolve: () => resolve(value), reject });
      this.syncNext();
    });
  }

  /** Closes the handle on the -wal file once no fsync is pending (a later commit reopens it). */
  close(): void {
    this.closeWhenIdle = true;
    this.closeIfIdle();
  }

  private closeIfIdle(): void {
    if (!this.closeWhenIdle || this.syncing || this.waiting.length > 0 || this.walFd === null) return;
    closeSync(this.walFd);
    this.walFd = null;
    this.closeWhenIdle = false;
  }

  private isWal(): boolean {
    this.walMode ??= this.db.memory !== true && String(this.db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
    return this.walMode;
  }

  /** Starts one fsync for everything committed so far, unless one is already running (it starts the next when done). */
  private syncNext(): void {
    if (this.syncing || this.waiting.length === 0) return;
    const covered = this.waiting;
    this.waiting = [];
    let fd: number;
    try {
      // The connection keeps the -wal file alive (SQLite deletes it only when the last connection closes).
      // r+: Windows flushes only handles opened for writing.
      fd = this.walFd ??= openSync(this.walPath, 'r+');
    } catch (error) {
      this.fail(covered, error as Error);
      return;
    }
    this.syncing = true;
    fsync(fd, (error) => {
      this.syncing = false;
      if (error) {
        this.fail(covered, error);
        return;
      }
      for (const w of covered) w.resolve();
      this.syncNext();
      this.closeIfIdle();
    });
  }

  private fail(covered: Waiter[], error: Error): void {
    this.failure = new AffixError('INTERNAL', `The database log could not be flushed to disk (${error.message}); restart the server.`);
    for (const w of [...covered, ...this.waiting]) w.reject(this.failure);
    this.waiting = [];
  }
}
