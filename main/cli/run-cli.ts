/**
 * Parses argv, finds the command, runs it through the app router, and turns
 * every failure into a message plus an exit status — never a stack trace.
 *
 * The router, the service container and the command list are imported only
 * when needed (dynamic imports), so the lean `affix` bin (lazy-cli.ts), which
 * passes its own command list, loads none of them for `--help` and only what a
 * command uses otherwise.
 */
import { parseArgs } from 'node:util';
import { AffixError, isAffixError } from '../../shared/errors/affix-error';
import type { MethodId } from '../../shared/contract';
import type { Router } from '../ipc/router';
import type { ServiceName, Services } from '../services/composition/services';
import type { OpenServices } from '../services/composition/load-services';
import { resolveHome } from '../services/core/workspace/home';
import { UsageError, type Command, type CommandContext, type OptionSpec } from './command';
import { EXIT, exitStatusForError, type ExitStatus } from './exit-status';
import { jsonSafe, terminalSafe } from './terminal-safe';
import { isDiskFull } from '../services/core/fs/fs-errors';
import { DEFAULT_PASSPHRASE_ENV } from './commands/workspace-passphrase';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: NodeJS.ProcessEnv;
}

const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  home: { type: 'string', description: 'workspace folder (default: $AFFIX_HOME or the app-data folder)', valueName: 'DIR' },
  json: { type: 'boolean', description: 'machine-readable output' },
  help: { type: 'boolean', short: 'h', description: 'show help for this command' },
};

const EXIT_HELP = 'Exit status: 0 success, 1 verification failed, 2 bad input or usage, 3 indeterminate.';

function formatOptions(options: Record<string, OptionSpec>): string {
  return Object.entries(options)
    .map(([name, o]) => {
      const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
      return `  ${flag.padEnd(34)} ${o.description}${o.multiple ? ' (repeatable)' : ''}`;
    })
    .join('\n');
}

export function commandHelp(c: Command): string {
  return [
    `Usage: affix ${c.name}${c.usage ? ` ${c.usage}` : ''} [--home DIR] [--json]`,
    '',
    c.summary,
    '',
    'Options:',
    formatOptions({ ...(c.options ?? {}), ...GLOBAL_OPTIONS }),
    ...(c.details ? ['', c.details] : []),
    '',
    EXIT_HELP,
  ].join('\n');
}

export function overallHelp(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: affix <command> [options]   (affix <command> --help for details)',
    '',
    'Affix: offline electronic signing and evidence notarisation, anchored to a verifiable ledger.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Global options:',
    formatOptions(GLOBAL_OPTIONS),
    '',
    EXIT_HELP,
  ].join('\n');
}

/** Longest match first, so "ledger append" wins over a hypothetical "ledger". */
function findCommand(commands: readonly Command[], argv: string[]): { command: Command; rest: string[] } | null {
  for (const words of [3, 2, 1]) {
    const name = argv.slice(0, words).join(' ');
    const command = commands.find((c) => c.name === name);
    if (command) return { command, rest: argv.slice(words) };
  }
  return null;
}

/** Opens workspaces with the named services buildable, or all of them (the app's container) when none are named. */
async function servicesOpener(names: readonly ServiceName[] | undefined): Promise<OpenServices> {
  if (names) return (await import('../services/composition/load-services')).servicesOpener(names);
  const { openServices } = await import('../services/composition/container');
  return openServices;
}

export async function runCli(argv: string[], rawIo: CliIo, given?: readonly Command[]): Promise<ExitStatus> {
  const commands = given ?? (await import('./commands')).commands;
  // Every byte the CLI prints passes here: strings from files never reach the terminal raw.
  let jsonOut = false;
  const io: CliIo = { env: rawIo.env, out: (t) => rawIo.out(jsonOut ? jsonSafe(t) : terminalSafe(t)), err: (t) => rawIo.err(terminalSafe(t)) };
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(overallHelp(commands));
    return argv.length === 0 ? EXIT.BAD_INPUT : EXIT.OK;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    const group = commands.filter((c) => c.name.startsWith(`${argv[0]} `));
    io.err(
      group.length > 0
        ? `affix: "${argv.slice(0, 2).join(' ')}" is not a command. Try one of:\n${group.map((c) => `  affix ${c.name}`).join('\n')}`
        : `affix: unknown command "${argv[0]}". Run "affix --help" for the list.`,
    );
    return EXIT.BAD_INPUT;
  }
  const { command, rest } = found;
  let services: Services | undefined;
  let homeArg: string | undefined;
  try {
    const parsed = parseArgs({
      args: rest,
      options: { ...(command.options ?? {}), ...GLOBAL_OPTIONS },
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help) {
      io.out(commandHelp(command));
      return EXIT.OK;
    }
    const { min, max, names } = command.positionals ?? { min: 0, max: 0 };
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(
        max === 0
          ? `"${command.name}" takes no positional arguments (got ${parsed.positionals.join(' ')})`
          : `"${command.name}" expects ${min === max ? min : `${min} to ${max}`} argument(s): ${names ?? ''}`,
      );
    }
    homeArg = typeof parsed.values.home === 'string' ? parsed.values.home : undefined;
    const home = resolveHome(homeArg, io.env);
    const json = parsed.values.json === true;
    jsonOut = json;
    let router: Router | undefined;
    // ctx.services() is synchronous, so the services' modules are loaded before run(): those the command
    // declares, or all of them, or none when it says it never calls ctx.services().
    const open = command.usesServices === false ? undefined : await servicesOpener(command.services);
    // Unattended keys (node key, report seal, witness key) are sealed under the workspace passphrase:
    // the command's --passphrase-env variable, or AFFIX_PASSPHRASE, opens them when a command needs one.
    const passphraseVar = typeof parsed.values['passphrase-env'] === 'string' ? parsed.values['passphrase-env'] : DEFAULT_PASSPHRASE_ENV;
    const passphrase = (): string | undefined => io.env[passphraseVar] || undefined;
    const getServices = (options: { create?: boolean } = {}): Services => {
      if (!open) throw new Error(`"${command.name}" is registered as not using the workspace services`);
      services ??= open(home, { create: options.create, passphrase });
      return services;
    };
    const ctx: CommandContext = {
      home,
      json,
      env: io.env,
      out: io.out,
      err: io.err,
      print: (value, human) => io.out(json ? JSON.stringify(value, null, 2) : human()),
      services: getServices,
      call: async (method: MethodId, input: unknown) => {
        services ??= (await import('../services/composition/container')).openServices(home, { passphrase });
        router ??= (await import('../ipc/app-router')).createAppRouter(services);
        const result = await router.invoke(method, input, { kind: 'cli' });
        if (!result.ok) throw new AffixError(result.error.code, result.error.message);
        return result.value as never;
      },
      serve: async (method, spec, handler, input) => {
        services ??= (open ?? (await servicesOpener(undefined)))(home, { passphrase });
        const [{ serveMethod }, { appServeOptions }] = await Promise.all([import('../ipc/serve-method'), import('../ipc/serve-options')]);
        const result = await serveMethod(method, spec, handler(services) as (input: unknown) => unknown, input, appServeOptions);
        if (!result.ok) throw new AffixError(result.error.code, result.error.message);
        return result.value as never;
      },
    };
    return await command.run(ctx, { values: parsed.values as never, positionals: parsed.positionals });
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.err(`affix ${command.name}: ${(error as Error).message}\nRun "affix ${command.name} --help" for usage.`);
      return EXIT.BAD_INPUT;
    }
    if (isAffixError(error)) {
      io.err(`affix ${command.name}: ${error.message}`);
      return exitStatusForError(error.code);
    }
    if (isDiskFull(error, resolveHome(homeArg, io.env))) {
      // SQLite rolled the transaction back and atomic writes discarded their temp files: nothing half-written remains.
      io.err(`affix ${command.name}: No space left on device while running "affix ${command.name}"; nothing was changed. Free some space and try again.`);
      return EXIT.BAD_INPUT;
    }
    io.err(`affix ${command.name}: internal error: ${error instanceof Error ? error.message : String(error)}`);
    if (io.env.AFFIX_DEBUG) io.err(String((error as Error)?.stack));
    return EXIT.BAD_INPUT;
  } finally {
    services?.close();
  }
}
