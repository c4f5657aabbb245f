/** The keys and signing contract methods, bound to KeysService and SigningService (listed in handlers.ts). */
import type { SignDocumentRequest, SignatureOptions } from '../../shared/contract/signing';
import type { KeySource } from '../services/domain/keys/keys-service';
import { AffixError } from '../../shared/errors/affix-error';
import type { Services } from '../services/composition/container';
import { checkTokenSigner } from '../services/usecases/plans/signer-check';
import { recordedSealFace, sealFaceOrNull } from '../services/domain/seals/seal-face-rule';
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
  const { documentId, keyId, asPersonId, passphrase, token, pin, outsideOrder, ...options } = request;
  refuseOutsideOrder(s, documentId, outsideOrder === true);
  // The schema let through exactly one of keyId + passphrase and token + pin.
  if (token && pin !== undefined) {
    checkTokenSigner(s.pkcs11, token);
    return { documentId, options, source: { kind: 'pkcs11', ...token, pin } };
  }
  if (keyId === undefined || passphrase === undefined) throw new AffixError('INTERNAL', 'a signing request without a key passed the contract');
  const seal = keyId.startsWith('seal-') ? sealFaceOrNull((id) => s.seals.get(id), keyId) : null;
  return {
    documentId,
    options: { ...options, appearance: recordedSealFace(options.appearance, seal) },
    source: { kind: 'workspace', id: keyId, passphrase, asPersonId, pin },
  };
}

/**
 * A document with a signing order is signed step by step; a signature outside
 * the order makes a version the order's next step was not set on, so that step
 * can no longer be signed until the order is set again. That is refused unless
 * the user confirmed it.
 */
function refuseOutsideOrder(s: Services, documentId: string, confirmed: boolean): void {
  const plan = s.plans.get(documentId);
  const pending = plan?.steps.filter((step) => step.status.state === 'pending') ?? [];
  if (!plan || pending.length === 0 || confirmed) return;
  const doc = s.documents.get(documentId);
  const next = pending[0];
  throw new AffixError(
    'REFUSED',
    `Document ${doc.name} has a signing order with ${pending.length} of ${plan.steps.length} steps still to sign; the next is step ${next.step} (${next.label}). Sign that step from the document's signing order. Signing outside the order would leave step ${next.step} unsignable until the order is set again; confirm that (outsideOrder) to do it anyway.`,
  );
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
