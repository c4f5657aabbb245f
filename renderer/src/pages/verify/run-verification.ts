/** What the Verify page asks main for, and what it gets back: a signed PDF's report or a proof package's. */
import type { ChosenFile } from '../../../../shared/contract/files';
import type { DescribedReport } from '../../../../shared/contract/verification';
import type { ProofReport } from '../../../../shared/proof/proof-report';
import { affix, unwrap } from '../../api';
import type { PickedFile } from '../../components/FileDrop';
import type { VerifiedSource } from './SignedVersionDialog';

/**
 * What to verify: a file dropped or chosen (its bytes), and for a proof package
 * the trust policy chosen in the open-file dialog (a handle): the window names no path.
 */
export interface VerifyRequest {
  file: PickedFile;
  trustPolicy?: ChosenFile;
}

/** What was verified: a signed PDF, or a proof package — each with its own report shape. */
export type Outcome = { kind: 'pdf'; report: DescribedReport; source: VerifiedSource } | { kind: 'proof'; report: ProofReport };

export const isPackage = (name: string | undefined): boolean => /\.affixproof$/i.test(name?.trim() ?? '');

/** The same verifier the CLI runs, on the bytes the window read; the workspace describes the signers it knows. */
export async function runVerification({ file, trustPolicy }: VerifyRequest): Promise<Outcome> {
  const { name, base64 } = file;
  if (isPackage(name)) {
    return { kind: 'proof', report: await unwrap(affix().proof.verifyBytes({ name, base64, trustPolicyFile: trustPolicy?.handle })) };
  }
  return { kind: 'pdf', report: await unwrap(affix().verification.verifyBytes({ name, base64, describe: true })), source: { file } };
}
