/**
 * Verifies a PDF on disk (or its bytes) with the shared verifier, trusting the workspace's
 * own CAs (when there is a workspace) plus any certificate files the caller
 * names. It needs no workspace: a court clerk may have only the file.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { badInput, isAffixError } from '../../../../shared/errors/affix-error';
import type { RandomAccessFile } from '../../../../shared/pdf/source';
import type { VerificationReport } from '../../../../shared/verify';
import './node-digest';
import type { WorkspaceRevocations } from './workspace-revocations';
import { fileError, fsProblem } from '../../core/fs/fs-errors';
import { openInputFile, type InputFile } from '../../core/fs/input-file';

/** Supplies the workspace's trust anchors (DER): its organisations' root CAs. */
export type TrustAnchorSource = () => Uint8Array[];

export class VerificationService {
  constructor(
    private readonly anchors: TrustAnchorSource,
    /** The workspace's own revocations (none without a workspace). */
    private readonly revocations: () => Promise<WorkspaceRevocations> = async () => ({ known: [], authorities: [] }),
  ) {}

  /** `crls` names CRL files (PEM or DER) consulted besides the document's DSS and the workspace's own revocations. */
  async verifyFile(path: string, trust: string[] = [], crls: string[] = []): Promise<VerificationReport> {
    // Read piece by piece, never whole: memory stays flat however large the PDF.
    const file = openPdf(path);
    try {
      return await this.verifyBytes(file, path, trust, crls);
    } finally {
      file.close();
    }
  }

  /** The PDF at `path`, read as verifyFile reads it (a clear BAD_INPUT when it cannot be). */
  readPdf(path: string): Uint8Array {
    return readInput(path, 'PDF');
  }

  /**
   * The version of the PDF at `path` that a signature covers: its first
   * `length` bytes (where the signature's byte range ends). A file shorter
   * than that is not the file that was verified.
   */
  signedVersion(path: string, length: number): { base64: string; sha256: string } {
    const bytes = readInput(path, 'PDF');
    if (length > bytes.length)
      throw badInput(`${path} has ${bytes.length} bytes, fewer than the ${length} the signature covers: it changed since it was verified.`);
    const version = bytes.subarray(0, length);
    return { base64: Buffer.from(version).toString('base64'), sha256: createHash('sha256').update(version).digest('hex') };
  }

  /** What this workspace itself revoked: handed to a verification worker so its verdicts match this service's. */
  ownRevocations(): Promise<WorkspaceRevocations> {
    return this.revocations();
  }

  /** A PDF's bytes (e.g. a file dropped on the window) or an open file, named `name` in errors. */
  async verifyBytes(bytes: Uint8Array | RandomAccessFile, name: string, trust: string[] = [], crls: string[] = []): Promise<VerificationReport> {
    const given = trust.map((t) => readInput(t, 'trust anchor'));
    // Imported on use: the verifier (pkijs, CMS) is not needed by the commands that only open the workspace.
    const { verifyPdf } = await import('../../../../shared/verify');
    const crlBytes = crls.map((c) => readInput(c, 'CRL'));
    const own = await this.revocations();
    try {
      return await verifyPdf(bytes, {
        trustAnchors: [...this.anchors(), ...given],
        crls: crlBytes,
        knownRevocations: own.known,
        revocationAuthorities: own.authorities,
      });
    } catch (error) {
      if (isAffixError(error)) throw error;
      throw badInput(`Cannot verify ${name}: damaged PDF (${error instanceof Error ? error.message : String(error)}).`);
    }
  }
}

/** The PDF at `path` opened for reading piece by piece; failures are worded as readInput's. */
function openPdf(path: string): InputFile {
  try {
    return openInputFile(path);
  } catch (error) {
    const cause = isAffixError(error) ? error.cause : error;
    if (cause === undefined) throw error; // not a regular file: already said so
    throw fileError(`Cannot read the PDF ${path}: ${fsProblem(cause)}`, path, cause);
  }
}

function readInput(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw fileError(`Cannot read the ${what} ${path}: ${fsProblem(error)}`, path, error);
  }
}
