/**
 * File-system failures in words a user can act on ("no such file or
 * directory"), not bare errno codes ("ENOENT"); the code stays in brackets
 * for searching. A full disk is named the same way everywhere, including
 * when SQLite reports it (SQLITE_FULL, or an I/O error on a device with no
 * space left).
 */
import { statfsSync } from 'node:fs';
import { AffixError } from '../../../../shared/errors/affix-error';

const WORDS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'No space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  EBUSY: 'the file is busy',
  EEXIST: 'it already exists',
  EIO: 'input/output error (a failing disk?)',
};

/** "no such file or directory (ENOENT)" for an fs error; the message for anything else. */
export function fsProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code && WORDS[code]) return `${WORDS[code]} (${code})`;
  if (code === 'ERR_INVALID_ARG_VALUE') return 'the path is not a valid file name';
  return code ?? (error instanceof Error ? error.message : String(error));
}

/**
 * A file that cannot be used: `message` in English for logs and the CLI
 * ("Cannot read x: no such file or directory (ENOENT)."), and the same in
 * words with what to do next for every reader (catalogue keys errors.file.*):
 * missing, forbidden, a folder, or another system reason.
 */
export function fileError(message: string, path: string, error: unknown): AffixError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const key =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? 'notFound'
      : code === 'EACCES' || code === 'EPERM'
        ? 'noAccess'
        : code === 'EISDIR'
          ? 'isFolder'
          : isDiskFull(error)
            ? 'diskFull'
            : 'other';
  return new AffixError('BAD_INPUT', message, {
    cause: error,
    said: { key: `errors.file.${key}`, params: key === 'other' ? { path, detail: fsProblem(error) } : { path } },
  });
}

/** Whether `error` means the disk is full: ENOSPC, SQLite's SQLITE_FULL, or an I/O or cannot-open error where `dir` has no space left. */
export function isDiskFull(error: unknown, dir?: string): boolean {
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') return true;
  if (!(code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_BUSY') || !dir) return false;
  try {
    const s = statfsSync(dir);
    return s.bavail === 0 || s.bavail * s.bsize < 64 * 1024;
  } catch {
    return false;
  }
}
