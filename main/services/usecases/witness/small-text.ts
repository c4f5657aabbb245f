/**
 * Witness files (a policy, a request, a response) are small UTF-8 texts; the
 * CLI reads them from paths and the window from chosen-file handles, and both
 * decide here what is too large or not text, with the same words.
 */
import { badInput } from '../../../../shared/errors/affix-error';

/** Size limits per kind of witness file (a request's own limit is the spec's, checked by the witness). */
export const WITNESS_FILE_LIMITS = { policy: 256 * 1024, request: 1 << 20, response: 64 * 1024 } as const;

/** Refuses a file of `size` bytes before it is read when it is larger than `max`. */
export function checkSmallSize(size: number, label: string, max: number): void {
  if (size > max) throw badInput(`The ${label} is ${size} bytes; at most ${max} are accepted.`);
}

/** The bytes as UTF-8 text, refusing more than `max` bytes or anything that is not UTF-8. */
export function smallText(bytes: Uint8Array, label: string, max: number): string {
  checkSmallSize(bytes.length, label, max);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badInput(`The ${label} is not UTF-8 text.`);
  }
}
