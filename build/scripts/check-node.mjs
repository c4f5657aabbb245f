#!/usr/bin/env node
/**
 * Set-up check (npm's preinstall, prestart and pretest hooks): one clear line
 * about the Node version instead of a failure deep inside a dependency.
 *
 * - Below package.json "engines" (what Affix itself needs): refused, exit 1.
 * - Below RECOMMENDED: allowed — Affix and its tests run there, the CI machines
 *   do — but npm prints EBADENGINE warnings, because Electron 45, its build
 *   tools, i18next 27 and @axe-core/playwright declare Node ≥ 22.12. One line
 *   says so, once.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RECOMMENDED = [22, 12];
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const wanted = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node ?? '';
const min = (/^>=\s*(\d+)\.(\d+)/.exec(wanted) ?? [0, 0, 0]).slice(1).map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);
const below = ([M, m]) => major < M || (major === M && minor < m);
if (below(min)) {
  console.error(
    `Affix needs Node ${wanted} (package.json "engines"); this is Node ${process.versions.node}. Install Node 22 LTS (nodejs.org, or: nvm install 22), then run the command again.`,
  );
  process.exit(1);
}
if (below(RECOMMENDED) && process.argv.includes('--install')) {
  console.error(
    `Note: Node ${process.versions.node} runs Affix, but npm will warn (EBADENGINE) that Electron 45 and some dev tools want Node ≥ ${RECOMMENDED.join('.')}; Node 22 LTS silences that.`,
  );
}
