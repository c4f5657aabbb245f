/**
 * The `.affixproof` container: a plain zip, so a clerk can open it with any
 * archive tool. Entries are written in a fixed order with a fixed timestamp,
 * so exporting the same evidence twice gives the same bytes. Reading is
 * readPackageBounded (package-budget.ts), through the one hardened zip reader
 * in shared/zip/.
 */
import { zipSync, type Zippable } from 'fflate';

export const PACKAGE_FILES = {
  pdf: 'document.pdf',
  evidence: 'evidence.json',
  report: 'report.pdf',
  verifier: 'verify.html',
  readme: 'README.txt',
} as const;

/** 1980-01-01, the zip epoch: deterministic output. */
const FIXED_MTIME = new Date(Date.UTC(1980, 0, 1, 12));

export function writePackage(files: ReadonlyArray<readonly [name: string, bytes: Uint8Array]>): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, bytes] of files) {
    // PDFs are already compressed streams; storing them keeps export fast and byte-exact.
    zippable[name] = [bytes, { level: name.endsWith('.pdf') ? 0 : 6, mtime: FIXED_MTIME }];
  }
  return zipSync(zippable);
}
