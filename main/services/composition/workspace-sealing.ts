/**
 * Wires the sealing of a workspace's unattended keys (secrets/unattended-key.ts)
 * to its vault: key files written while the workspace had no passphrase (or by
 * versions that stored raw seeds) are sealed the first time the vault opens in
 * a process, so a workspace migrates as soon as it is used with its passphrase.
 */
import { Vault } from '../domain/identity/vault';
import { sealPendingNodeKey } from '../domain/ledger/node-key';
import { sealPendingReportSeal } from '../usecases/proof/report-key';
import { sealPendingWitnessKey } from '../usecases/witness/witness-key';
import type { Workspace } from '../core/workspace/workspace';
import { passphraseOnlyProtector, type SecretProtector } from '../core/secrets/protector';
import type { UnattendedSealing } from '../core/secrets/unattended-key';
import { callPassphrase } from '../core/secrets/call-passphrase';

export function unattendedSealing(
  workspace: Workspace,
  vault: Vault,
  protector: SecretProtector,
  passphrase: () => string | undefined = () => undefined,
): UnattendedSealing {
  const sealing: UnattendedSealing = { protector, vault, passphrase, offered: callPassphrase };
  vault.onUnlock(() => sealPendingKeys(workspace.home, sealing));
  return sealing;
}

/** Seals every unattended key file still waiting for the passphrase; the names of those it sealed. */
export function sealPendingKeys(home: string, sealing: UnattendedSealing): string[] {
  const sealed: string[] = [];
  if (sealPendingNodeKey(home, sealing)) sealed.push('ledger node key');
  if (sealPendingReportSeal(home, sealing)) sealed.push('report seal');
  if (sealPendingWitnessKey(home, sealing)) sealed.push('witness key');
  return sealed;
}

/** The sealing of a bare workspace's unattended keys (a witness, a ledger or a tool run without the whole container). */
export const workspaceSealing = (
  workspace: Workspace,
  passphrase?: () => string | undefined,
  protector: SecretProtector = passphraseOnlyProtector,
): UnattendedSealing => unattendedSealing(workspace, new Vault(workspace.db, protector), protector, passphrase);
