/** What the Verify page asks main for, and what it gets back: a signed PDF's report or a proof package's. */
import type { DescribedReport } from '../../../../shared/contract/verification';
import type { ProofReport } from '../../../../shared/proof/proof-report';
import { affix, unwrap } from '../../api';
import type { PickedFile } from '../../components/FileDrop';
import type { VerifiedSource } from './SignedVersionDialog';

export interface VerifyForm {
  path?: string;
  trust: string[];
  trustPolicy?: string;
}

/** What to verify: a path typed in the form, or a file dropped or chosen (its bytes); with the form's trust settings. */
export type VerifyRequest = Omit<VerifyForm, 'path'> & ({ path: string } | { file: PickedFile });

/** What was verified: a signed PDF, or a proof package — each with its own report shape. */
export type Outcome = { kind: 'pdf'; report: DescribedReport; source: VerifiedSource } | { kind: 'proof'; report: ProofReport };

export const isPackage = (path: string | undefined): boolean => /\.affixproof$/i.test(path?.trim() ?? '');

/** The same verifier either way: by path, or with the bytes the window read; the workspace describes the signers it knows. */
export async function runVerification(r: VerifyRequest): Promise<Outcome> {
  const name = 'file' in r ? r.file.name : r.path;
  if (isPackage(name)) {
    const trustPolicy = r.trustPolicy?.trim() || undefined;
    const report = 'file' in r ? affix().proof.verifyBytes({ name, base64: r.file.base64, trustPolicy }) : affix().proof.verify({ path: name, trustPolicy });
    return { kind: 'proof', report: await unwrap(report) };
  }
  const trust = r.trust.length ? r.trust : undefined;
  const report =
    'file' in r
      ? affix().verification.verifyBytes({ name, base64: r.file.base64, trust, describe: true })
      : affix().verification.verifyFile({ path: name, trust, describe: true });
  return { kind: 'pdf', report: await unwrap(report), source: 'file' in r ? { file: r.file } : { path: name } };
}
