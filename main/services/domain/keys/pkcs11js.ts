/**
 * pkcs11js, a native addon, loaded on first use rather than at import: every
 * CLI command that opens the workspace imports the key and PKCS#11 services,
 * and only those that talk to a token should pay for the dlopen (issue 20).
 * It is an external package in every bundle, so require() finds it in
 * node_modules from the app, the CLI bin and the tests alike.
 */
import { createRequire } from 'node:module';
import type * as Pkcs11js from 'pkcs11js';

let loaded: typeof Pkcs11js | undefined;

export function pkcs11(): typeof Pkcs11js {
  loaded ??= createRequire(__filename)('pkcs11js') as typeof Pkcs11js;
  return loaded;
}
