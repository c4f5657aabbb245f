/**
 * `affix ledger append --from FILE.jsonl`: many entries in one process and one
 * transaction. Each non-empty line is one JSON object shaped like the input of
 * the `ledger.append` contract method ({type, subjects, commitments?,
 * actorKeyId?, refs?}) and is checked by that same schema. The file is read
 * piecewise (memory stays bounded whatever its size) and appended in batches
 * inside one IMMEDIATE transaction: a bad line anywhere rolls back every entry
 * before it, so the file is appended whole or not at all, and the commit (one
 * fsync of the WAL) makes the whole batch durable at once.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { ledgerContract } from '../../../../shared/contract/ledger';
import { badInput } from '../../../../shared/errors/affix-error';
import type { NewLedgerEntry } from '../../../../shared/ledger/entry-types';
import type { Db } from '../../core/store/database';
import type { LedgerService } from './ledger-service';

/** Entries handed to appendMany at once (a savepoint each, inside the one transaction). */
const BATCH = 10_000;
/** A line longer than this is not a ledger entry (64 subjects and 64 commitments fit in ~10 KiB). */
export const MAX_LINE_BYTES = 64 * 1024;
const CHUNK = 1024 * 1024;

export interface AppendFromFileResult {
  appended: number;
  /** Index of the first and last entry appended (null when the file held none). */
  first: number | null;
  last: number | null;
}

/** Calls `visit(line, lineNumber)` for each line of the file, read 1 MiB at a time. */
export function forEachLine(path: string, visit: (line: string, lineNumber: number) => void): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw badInput(`Cannot read the entries file ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let carry = Buffer.alloc(0);
    let lineNumber = 0;
    for (let n; (n = readSync(fd, buf, 0, CHUNK, null)) > 0;) {
      let data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      let start = 0;
      for (let nl; (nl = data.indexOf(10, start)) >= 0; start = nl + 1) {
        lineNumber += 1;
        if (nl - start > MAX_LINE_BYTES) throw badInput(`${path} line ${lineNumber}: longer than ${MAX_LINE_BYTES} bytes, not a ledger entry`);
        visit(data.toString('utf8', start, nl), lineNumber);
      }
      data = data.subarray(start);
      if (data.length > MAX_LINE_BYTES) throw badInput(`${path} line ${lineNumber + 1}: longer than ${MAX_LINE_BYTES} bytes, not a ledger entry`);
      carry = Buffer.from(data);
    }
    if (carry.length) visit(carry.toString('utf8'), lineNumber + 1);
  } finally {
    closeSync(fd);
  }
}

const describe = (issues: { path: PropertyKey[]; message: string }[]): string =>
  issues.map((i) => `${i.path.length ? i.path.map(String).join('.') : '(entry)'}: ${i.message}`).join('; ');

/** One line as an entry, or a bad-input error naming the line. Hex is taken in either case, as the single append takes it. */
export function parseEntryLine(path: string, line: string, lineNumber: number): NewLedgerEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw badInput(`${path} line ${lineNumber}: not JSON (${(error as Error).message})`);
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as { subjects?: unknown; commitments?: unknown };
    if (Array.isArray(v.subjects)) v.subjects = v.subjects.map((s) => (typeof s === 'string' ? s.toLowerCase() : s));
    if (Array.isArray(v.commitments)) v.commitments = v.commitments.map((s) => (typeof s === 'string' ? s.toLowerCase() : s));
  }
  const parsed = ledgerContract.append.input.safeParse(value);
  if (!parsed.success) throw badInput(`${path} line ${lineNumber}: ${describe(parsed.error.issues)}`);
  return parsed.data;
}

export function appendFromFile(ledger: LedgerService, db: Db, path: string): AppendFromFileResult {
  const result: AppendFromFileResult = { appended: 0, first: null, last: null };
  const run = db.transaction(() => {
    let batch: NewLedgerEntry[] = [];
    const flush = (): void => {
      if (batch.length === 0) return;
      const receipts = ledger.appendMany(batch);
      result.first ??= receipts[0].index;
      result.last = receipts[receipts.length - 1].index;
      result.appended += receipts.length;
      batch = [];
    };
    forEachLine(path, (line, lineNumber) => {
      if (line.trim() === '') return;
      batch.push(parseEntryLine(path, line, lineNumber));
      if (batch.length >= BATCH) flush();
    });
    flush();
  });
  run.immediate();
  return result;
}
