/**
 * The `.affixproof` container: a plain zip, so a clerk can open it with any
 * archive tool. Entries are written in a fixed order with a fixed timestamp,
 * so exporting the same evidence twice gives the same bytes. Reading refuses
 * anything that could hurt a verifier: absolute or parent paths, duplicate
 * names, and entries that inflate beyond a sane size (zip bombs).
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { AffixError } from '../errors/affix-error';

export const PACKAGE_FILES = {
  pdf: 'document.pdf',
  evidence: 'evidence.json',
  report: 'report.pdf',
  verifier: 'verify.html',
  readme: 'README.txt',
} as const;

/** 1980-01-01, the zip epoch: deterministic output. */
const FIXED_MTIME = new Date(Date.UTC(1980, 0, 1, 12));
const MAX_ENTRY_BYTES = 512 * 1024 * 1024;
const MAX_ENTRIES = 64;

export function writePackage(files: ReadonlyArray<readonly [name: string, bytes: Uint8Array]>): Uint8Array {
  const zippable: Zippable = {};
  for (const [name, bytes] of files) {
    // PDFs are already compressed streams; storing them keeps export fast and byte-exact.
    zippable[name] = [bytes, { level: name.endsWith('.pdf') ? 0 : 6, mtime: FIXED_MTIME }];
  }
  return zipSync(zippable);
}

export function readPackage(bytes: Uint8Array): Map<string, Uint8Array> {
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new AffixError('BAD_INPUT', 'Not an Affix proof package: the file is not a zip archive.');
  }
  let entries: Record<string, Uint8Array>;
  const names = new Set<string>();
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        if (names.has(f.name)) throw new Error(`entry ${f.name} appears twice`);
        names.add(f.name);
        if (names.size > MAX_ENTRIES) throw new Error(`more than ${MAX_ENTRIES} entries`);
        if (f.originalSize > MAX_ENTRY_BYTES) throw new Error(`entry ${f.name} inflates to ${f.originalSize} bytes`);
        if (f.name.startsWith('/') || f.name.split(/[\\/]/).includes('..')) throw new Error(`unsafe entry name ${f.name}`);
        return true;
      },
    });
  } catch (error) {
    throw new AffixError('BAD_INPUT', `Proof package is damaged: ${error instanceof Error ? error.message : String(error)}`);
  }
  return new Map(Object.entries(entries));
}
