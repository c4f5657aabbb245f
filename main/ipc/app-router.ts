import type { Services } from '../services/composition/container';
import { createHandlers } from './handlers';
import { createRouter, type Router } from './router';

/** The origin the app's own pages are served from (main/electron/app-protocol.ts). */
export const APP_ORIGIN = 'app://affix';

export function createAppRouter(services: Services, trustedOrigins: readonly string[] = [APP_ORIGIN]): Router {
  return createRouter(createHandlers(services), {
    trustedOrigins,
    onInternalError: (method, error) => console.error(`[affix] internal error in ${method}:`, error),
  });
}
