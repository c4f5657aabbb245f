/** Handlers of the proof contract (export and verify proof packages). */
import type { Services } from '../services/container';
import { decodeBase64 } from '../services/documents/base64-pdf';
import type { Handlers } from './router';

export const proofHandlers = (s: Services): Handlers['proof'] => ({
  export: ({ document, output, disclose, passphrase }) => s.proof.exportPackage(document, output, { disclose, passphrase }),
  verify: ({ path, trustPolicy, witnessKeys, witnessQuorum }) => s.proof.verifyFile(path, trustPolicy, { witnessKeys, witnessQuorum }),
  verifyBytes: ({ name, base64, trustPolicy, witnessKeys, witnessQuorum }) => s.proof.verifyBytes(decodeBase64(base64, name), trustPolicy, { witnessKeys, witnessQuorum }),
});
