#!/usr/bin/env node
/**
 * `npm start` (after the build): `affix ui` — the desktop app where the
 * Electron binary is installed, else the same app in the machine's
 * Chromium/Chrome, saying so in one line. Arguments after `--` go to
 * `affix ui` (e.g. `npm start -- --home DIR --lang zh-CN`).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const child = spawn(process.execPath, [join(root, 'dist/cli/affix.cjs'), 'ui', ...process.argv.slice(2)], { stdio: 'inherit' });
// Ctrl-C reaches the child too (same process group); wait for it to close its window and workspace.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 2)));
