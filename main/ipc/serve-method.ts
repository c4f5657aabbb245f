/**
 * One contract method served once its spec and handler are known: the input
 * parsed with the method's schema, the handler called, and its output checked
 * against the schema the method promises, the outcome wrapped in an envelope.
 *
 * router.ts serves every call through this after checking the sender and
 * finding the method. It lives apart from the router because the router
 * imports the whole contract (every schema of every service, built at
 * import): the CLI serves its hottest commands (`status`, `ledger append`)
 * through this with the one spec they call, and so pays for one service's
 * schemas instead of all of them (issue 20), with the same checks.
 */
import type { z } from 'zod';
import { AffixError, errorInfoOf, isAffixError } from '../../shared/errors/affix-error';
import { type Envelope, fail, ok } from '../../shared/contract/envelope';
import type { MethodSpec } from '../../shared/contract/define';

export interface ServeOptions {
  /** Called for unexpected (non-AffixError) failures, which are reported as INTERNAL. */
  onInternalError?: (method: string, error: unknown) => void;
  /** Serves a call, after its input was parsed, inside the context it brings (app-router.ts: its passphrase). */
  serveIn?: (input: unknown, call: () => Promise<unknown>) => Promise<unknown>;
}

export const describeIssues = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`).join('; ');

export async function serveMethod(
  method: string,
  spec: MethodSpec,
  handler: (input: unknown) => unknown,
  input: unknown,
  options: ServeOptions = {},
): Promise<Envelope<unknown>> {
  const parsed = spec.input.safeParse(input ?? {});
  if (!parsed.success) {
    return fail({ code: 'BAD_INPUT', message: `Invalid input for ${method}: ${describeIssues(parsed.error)}` });
  }
  try {
    const call = async () => handler(parsed.data);
    const value = await (options.serveIn ? options.serveIn(parsed.data, call) : call());
    // The output schema is a promise to the caller; a violation is our bug, not theirs.
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      throw new AffixError('INTERNAL', `Output of ${method} broke its contract: ${describeIssues(checked.error)}`);
    }
    return ok(checked.data);
  } catch (error) {
    if (isAffixError(error)) return fail(errorInfoOf(error));
    options.onInternalError?.(method, error);
    const message = error instanceof Error ? error.message : String(error);
    return fail({ code: 'INTERNAL', message: `${method} failed unexpectedly: ${message}` });
  }
}
