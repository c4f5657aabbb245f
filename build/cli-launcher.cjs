#!/usr/bin/env node
/**
 * The `affix` bin (copied to dist/cli/affix.cjs by build/scripts/build.mjs):
 * turns on the runtime's compile cache where it exists (Node >= 22.1,
 * Electron's Node) and runs the lean, code-split CLI in dist/cli/lazy/
 * (main/cli/lazy-cli.ts). Kept CommonJS so the package bin, `npm run affix`
 * and `node dist/cli/affix.cjs` keep working unchanged.
 */
'use strict';
const nodeModule = require('node:module');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

if (typeof nodeModule.enableCompileCache === 'function' && !process.env.AFFIX_NO_COMPILE_CACHE) {
  try {
    nodeModule.enableCompileCache();
  } catch {
    // A read-only cache folder only costs speed.
  }
}
const dir = join(__dirname, 'lazy');
import(pathToFileURL(join(dir, 'affix.mjs')).href).then(
  (m) => m.main(dir),
  (error) => {
    process.stderr.write(`affix: internal error: cannot load the CLI (${String(error)}); rebuild with "npm run build:main"\n`);
    process.exitCode = 2;
  },
);
