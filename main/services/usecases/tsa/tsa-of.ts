/**
 * The TSA service over an open workspace's services, built on first use and
 * kept per container (the TSA is a role few workspaces take, so it stays out
 * of the composition root).
 */
import type { Services } from '../../composition/container';
import { TsaService } from './tsa-service';

const built = new WeakMap<Services, TsaService>();

export function tsaServiceOf(services: Services): TsaService {
  let s = built.get(services);
  if (!s) built.set(services, (s = new TsaService(services.workspace.db, services.vault, services.pki, services.ledger)));
  return s;
}
