/**
 * Binds every contract method to its service. `Handlers` is derived from the
 * contract, so a method without a handler (or with the wrong types) does not
 * compile.
 */
import type { WorkspaceStatus } from '../../shared/contract/workspace';
import type { Services } from '../services/container';
import { APP_VERSION } from '../version';
import type { Handlers } from './router';

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
    ledger: null,
    secrets: s.protector.info,
    language: s.settings.language(),
  };
}

export function createHandlers(s: Services): Handlers {
  return {
    workspace: {
      status: () => workspaceStatus(s),
    },
    settings: {
      get: () => ({ language: s.settings.language() }),
      setLanguage: ({ language }) => ({ language: s.settings.setLanguage(language) }),
    },
    documents: {
      list: () => s.documents.list(),
      import: ({ path, name }) => s.documents.importFile(path, name),
      get: ({ id }) => s.documents.get(id),
    },
  };
}
