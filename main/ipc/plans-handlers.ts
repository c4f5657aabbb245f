/** The signing-order contract methods, bound to PlansService (listed in handlers.ts). */
import type { Services } from '../services/container';
import type { Handlers } from './router';

export function plansHandlers(s: Services): Handlers['plans'] {
  return {
    get: ({ documentId }) => s.plans.get(documentId),
    set: ({ documentId, steps, certify }) => s.plans.set(documentId, steps, certify),
    signNext: ({ documentId, step, passphrase }) => s.plans.signNext(documentId, step, passphrase),
  };
}
