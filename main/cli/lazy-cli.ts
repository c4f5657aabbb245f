/**
 * The lean `affix` bin: each command loads only what it uses.
 *
 * How it works (build/scripts/build.mjs, `buildCli`): the CLI is bundled as
 * ES modules with code splitting, one entry per command file in
 * main/cli/commands/ (dist/cli/lazy/commands/<area>.mjs) plus this one. At
 * build time every command registered in commands/index.ts is described in
 * dist/cli/lazy/manifest.json (name, summary, options… and its file). Here
 * `--help` and argument errors are answered from the manifest alone; a
 * command's file (with what it imports) is imported only when that command
 * runs, and run-cli.ts imports the router and the service container only
 * when the command needs them.
 *
 * Adding a command needs nothing beyond what it always needed: its
 * definition in a file under main/cli/commands/ and the one-line
 * registration in commands/index.ts. The build refuses a registered command
 * it cannot place in a file, so none goes missing from the bin.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command, OptionSpec } from './command';
import type { ServiceName } from '../services/composition/services';
import type { ExitStatus } from './exit-status';
import { runCli, type CliIo } from './run-cli';

/** What the manifest holds of one command: everything but run(). */
export interface CommandEntry {
  name: string;
  summary: string;
  usage?: string;
  options?: Record<string, OptionSpec>;
  positionals?: { min: number; max: number; names?: string };
  details?: string;
  /** The command file, relative to the manifest's folder, e.g. "commands/ledger.mjs". */
  module: string;
  /** Whether the file calls ctx.services() (the container is then loaded before run). */
  usesServices: boolean;
  /** The services the command declares it uses (Command.services). */
  services?: readonly ServiceName[];
}

export interface CliManifest {
  commands: CommandEntry[];
}

/** The commands of the manifest, each importing its file on first run. */
export function lazyCommands(manifest: CliManifest, dir: string): Command[] {
  return manifest.commands.map((entry): Command => {
    const { module, usesServices, ...described } = entry;
    return {
      ...described,
      usesServices,
      run: async (ctx, args) => {
        const exported = (await import(pathToFileURL(join(dir, module)).href)) as Record<string, unknown>;
        const real = Object.values(exported)
          .filter((v): v is Command[] => Array.isArray(v))
          .flat()
          .find((c) => c && typeof c === 'object' && c.name === entry.name);
        if (!real) throw new Error(`command "${entry.name}" is not in ${module} (rebuild the CLI)`);
        return real.run(ctx, args);
      },
    };
  });
}

/** Runs one command line from the bundle in `dir` (dist/cli/lazy), as main/cli/affix.ts runs the whole CLI. */
export function runLazyCli(argv: string[], io: CliIo, dir: string): Promise<ExitStatus> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as CliManifest;
  return runCli(argv, io, lazyCommands(manifest, dir));
}

/** The bin's entry (build/cli-launcher.cjs imports this module and calls it). */
export function main(dir: string): void {
  runLazyCli(
    process.argv.slice(2),
    {
      out: (t) => process.stdout.write(`${t}\n`),
      err: (t) => process.stderr.write(`${t}\n`),
      env: process.env,
    },
    dir,
  ).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`affix: internal error: ${String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
