/**
 * Writes one stored version of a document out as a file: the signed PDF a
 * workspace holds, to send or archive. The version is streamed from its
 * stored runs (its first file, then each appended update) into an atomic
 * output, and its SHA-256 is checked against the one recorded before the
 * output appears, so a damaged store never yields a file that looks right.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { AffixError, badInput, isAffixError } from '../../../../shared/errors/affix-error';
import { AtomicFile } from '../../core/fs/atomic-write';
import type { DocumentsService } from './documents-service';

export interface ExportedVersion {
  documentId: string;
  name: string;
  /** 1-based version number (1 is the imported original). */
  version: number;
  versions: number;
  sha256: string;
  bytes: number;
  path: string;
}

const CHUNK = 4 * 1024 * 1024;

export function exportVersion(documents: DocumentsService, documentId: string, version: number | undefined, outputPath: string): ExportedVersion {
  const doc = documents.get(documentId);
  const digests = documents.versionDigests(documentId);
  const n = version ?? digests.length;
  if (!Number.isInteger(n) || n < 1 || n > digests.length) {
    throw badInput(`Document ${doc.name} has ${digests.length} version${digests.length === 1 ? '' : 's'}; there is no version ${n}.`);
  }
  const sha256 = digests[n - 1];
  const what = `Document ${doc.name}, version ${n}`;
  const input = documents.openVersion(sha256, what);
  let file: AtomicFile | undefined;
  try {
    file = writing(outputPath, () => AtomicFile.create(resolve(outputPath)));
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (let pos = 0; pos < input.length;) {
      const got = input.readSync(buffer, 0, Math.min(CHUNK, input.length - pos), pos);
      if (got === 0) throw badInput(`Cannot read ${what}: its stored copy ends after ${pos} of ${input.length} bytes.`);
      const chunk = buffer.subarray(0, got);
      hash.update(chunk);
      const out = file;
      writing(outputPath, () => out.write(chunk));
      pos += got;
    }
    const actual = hash.digest('hex');
    if (actual !== sha256) {
      throw new AffixError(
        'BAD_INPUT',
        `${what}: its stored copy no longer has the SHA-256 recorded for it (${sha256.slice(0, 12)}…, now ${actual.slice(0, 12)}…); the workspace's files were changed outside Affix. Nothing was written.`,
      );
    }
    const done = file;
    writing(outputPath, () => done.commit());
    file = undefined;
    return { documentId: doc.id, name: doc.name, version: n, versions: digests.length, sha256, bytes: input.length, path: resolve(outputPath) };
  } finally {
    file?.discard();
    input.close();
  }
}

function writing<T>(path: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (isAffixError(error)) throw error;
    throw badInput(`Cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, error);
  }
}
