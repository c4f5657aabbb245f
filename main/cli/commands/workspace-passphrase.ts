/**
 * The workspace passphrase for commands that open the vault or a CA key. It
 * is read from an environment variable (never from argv, where `ps` and shell
 * history would show it): --passphrase-env NAME, default AFFIX_PASSPHRASE.
 */
import { optionalString, type CommandContext, type OptionSpec, type ParsedArgs } from '../command';
import { secretFromEnv } from './secret-env';

export const DEFAULT_PASSPHRASE_ENV = 'AFFIX_PASSPHRASE';

export const passphraseOption: Record<string, OptionSpec> = {
  'passphrase-env': {
    type: 'string',
    description: `environment variable holding the workspace passphrase (default ${DEFAULT_PASSPHRASE_ENV})`,
    valueName: 'VAR',
  },
};

export function workspacePassphrase(ctx: CommandContext, args: ParsedArgs): string {
  const variable = optionalString(args, 'passphrase-env') ?? DEFAULT_PASSPHRASE_ENV;
  return secretFromEnv(ctx, { ...args, values: { ...args.values, 'passphrase-env': variable } }, 'passphrase-env', 'workspace passphrase');
}

/** Reads a repeatable string option as a list. */
export function stringList(args: ParsedArgs, name: string): string[] {
  const v = args.values[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}
