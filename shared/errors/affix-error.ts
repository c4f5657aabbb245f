/**
 * The one error type services throw on purpose. Its `code` travels unchanged
 * through the IPC envelope, the browser bridge and the CLI, which maps it to an
 * exit status (see `exitStatusForCode`).
 */
export const ERROR_CODES = [
  /** Input failed its schema, or a file is not what it claims to be (corrupt PDF, bad proof). */
  'BAD_INPUT',
  /** A secret (passphrase, PIN, PKCS#12 password) was wrong. */
  'BAD_SECRET',
  /** The thing named does not exist in the workspace. */
  'NOT_FOUND',
  /** The request conflicts with current state (already initialised, duplicate id…). */
  'CONFLICT',
  /** Policy refuses the action (unauthorised seal use, expired seal, revoked certificate…). */
  'REFUSED',
  /** The IPC sender is not the app's own frame. */
  'FORBIDDEN_SENDER',
  /** No such contract method. */
  'UNKNOWN_METHOD',
  /** The workspace folder has not been initialised. */
  'NOT_INITIALISED',
  /** A long operation was cancelled by the user. */
  'CANCELLED',
  /** Something is broken inside Affix; never used for bad user input. */
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export class AffixError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AffixError';
    this.code = code;
  }
  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export const isAffixError = (e: unknown): e is AffixError =>
  e instanceof AffixError ||
  (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AffixError' &&
    typeof (e as { code?: unknown }).code === 'string');

/** Shorthand for the most common refusal: the user gave us something unusable. */
export const badInput = (message: string, cause?: unknown): AffixError =>
  new AffixError('BAD_INPUT', message, { cause });
