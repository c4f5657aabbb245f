import type { z } from 'zod';

/**
 * One contract method: the schemas the main process enforces on the way in and
 * promises on the way out, plus a sentence for generated docs and errors.
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly summary: string;
}

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodSpec<I, O> => ({ input, output, summary });

/** A service's methods, keyed by method name (without the service prefix). */
export type ServiceSpec = Record<string, MethodSpec>;
