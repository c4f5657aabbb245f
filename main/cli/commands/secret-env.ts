/** Secrets reach the CLI only through environment variables named on the command line (never argv, which `ps` shows). */
import { UsageError, type CommandContext, type ParsedArgs } from '../command';

export function secretFromEnv(ctx: CommandContext, args: ParsedArgs, option: string, what: string): string {
  const variable = args.values[option];
  if (typeof variable !== 'string' || variable.length === 0) throw new UsageError(`missing --${option} VAR (the environment variable holding the ${what})`);
  const value = ctx.env[variable];
  if (value === undefined || value.length === 0)
    throw new UsageError(`environment variable ${variable} (--${option}) is not set or empty; it must hold the ${what}`);
  return value;
}
