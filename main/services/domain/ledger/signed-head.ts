/**
 * A second, durable record of the latest checkpoint the node signed, outside
 * the database: `ledger/signed-head.note`. It is written (atomically, fsync'd)
 * before a new checkpoint is released, so restoring an older database file, or
 * deleting checkpoint rows, cannot make the node forget what it promised: it
 * refuses to sign anything that is not an extension of this tree.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { ensureLedgerDir, ledgerDir } from './node-key';

export const signedHeadPath = (home: string): string => join(ledgerDir(home), 'signed-head.note');

export function readSignedHead(home: string): string | null {
  const path = signedHeadPath(home);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

export function writeSignedHead(home: string, note: string): void {
  ensureLedgerDir(home);
  writeFileAtomic(signedHeadPath(home), note);
}
