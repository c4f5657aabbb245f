import type { WorkspaceStatus } from '../../../shared/contract/workspace';
import { defineCommand } from '../command';
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

export const workspaceCommands = [
  defineCommand({
    name: 'init',
    summary: 'Create a workspace (database, blob store, ledger node) in --home.',
    run: async (ctx) => {
      const existed = Workspace.exists(ctx.home);
      ctx.services({ create: true }).ledger.ensureNode();
      const status = await ctx.call('workspace.status', {});
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
    run: async (ctx) => {
      const status = await ctx.call('workspace.status', {});
      ctx.print(status, () => describeStatus(status));
      return EXIT.OK;
    },
  }),
];
