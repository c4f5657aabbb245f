/** The `workspace.status` handler (listed in handlers.ts), apart so that `affix status` can serve it without the whole router. */
import type { WorkspaceStatus } from '../../shared/contract/workspace';
import type { Services } from '../services/composition/container';
import { APP_VERSION } from '../version';

export function workspaceStatus(s: Services): WorkspaceStatus {
  return {
    appVersion: APP_VERSION,
    home: s.workspace.home,
    databasePath: s.workspace.databasePath,
    workspaceId: s.workspace.meta('workspace_id') ?? '',
    createdAt: s.workspace.meta('created_at') ?? '',
    schema: s.workspace.schema,
    documents: s.documents.list().length,
    blobs: s.workspace.blobs.stats(),
    ledger: ledgerSummary(s),
    secrets: s.protector.info,
    language: s.settings.language(),
  };
}

function ledgerSummary(s: Services): WorkspaceStatus['ledger'] {
  const l = s.ledger.status();
  return l && { size: l.size, checkpointSize: l.checkpointSize, origin: l.origin };
}
