/**
 * How the app's calls are served, whether through the whole router
 * (app-router.ts) or one method at a time (the CLI's ctx.serve, run-cli.ts).
 */
import { passphraseOf, withCallPassphrase } from '../services/core/secrets/call-passphrase';
import type { ServeOptions } from './serve-method';

export const appServeOptions: ServeOptions = {
  onInternalError: (method, error) => console.error(`[affix] internal error in ${method}:`, error),
  // The passphrase typed for this call also opens the workspace's unattended keys it needs (the ledger node key…).
  serveIn: (input, call) => withCallPassphrase(passphraseOf(input), call),
};
