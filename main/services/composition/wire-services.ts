/**
 * The wiring of every service over one open workspace — the one place that
 * says what each service is built on, for the app, the CLI and the test
 * bridge alike. Each service is built the first time it is used, from the
 * modules it was handed: all of them in the app and the tests (container.ts),
 * only those a command declares in the CLI (load-services.ts). SERVICE_PARTS
 * names, for each service, the modules it is built from and the services it
 * is built on; a unit test builds each service from exactly that and nothing
 * more, so the table cannot fall behind the getters below.
 */
import { AffixError } from '../../../shared/errors/affix-error';
import { JobRunner } from '../core/jobs/job-runner';
import { passphraseOnlyProtector } from '../core/secrets/protector';
import { Workspace } from '../core/workspace/workspace';
import { WorkspaceLocationService } from '../domain/settings/workspace-location';
import { tsaUrlSetting } from '../usecases/tsa/tsa-settings';
import { finishInterruptedPassphraseChange } from '../usecases/passphrase/passphrase-journal';
import { moduleSchemas } from './schema-registry';
import type { ServiceModuleName, ServiceModules } from './service-modules';
import type { ServiceName, ServiceOptions, Services } from './services';

interface Parts {
  /** Modules the service is built from. */
  readonly modules: readonly ServiceModuleName[];
  /** Services it is built on, or calls later through a closure. */
  readonly uses: readonly ServiceName[];
}

export const SERVICE_PARTS: { readonly [K in ServiceName]: Parts } = {
  settings: { modules: ['settings'], uses: [] },
  jobs: { modules: [], uses: [] },
  location: { modules: [], uses: [] },
  vault: { modules: ['vault'], uses: [] },
  sealing: { modules: ['sealing'], uses: ['vault'] },
  ledger: { modules: ['ledger'], uses: ['sealing'] },
  documents: { modules: ['documents', 'planStore'], uses: ['ledger'] },
  identity: { modules: ['identity'], uses: ['vault', 'ledger'] },
  pki: { modules: ['pki'], uses: ['vault', 'ledger', 'identity'] },
  seals: { modules: ['seals'], uses: ['vault', 'ledger', 'pki', 'identity'] },
  // Seal and person keys are resolved when a key signs (keys/keys-service.ts IdentityKeyResolver).
  keys: { modules: ['keys', 'sealSigningKey'], uses: ['ledger', 'seals', 'identity', 'pki', 'vault', 'documents'] },
  signing: { modules: ['signing'], uses: ['documents', 'keys', 'ledger'] },
  pkcs11: { modules: ['pkcs11'], uses: [] },
  plans: { modules: ['plans', 'signerCheck', 'planStore'], uses: ['documents', 'signing', 'seals', 'identity', 'keys', 'pkcs11'] },
  trust: { modules: ['trust'], uses: ['pki'] },
  proof: { modules: ['proof'], uses: ['sealing', 'documents', 'ledger', 'keys', 'pki', 'identity', 'vault', 'trust'] },
  passphrase: { modules: ['passphrase'], uses: ['vault', 'pki', 'keys'] },
  verification: { modules: ['verification'], uses: ['trust'] },
  access: { modules: ['access'], uses: ['vault', 'ledger', 'identity', 'pki'] },
};

/** The modules the named services need, with those of every service they are built on. */
export function modulesFor(names: Iterable<ServiceName>): Set<ServiceModuleName> {
  const modules = new Set<ServiceModuleName>();
  const seen = new Set<ServiceName>();
  const visit = (name: ServiceName): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const m of SERVICE_PARTS[name].modules) modules.add(m);
    for (const used of SERVICE_PARTS[name].uses) visit(used);
  };
  for (const name of names) visit(name);
  return modules;
}

export function wireServices(workspace: Workspace, options: ServiceOptions, modules: Partial<ServiceModules>): Services {
  const protector = options.protector ?? passphraseOnlyProtector;
  // A crash after a passphrase change committed leaves key files to move: every opener finishes it before any key is read.
  finishInterruptedPassphraseChange(workspace);

  const need = <K extends ServiceModuleName>(name: K): ServiceModules[K] => {
    const m = modules[name];
    if (!m) throw new AffixError('INTERNAL', `The "${name}" module was not loaded for this command (composition/wire-services.ts SERVICE_PARTS).`);
    return m;
  };
  const built = new Map<string, unknown>();
  const once = <T>(name: string, make: () => T): T => {
    if (!built.has(name)) built.set(name, make());
    return built.get(name) as T;
  };
  const planStore = () => once('planStore', () => new (need('planStore').PlanStore)(workspace.db));

  const s: Services = {
    workspace,
    protector,
    get settings() {
      return once('settings', () => new (need('settings').SettingsService)(workspace));
    },
    get jobs() {
      return once('jobs', () => new JobRunner());
    },
    get location() {
      return once('location', () => new WorkspaceLocationService(workspace.home, options.appStart));
    },
    get vault() {
      return once('vault', () => new (need('vault').Vault)(workspace.db, protector));
    },
    get sealing() {
      return once('sealing', () => need('sealing').unattendedSealing(workspace, s.vault, protector, options.passphrase));
    },
    get ledger() {
      return once('ledger', () => new (need('ledger').LedgerService)(workspace, s.sealing, options.ledger));
    },
    get documents() {
      return once(
        'documents',
        () =>
          new (need('documents').DocumentsService)(
            workspace,
            async (pdf, needle, what) => (await import('../engines/pdf-pages/text-locator')).findText(pdf, needle, what),
            s.ledger,
            planStore(),
          ),
      );
    },
    get identity() {
      return once('identity', () => new (need('identity').IdentityService)(workspace.db, s.vault, s.ledger));
    },
    get pki() {
      return once('pki', () => new (need('pki').PkiService)(workspace.db, s.vault, s.ledger, s.identity));
    },
    get seals() {
      return once('seals', () => new (need('seals').SealService)(workspace.db, s.vault, s.ledger, s.pki, s.identity, workspace.blobs, options.clock));
    },
    get keys() {
      return once('keys', () => {
        const { workspaceSigningKey } = need('sealSigningKey');
        // The identity services are reached through `s` when a key signs, so building keys builds none of them.
        return new (need('keys').KeysService)(workspace, protector, s.ledger, (id, passphrase, asPersonId, use) =>
          workspaceSigningKey(s, id, { ...use, passphrase, asPersonId }),
        );
      });
    },
    get signing() {
      return once('signing', () => new (need('signing').SigningService)(s.documents, s.keys, s.ledger, () => tsaUrlSetting(workspace)));
    },
    get pkcs11() {
      return once('pkcs11', () => new (need('pkcs11').Pkcs11Registry)(workspace.db));
    },
    get plans() {
      return once(
        'plans',
        () => new (need('plans').PlansService)(planStore(), s.documents, s.signing, need('signerCheck').signerCheck(s.seals, s.identity, s.keys, s.pkcs11)),
      );
    },
    get trust() {
      return once(
        'trust',
        () =>
          new (need('trust').TrustStore)(workspace.db, () =>
            s.pki.listOrgs().map((o) => ({ org: { id: o.id, legalName: o.legalName }, der: s.pki.certificateDer(o.rootSerial) })),
          ),
      );
    },
    get proof() {
      return once(
        'proof',
        () =>
          new (need('proof').ProofService)({
            workspace,
            sealing: s.sealing,
            documents: s.documents,
            ledger: s.ledger,
            keys: s.keys,
            pki: s.pki,
            identity: s.identity,
            vault: s.vault,
            trust: { anchors: () => s.trust.anchors() },
          }),
      );
    },
    get passphrase() {
      return once('passphrase', () => new (need('passphrase').PassphraseChanger)({ workspace, vault: s.vault, pki: s.pki, keys: s.keys }));
    },
    get verification() {
      return once(
        'verification',
        () =>
          new (need('verification').VerificationService)(
            () => s.trust.anchors(),
            async () => (await import('../usecases/verification/workspace-revocations')).workspaceRevocations(workspace.db),
          ),
      );
    },
    get access() {
      return once('access', () => new (need('access').AccessService)(workspace.db, s.vault, s.ledger, s.identity, s.pki));
    },
    close: () => {
      if (built.has('jobs')) s.jobs.cancelAll();
      if (built.has('ledger')) s.ledger.close();
      workspace.close();
    },
  };
  return s;
}

/**
 * Opens (optionally creating) the workspace at `home` and wires its services
 * from `modules`; `ready` may build some of them at once. If wiring fails,
 * the workspace is closed again.
 */
export function openWiredServices(
  home: string,
  options: ServiceOptions & { create?: boolean },
  modules: Partial<ServiceModules>,
  ready: (services: Services) => void = () => {},
): Services {
  const workspace = Workspace.open(home, { create: options.create, schemas: moduleSchemas });
  try {
    const services = wireServices(workspace, options, modules);
    ready(services);
    return services;
  } catch (error) {
    workspace.close();
    throw error;
  }
}
