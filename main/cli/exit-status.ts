import type { ErrorCode } from '../../shared/errors/affix-error';

/** The CLI's promise to scripts; documented in README and every --help. */
export const EXIT = {
  OK: 0,
  VERIFICATION_FAILED: 1,
  BAD_INPUT: 2,
  INDETERMINATE: 3,
} as const;
export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

/** Every error a command cannot recover from is a problem with what it was given: status 2. */
export const exitStatusForError = (_code: ErrorCode): ExitStatus => EXIT.BAD_INPUT;
