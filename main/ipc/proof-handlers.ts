/** Handlers of the proof contract (export and verify proof packages). */
import type { Services } from '../services/composition/container';
import { decodeBase64 } from '../services/domain/documents/base64-pdf';
import { accessGrant } from './identity-handlers';
import type { Handlers } from './router';

export const proofHandlers = (s: Services): Handlers['proof'] => ({
  export: ({ document, output, disclose, passphrase, ...grant }) => {
    // Each signer whose fields are disclosed: a reason and k custodians' approvals, anchored as access.disclosed (or access.refused).
    for (const d of disclose ?? []) s.access.authorize({ action: 'disclose', personId: d.personId, fields: d.fields, passphrase: passphrase ?? '', ...accessGrant(grant) });
    return s.proof.exportPackage(document, output, { disclose, passphrase });
  },
  verify: ({ path, trustPolicy, witnessKeys, witnessQuorum }) => s.proof.verifyFile(path, trustPolicy, { witnessKeys, witnessQuorum }),
  verifyBytes: ({ name, base64, trustPolicy, witnessKeys, witnessQuorum }) => s.proof.verifyBytes(decodeBase64(base64, name), trustPolicy, { witnessKeys, witnessQuorum }),
});
