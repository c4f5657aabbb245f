/**
 * What a CLI command is. Commands are thin: they parse arguments, call the
 * router (the same one the app uses) and print. Each area of Affix contributes
 * its commands in main/cli/commands/<area>.ts, listed in commands/index.ts.
 */
import type { ServiceName } from '../services/composition/services';
import type { ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import type { InputOf, MethodId, OutputOf } from '../../shared/contract';
import type { MethodSpec } from '../../shared/contract/define';
import type { Services } from '../services/composition/container';
import type { ExitStatus } from './exit-status';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { description: string; valueName?: string };

export interface CommandContext {
  readonly home: string;
  readonly json: boolean;
  readonly env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  /** Prints `value` as JSON (in --json mode) or `human()` otherwise. */
  print(value: unknown, human: () => string): void;
  /** The workspace's services (opened on first use; `create` initialises a new workspace). */
  services(options?: { create?: boolean }): Services;
  /** Calls a contract method through the router; throws AffixError when it fails. */
  call<M extends MethodId>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  /**
   * Calls one contract method with the same input parsing and output check as
   * `call`, given its spec (from its own shared/contract/<service>.ts) and its
   * handler (from main/ipc/), without building the whole router and so every
   * schema of every service (issue 20: `status`, `ledger append`).
   */
  serve<I extends z.ZodType, O extends z.ZodType>(
    method: MethodId,
    spec: MethodSpec<I, O>,
    handler: (services: Services) => (input: z.output<I>) => z.output<O> | Promise<z.output<O>>,
    input: z.input<I>,
  ): Promise<z.output<O>>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** One or two words, e.g. "init" or "ledger append". */
  readonly name: string;
  readonly summary: string;
  /** Usage after the command name, e.g. "IN.pdf -o OUT.pdf [options]". */
  readonly usage?: string;
  readonly options?: Record<string, OptionSpec>;
  readonly positionals?: { min: number; max: number; names?: string };
  /** Extra lines for --help (examples, exit statuses). */
  readonly details?: string;
  run(ctx: CommandContext, args: ParsedArgs): Promise<ExitStatus> | ExitStatus;
  /**
   * false: run() never calls ctx.services() (ctx.call loads what it needs), so
   * the CLI need not load the service container first. Set by the lean bin's
   * manifest (lazy-cli.ts), found from the command's source; absent means true.
   */
  readonly usesServices?: boolean;
  /**
   * The services run() uses, when it uses few: the CLI then loads their
   * modules alone (composition/load-services.ts) instead of every service's.
   * Absent means all. Naming too few fails at the first use of another, with
   * an internal error that names the missing module (tests run every command).
   */
  readonly services?: readonly ServiceName[];
}

export const defineCommand = (c: Command): Command => c;

/** Reads a required string option or throws a usage error naming it. */
export function requireString(args: ParsedArgs, name: string): string {
  const v = args.values[name];
  if (typeof v !== 'string' || v.length === 0) throw new UsageError(`missing required option --${name}`);
  return v;
}

export function optionalString(args: ParsedArgs, name: string): string | undefined {
  const v = args.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** Parses a non-negative integer option, refusing "12abc", "-1" and friends. */
export function optionalInt(args: ParsedArgs, name: string, min = 0): number | undefined {
  const v = optionalString(args, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) {
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  }
  return Number(v);
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
