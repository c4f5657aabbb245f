/** Handlers of the proof contract (export and verify proof packages). */
import type { Services } from '../services/composition/container';
import { decodeBase64 } from '../services/domain/documents/base64-pdf';
import { accessGrant } from './identity-handlers';
import type { FileHandles } from '../services/files/file-handles';
import type { Handlers } from './router';

type ExportInput = Omit<Parameters<Handlers['proof']['export']>[0], 'output'>;

function exportPackage(s: Services, output: string, { document, disclose, passphrase, ...grant }: ExportInput) {
  // Each signer whose fields are disclosed: a reason and k custodians' approvals, anchored as access.disclosed (or access.refused).
  for (const d of disclose ?? [])
    s.access.authorize({ action: 'disclose', personId: d.personId, fields: d.fields, passphrase: passphrase ?? '', ...accessGrant(grant) });
  return s.proof.exportPackage(document, output, { disclose, passphrase });
}

export const proofHandlers = (s: Services, files: FileHandles): Handlers['proof'] => ({
  export: ({ output, ...input }) => exportPackage(s, output, input),
  exportTo: ({ target, ...input }) => exportPackage(s, files.savePath(target), input),
  verify: ({ path, trustPolicy, witnessKeys, witnessQuorum, trust }) => s.proof.verifyFile(path, trustPolicy, { witnessKeys, witnessQuorum, trust }),
  verifyBytes: ({ name, base64, trustPolicy, trustPolicyFile, witnessKeys, witnessQuorum }) =>
    s.proof.verifyBytes(decodeBase64(base64, name), trustPolicyFile ? files.openedPath(trustPolicyFile, 'trust-policy') : trustPolicy, {
      witnessKeys,
      witnessQuorum,
    }),
});
