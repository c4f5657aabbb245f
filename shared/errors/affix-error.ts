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

/**
 * What crosses the IPC envelope, the job records and the worker boundary: the
 * code (exit status, broad advice), the English message (logs, CLI), and —
 * when the error was raised in words — its catalogue key and values, so every
 * reader gets it in their own language (shared/i18n), never by matching text.
 */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  key?: string;
  params?: Record<string, string | number>;
  /** With BAD_SECRET: the secret that was missing or wrong. */
  needs?: SecretNeed;
}

type Said = { key: string; params?: Record<string, string | number> };

export class AffixError extends Error {
  readonly code: ErrorCode;
  /** The catalogue key and values of this error, when it was raised in words (see `explained`). */
  readonly said?: Said;
  /** With BAD_SECRET: which secret would let the call go through. */
  readonly needs?: SecretNeed;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; said?: Said; needs?: SecretNeed }) {
    super(message, options);
    this.name = 'AffixError';
    this.code = code;
    if (options?.said) this.said = options.said;
    if (options?.needs) this.needs = options.needs;
  }
  toInfo(): ErrorInfo {
    return errorInfoOf(this);
  }
}

export const isAffixError = (e: unknown): e is AffixError =>
  e instanceof AffixError ||
  (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'AffixError' && typeof (e as { code?: unknown }).code === 'string');

/** The envelope form of an AffixError (also one that crossed a worker boundary as a plain object). */
export const errorInfoOf = (e: AffixError): ErrorInfo => ({
  code: e.code,
  message: e.message,
  ...(e.said ? { key: e.said.key, ...(e.said.params ? { params: e.said.params } : {}) } : {}),
  ...(e.needs ? { needs: e.needs } : {}),
});

/** An AffixError rebuilt from its envelope form (worker replies, jobs). */
export const fromInfo = (info: ErrorInfo): AffixError =>
  new AffixError(info.code, info.message, {
    ...(info.key ? { said: { key: info.key, ...(info.params ? { params: info.params } : {}) } } : {}),
    ...(info.needs ? { needs: info.needs } : {}),
  });

/** Shorthand for the most common refusal: the user gave us something unusable. */
export const badInput = (message: string, cause?: unknown): AffixError => new AffixError('BAD_INPUT', message, { cause });

/** A secret that is missing or wrong: BAD_SECRET saying which one, so the caller can ask for it. */
export const secretNeeded = (needs: SecretNeed, message: string): AffixError => new AffixError('BAD_SECRET', message, { needs });
