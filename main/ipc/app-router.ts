import type { Services } from '../services/composition/container';
import type { FileDialogs } from '../services/files/file-dialogs';
import { FileHandles } from '../services/files/file-handles';
import { appServeOptions } from './serve-options';
import { createHandlers } from './handlers';
import { createRouter, type Router } from './router';

/** The origin the app's own pages are served from (main/electron/app-protocol.ts). */
export const APP_ORIGIN = 'app://affix';

/** `dialogs` shows the native file dialogs (Electron, or a test's stand-in); without them files arrive only by drop. */
export function createAppRouter(services: Services, trustedOrigins: readonly string[] = [APP_ORIGIN], dialogs: FileDialogs | null = null): Router {
  return createRouter(createHandlers(services, new FileHandles(dialogs)), {
    trustedOrigins,
    ...appServeOptions,
    isRegisteredModule: (path) => services.pkcs11.paths().includes(path),
  });
}
