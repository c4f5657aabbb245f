/**
 * The CLI's composition: loads the modules of the services a command
 * declares (Command.services) and no others, then opens the workspace with
 * the same wiring as the app (wire-services.ts). `affix status` or a ledger
 * append then skip most of the main process's code (issue 20).
 */
import { loadServiceModules } from './service-modules';
import type { ServiceName, ServiceOptions, Services } from './services';
import { modulesFor, openWiredServices } from './wire-services';

export type OpenServices = (home: string, options?: ServiceOptions & { create?: boolean }) => Services;

/** An opener of workspaces whose named services (and those they are built on) can be built. */
export async function servicesOpener(names: readonly ServiceName[]): Promise<OpenServices> {
  const modules = await loadServiceModules(modulesFor(names));
  return (home, options = {}) => openWiredServices(home, options, modules);
}
