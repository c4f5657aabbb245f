import { workspaceContract, type WorkspaceStatus } from '../../../shared/contract/workspace';
import { workspaceStatus } from '../../ipc/workspace-status';
import { defineCommand, optionalString, UsageError } from '../command';
import { DEFAULT_PASSPHRASE_ENV, passphraseOption } from './workspace-passphrase';
import { EXIT } from '../exit-status';
import { Workspace } from '../../services/core/workspace/workspace';

const describeStatus = (s: WorkspaceStatus): string =>
  [
    `Workspace   ${s.home}`,
    `Id          ${s.workspaceId}`,
    `Created     ${s.createdAt}`,
    `Database    ${s.databasePath}`,
    `Schema      ${Object.entries(s.schema)
      .map(([m, v]) => `${m}@${v}`)
      .join(', ')}`,
    `Documents   ${s.documents}`,
    `Blobs       ${s.blobs.count} (${s.blobs.bytes} bytes)`,
    `Ledger      ${s.ledger ? `${s.ledger.size} entries, checkpoint ${s.ledger.checkpointSize ?? 'none'} (${s.ledger.origin})` : 'not set up'}`,
    `Secrets     ${s.secrets.kind}${s.secrets.backend ? ` (${s.secrets.backend})` : ''}${s.secrets.warning ? ` — WARNING: ${s.secrets.warning}` : ''}`,
    `Language    ${s.language}`,
    `Version     ${s.appVersion}`,
  ].join('\n');

/** What workspaceStatus reads (the vault comes with the ledger, whose node key it seals). */
const STATUS_SERVICES = ['documents', 'ledger', 'settings'] as const;

export const workspaceCommands = [
  defineCommand({
    name: 'init',
    summary: 'Create a workspace (database, blob store, ledger node) in --home.',
    options: passphraseOption,
    services: STATUS_SERVICES,
    details:
      'With the workspace passphrase (--passphrase-env VAR, or AFFIX_PASSPHRASE set), the vault is created at once and the ledger node key is sealed under it from birth. Without one, the node key waits unsealed until the passphrase is first used, and init says so.',
    run: async (ctx, args) => {
      const existed = Workspace.exists(ctx.home);
      const services = ctx.services({ create: true });
      const variable = optionalString(args, 'passphrase-env') ?? DEFAULT_PASSPHRASE_ENV;
      const passphrase = ctx.env[variable];
      // Choosing the passphrase first (strength-checked by the vault) means no key of this workspace is ever written raw.
      if (passphrase && !services.vault.unlocked) services.vault.unlock(passphrase);
      else if (optionalString(args, 'passphrase-env') !== undefined && !passphrase)
        throw new UsageError(`environment variable ${variable} (--passphrase-env) is not set or empty; it must hold the workspace passphrase`);
      services.ledger.ensureNode();
      if (!services.vault.hasPassphrase())
        ctx.err(
          `Note: no workspace passphrase was given (${DEFAULT_PASSPHRASE_ENV} or --passphrase-env VAR), so the ledger node key is kept unsealed until one is first used.`,
        );
      const status = await ctx.serve('workspace.status', workspaceContract.status, (s) => () => workspaceStatus(s), {});
      ctx.print(
        { created: !existed, ...status },
        () => `${existed ? 'Workspace already initialised' : 'Initialised new workspace'}\n${describeStatus(status)}`,
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'status',
    summary: "Show the workspace's real state.",
    services: STATUS_SERVICES,
    run: async (ctx) => {
      const status = await ctx.serve('workspace.status', workspaceContract.status, (s) => () => workspaceStatus(s), {});
      ctx.print(status, () => describeStatus(status));
      return EXIT.OK;
    },
  }),
];
