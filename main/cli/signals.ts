/**
 * Ctrl-C (SIGINT) or SIGTERM during a command: the temp files of unfinished
 * atomic writes are removed before the process exits with 128 + the signal
 * number, as shells expect. A database transaction is never cut in half:
 * JavaScript runs the handler between tasks, so a transaction has either
 * committed or not begun (and SQLite rolls back what it had not committed).
 */
import { removeLiveTempFiles } from '../services/core/fs/temp-files';

const EXIT_FOR = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

export function cleanUpOnSignals(): void {
  for (const [signal, code] of Object.entries(EXIT_FOR)) {
    process.on(signal, () => {
      removeLiveTempFiles();
      // A command that listens too (a TSA or witness server) stops itself gracefully and exits 0.
      if (process.listenerCount(signal) > 1) return;
      process.stderr.write(`affix: stopped by ${signal}; unfinished output files were removed.\n`);
      process.exit(code);
    });
  }
}
