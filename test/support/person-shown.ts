/**
 * How the window names a person in its selects and lists
 * (renderer/src/signer-labels.ts): the masked name and the last four
 * characters of their identity document — never the record id, which means
 * nothing to a clerk. Tests find people by what the clerk sees, built from
 * what the test itself typed, so a label that leaks the full name or the
 * whole number does not match.
 */
import { maskName } from '../../shared/identity/mask-name';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "张* · ID ending 002X" for 张三 with a number ending in 002X, whatever the word for "ends" is in the window's language. */
export function personShown(name: string, documentNumber: string): RegExp {
  return new RegExp(`${escape(maskName(name))} · .+ ${escape(documentNumber.slice(-4))}`);
}
