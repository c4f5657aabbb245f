/**
 * The TSA service over an open workspace's services, built on first use and
 * kept per container (the TSA is a role few workspaces take, so it stays out
 * of the composition root).
 */
import type { Workspace } from '../../core/workspace/workspace';
import type { Vault } from '../../domain/identity/vault';
import type { LedgerService } from '../../domain/ledger/ledger-service';
import type { PkiService } from '../../domain/pki/pki-service';
import { TsaService } from './tsa-service';

/** The services a TSA is built over (the container has them all). */
export interface TsaDeps {
  readonly workspace: Workspace;
  readonly vault: Vault;
  readonly pki: PkiService;
  readonly ledger: LedgerService;
}

const built = new WeakMap<TsaDeps, TsaService>();

export function tsaServiceOf(services: TsaDeps): TsaService {
  let s = built.get(services);
  if (!s) built.set(services, (s = new TsaService(services.workspace.db, services.vault, services.pki, services.ledger)));
  return s;
}
