/**
 * The packaged app has the RunAsNode fuse off, so its `affix` CLI runs inside
 * the Electron main process: `Affix --affix-cli <args>` runs one command with
 * the same code as the Node CLI and exits with its status, without a window.
 */
import { app } from 'electron';
import { runCli } from '../cli/run-cli';

export const CLI_FLAG = '--affix-cli';

export function runCliModeIfRequested(argv: readonly string[]): boolean {
  const at = argv.indexOf(CLI_FLAG);
  if (at < 0) return false;
  app.disableHardwareAcceleration();
  void runCli(argv.slice(at + 1), {
    out: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
    env: process.env,
  }).then((status) => app.exit(status));
  return true;
}
