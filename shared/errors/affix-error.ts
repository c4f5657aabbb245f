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

/**
 * Which secret would let a refused call go through, so a window can ask for
 * exactly that one and retry: the workspace passphrase, a person's own PIN
 * (named by person id) or a token's user PIN (named by token label).
 */
export type SecretNeed = { secret: 'workspace-passphrase' } | { secret: 'person-pin'; personId: string } | { secret: 'token-pin'; tokenLabel: string };

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  /** With BAD_SECRET: the secret that was missing or wrong. */
  needs?: SecretNeed;
}

export class AffixError extends Error {
  readonly code: ErrorCode;
  readonly needs?: SecretNeed;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; needs?: SecretNeed }) {
    super(message, options);
    this.name = 'AffixError';
    this.code = code;
    if (options?.needs) this.needs = options.needs;
  }
  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message, ...(this.needs ? { needs: this.needs } : {}) };
  }
}

export const isAffixError = (e: unknown): e is AffixError =>
  e instanceof AffixError ||
  (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AffixError' &&
    typeof (e as { code?: unknown }).code === 'string');

/** Shorthand for the most common refusal: the user gave us something unusable. */
export const badInput = (message: string, cause?: unknown): AffixError =>
  new AffixError('BAD_INPUT', message, { cause });

/** A secret that is missing or wrong: BAD_SECRET saying which one, so the caller can ask for it. */
export const secretNeeded = (needs: SecretNeed, message: string): AffixError => new AffixError('BAD_SECRET', message, { needs });
