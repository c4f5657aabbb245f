import type { ErrorInfo } from '../errors/affix-error';

/** What every contract method returns across a process boundary. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const ok = <T>(value: T): Envelope<T> => ({ ok: true, value });
export const fail = (error: ErrorInfo): Envelope<never> => ({ ok: false, error });
