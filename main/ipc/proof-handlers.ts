/** Handlers of the proof contract (export and verify proof packages). */
import type { Services } from '../services/container';
import type { Handlers } from './router';

export const proofHandlers = (s: Services): Handlers['proof'] => ({
  export: ({ document, output, disclose, passphrase }) => s.proof.exportPackage(document, output, { disclose, passphrase }),
  verify: ({ path, trustPolicy }) => s.proof.verifyFile(path, trustPolicy),
});
