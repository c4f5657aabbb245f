/**
 * The record of a committed passphrase change whose key files are not all in
 * place yet (passphrase-change.ts). A change stages each re-sealed key file
 * beside the real one, then commits the database's secrets together with
 * this record in one transaction; only then are the files renamed. A crash
 * between the commit and the renames is finished from the record the next
 * time the workspace opens — by every opener (the app, the CLI, tests), and
 * before any key file is read, so it lives apart from the change itself,
 * which needs the vault, the PKI and the keys to be loaded.
 */
import { existsSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { AffixError } from '../../../../shared/errors/affix-error';
import { syncDir } from '../../core/fs/atomic-write';
import type { Workspace } from '../../core/workspace/workspace';

/** Meta key holding the file moves of a committed change (an empty list when none is pending). */
const JOURNAL = 'passphrase_change_pending';
/** Suffix of a staged key file: the real file's path plus this. */
export const STAGED = '.rewrapped';

export interface StagedMove {
  staged: string;
  path: string;
}

/** Records, inside the caller's transaction, the moves to make once it commits. */
export function recordPendingMoves(workspace: Workspace, moves: readonly StagedMove[]): void {
  workspace.setMeta(JOURNAL, JSON.stringify(moves));
}

/** Moves the key files of a committed change into place (after a crash between commit and rename). */
export function finishInterruptedPassphraseChange(workspace: Workspace): void {
  const moves = pendingMoves(workspace);
  if (moves.length === 0) return;
  for (const m of moves) if (existsSync(m.staged)) renameSync(m.staged, m.path);
  for (const dir of new Set(moves.map((m) => dirname(m.path)))) syncDir(dir);
  workspace.setMeta(JOURNAL, '[]');
}

function pendingMoves(workspace: Workspace): StagedMove[] {
  const text = workspace.meta(JOURNAL);
  if (!text) return [];
  const moves = JSON.parse(text) as StagedMove[];
  // Only ever the key files' own staged copies: a damaged record must not move anything else.
  if (!Array.isArray(moves) || !moves.every((m) => typeof m?.path === 'string' && m.staged === `${m.path}${STAGED}` && m.path.endsWith('.json'))) {
    throw new AffixError('INTERNAL', `The record of an interrupted passphrase change is damaged: ${text.slice(0, 200)}`);
  }
  return moves;
}
