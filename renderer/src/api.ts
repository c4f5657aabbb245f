/**
 * The renderer's only way to the main process: `window.affix`, built by the
 * preload (or the test bridge) from the shared contract. Calls return
 * envelopes; `unwrap` turns a failure into an `AffixCallError` that keeps the
 * error code so the UI can say what happened and what to do.
 */
import type { AffixApi, Envelope } from '../../shared/contract';
import type { ErrorCode, SecretNeed } from '../../shared/errors/affix-error';

declare global {
  interface Window {
    readonly affix?: AffixApi;
  }
}

/** A code the main process sent, or NO_BRIDGE when the page runs outside the app. */
export type CallErrorCode = ErrorCode | 'NO_BRIDGE';

export class AffixCallError extends Error {
  constructor(
    readonly code: CallErrorCode,
    message: string,
    /** The catalogue key and values the main process raised it with, when it did (shown in the reader's language). */
    readonly said?: { key: string; params?: Record<string, string | number> },
    /** With BAD_SECRET: which secret the main process needs to go on. */
    readonly needs?: SecretNeed,
  ) {
    super(message);
    this.name = 'AffixCallError';
  }
}

export function affix(): AffixApi {
  if (!window.affix) {
    throw new AffixCallError('NO_BRIDGE', 'window.affix is missing: this page must be opened by the Affix app.');
  }
  return window.affix;
}

export async function unwrap<T>(call: Promise<Envelope<T>>): Promise<T> {
  const envelope = await call;
  if (envelope.ok) return envelope.value;
  throw new AffixCallError(
    envelope.error.code,
    envelope.error.message,
    envelope.error.key ? { key: envelope.error.key, params: envelope.error.params } : undefined,
    envelope.error.needs,
  );
}

/** Any thrown value as an AffixCallError, so error views have one shape to show. */
export function asCallError(error: unknown): AffixCallError {
  if (error instanceof AffixCallError) return error;
  return new AffixCallError('INTERNAL', error instanceof Error ? error.message : String(error));
}
