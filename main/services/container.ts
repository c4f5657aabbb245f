/**
 * Builds every service over one open workspace. This is the composition root
 * for the app, the CLI and the test bridge alike, so all three run the same
 * wiring. Add a service: construct it here and expose it on `Services`.
 */
import { DocumentsService } from './documents/documents-service';
import { passphraseOnlyProtector, type SecretProtector } from './secrets/protector';
import { SettingsService } from './settings/settings-service';
import { Workspace } from './workspace/workspace';

export interface ServiceOptions {
  protector?: SecretProtector;
}

export interface Services {
  readonly workspace: Workspace;
  readonly protector: SecretProtector;
  readonly settings: SettingsService;
  readonly documents: DocumentsService;
  close(): void;
}

export function createServices(workspace: Workspace, options: ServiceOptions = {}): Services {
  const protector = options.protector ?? passphraseOnlyProtector;
  const settings = new SettingsService(workspace);
  const documents = new DocumentsService(workspace);
  return {
    workspace,
    protector,
    settings,
    documents,
    close: () => workspace.close(),
  };
}

/** Opens (optionally creating) the workspace at `home` and builds its services. */
export function openServices(home: string, options: ServiceOptions & { create?: boolean } = {}): Services {
  return createServices(Workspace.open(home, { create: options.create }), options);
}
