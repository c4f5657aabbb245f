/**
 * Verifies a PDF on disk (or its bytes) with the shared verifier, trusting the workspace's
 * own CAs (when there is a workspace) plus any certificate files the caller
 * names. It needs no workspace: a court clerk may have only the file.
 */
import { readFileSync } from 'node:fs';
import { badInput, isAffixError } from '../../../shared/errors/affix-error';
import { verifyPdf, type VerificationReport } from '../../../shared/verify';

/** Supplies the workspace's trust anchors (DER): its organisations' root CAs. */
export type TrustAnchorSource = () => Uint8Array[];

export class VerificationService {
  constructor(private readonly anchors: TrustAnchorSource) {}

  async verifyFile(path: string, trust: string[] = []): Promise<VerificationReport> {
    return this.verifyBytes(readInput(path, 'PDF'), path, trust);
  }

  /** A PDF's bytes (e.g. a file dropped on the window), named `name` in errors. */
  async verifyBytes(bytes: Uint8Array, name: string, trust: string[] = []): Promise<VerificationReport> {
    const given = trust.map((t) => readInput(t, 'trust anchor'));
    try {
      return await verifyPdf(bytes, { trustAnchors: [...this.anchors(), ...given] });
    } catch (error) {
      if (isAffixError(error)) throw error;
      throw badInput(`Cannot verify ${name}: damaged PDF (${error instanceof Error ? error.message : String(error)}).`);
    }
  }
}

function readInput(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw badInput(`Cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}
