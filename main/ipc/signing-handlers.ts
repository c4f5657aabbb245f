/** The keys and signing contract methods, bound to KeysService and SigningService (listed in handlers.ts). */
import type { SignatureOptions } from '../../shared/contract/signing';
import type { KeySource } from '../services/keys/keys-service';
import type { Services } from '../services/container';
import type { Handlers } from './router';
import { startSigningJob } from './signing-job';

type SignRequest = SignatureOptions & { documentId: string; keyId: string; asPersonId?: string; passphrase: string };

const split = ({ documentId, keyId, asPersonId, passphrase, ...options }: SignRequest): { documentId: string; options: SignatureOptions; source: KeySource } => ({
  documentId,
  options,
  source: { kind: 'workspace', id: keyId, passphrase, asPersonId },
});

export function signingHandlers(s: Services): Pick<Handlers, 'keys' | 'signing'> {
  return {
    keys: {
      list: () => s.keys.list(),
      create: ({ label, passphrase }) => s.keys.create(label, passphrase),
    },
    signing: {
      sign: (request) => {
        const { documentId, options, source } = split(request);
        return s.signing.signDocument(documentId, options, source);
      },
      signStart: (request) => {
        const { documentId, options, source } = split(request);
        return startSigningJob(s.jobs, s.documents.get(documentId).bytes, (progress) => s.signing.signDocument(documentId, options, source, { progress }));
      },
    },
  };
}
