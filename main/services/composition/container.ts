/**
 * The composition root of the app, the test bridge and the tests: every
 * service over one open workspace, built from every module up front, so a
 * wiring fault shows when the workspace opens, not at some later click. The
 * wiring itself is wire-services.ts, shared with the CLI, which builds only
 * what a command uses (load-services.ts). Add a service: see wire-services.ts.
 */
import type { Workspace } from '../core/workspace/workspace';
import { allServiceModules } from './all-service-modules';
import type { ServiceName, ServiceOptions, Services } from './services';
import { openWiredServices, SERVICE_PARTS, wireServices } from './wire-services';

export type { ServiceOptions, Services } from './services';

const buildAll = (services: Services): void => {
  for (const name of Object.keys(SERVICE_PARTS) as ServiceName[]) void services[name];
};

export function createServices(workspace: Workspace, options: ServiceOptions = {}): Services {
  const services = wireServices(workspace, options, allServiceModules);
  buildAll(services);
  return services;
}

/** Opens (optionally creating) the workspace at `home` and builds its services. */
export const openServices = (home: string, options: ServiceOptions & { create?: boolean } = {}): Services =>
  openWiredServices(home, options, allServiceModules, buildAll);
