/** The keys and signing contract methods, bound to KeysService and SigningService (listed in handlers.ts). */
import type { Services } from '../services/container';
import type { Handlers } from './router';

export function signingHandlers(s: Services): Pick<Handlers, 'keys' | 'signing'> {
  return {
    keys: {
      list: () => s.keys.list(),
      create: ({ label, passphrase }) => s.keys.create(label, passphrase),
    },
    signing: {
      sign: ({ documentId, keyId, asPersonId, passphrase, ...options }) =>
        s.signing.signDocument(documentId, options, { kind: 'workspace', id: keyId, passphrase, asPersonId }),
    },
  };
}
