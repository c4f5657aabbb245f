/** The keys and signing contract methods, bound to KeysService and SigningService (listed in handlers.ts). */
import type { SignDocumentRequest, SignatureOptions } from '../../shared/contract/signing';
import type { KeySource } from '../services/domain/keys/keys-service';
import { AffixError } from '../../shared/errors/affix-error';
import type { Services } from '../services/composition/container';
import { checkTokenSigner } from '../services/usecases/plans/signer-check';
import type { Handlers } from './router';
import { startSigningJob } from './signing-job';

interface SigningRequest {
  documentId: string;
  options: SignatureOptions;
  source: KeySource;
}

/**
 * The request's key source and options. A token key is checked first: its
 * module must be registered in Settings (the window must not make Affix load
 * an arbitrary library) and its token and certificate present, so a missing
 * token is reported as such before any PIN reaches it.
 */
function signingRequest(s: Services, request: SignDocumentRequest): SigningRequest {
  const { documentId, keyId, asPersonId, passphrase, token, pin, ...options } = request;
  // The schema let through exactly one of keyId + passphrase and token + pin.
  if (token && pin !== undefined) {
    checkTokenSigner(s.pkcs11, token);
    return { documentId, options, source: { kind: 'pkcs11', ...token, pin } };
  }
  if (keyId === undefined || passphrase === undefined) throw new AffixError('INTERNAL', 'a signing request without a key passed the contract');
  return { documentId, options, source: { kind: 'workspace', id: keyId, passphrase, asPersonId, pin } };
}

export function signingHandlers(s: Services): Pick<Handlers, 'keys' | 'signing'> {
  return {
    keys: {
      list: () => s.keys.list(),
      create: ({ label, passphrase }) => s.keys.create(label, passphrase),
    },
    signing: {
      sign: (request) => {
        const { documentId, options, source } = signingRequest(s, request);
        return s.signing.signDocument(documentId, options, source);
      },
      signStart: (request) => {
        const { documentId, options, source } = signingRequest(s, request);
        return startSigningJob(s.jobs, s.documents.get(documentId).bytes, (progress) => s.signing.signDocument(documentId, options, source, { progress }));
      },
    },
  };
}
