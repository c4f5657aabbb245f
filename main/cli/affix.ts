#!/usr/bin/env node
/** Entry point of the `affix` command (bundled to dist/cli/affix.cjs). */
import { runCli } from './run-cli';
import { cleanUpOnSignals } from './signals';

cleanUpOnSignals();

runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  env: process.env,
}).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`affix: internal error: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
