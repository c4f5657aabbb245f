/**
 * What every identifier validator returns: the parsed value, or the one check
 * that failed, named so that a form (or the CLI) can tell the user exactly
 * which part to re-read instead of "invalid number".
 */
export type CheckResult<T, C extends string> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly check: C; readonly message: string };

export const passed = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });

export const failed = <C extends string>(check: C, message: string): { ok: false; check: C; message: string } => ({
  ok: false,
  check,
  message,
});
