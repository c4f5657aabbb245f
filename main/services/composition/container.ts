/**
 * Builds every service over one open workspace. This is the composition root
 * for the app, the CLI and the test bridge alike, so all three run the same
 * wiring. Add a service: construct it here and expose it on `Services`.
 */
import { DocumentsService } from '../domain/documents/documents-service';
import { AccessService } from '../domain/access/access-service';
import { IdentityService } from '../domain/identity/identity-service';
import { JobRunner } from '../core/jobs/job-runner';
import { KeysService } from '../domain/keys/keys-service';
import { Vault } from '../domain/identity/vault';
import { LedgerService, type LedgerOptions } from '../domain/ledger/ledger-service';
import { PkiService } from '../domain/pki/pki-service';
import { PlanStore } from '../usecases/plans/plan-store';
import { PlansService } from '../usecases/plans/plans-service';
import { signerCheck } from '../usecases/plans/signer-check';
import { ProofService } from '../usecases/proof/proof-service';
import { SealService } from '../domain/seals/seal-service';
import { workspaceSigningKey } from '../domain/seals/seal-signing-key';
import { passphraseOnlyProtector, type SecretProtector } from '../core/secrets/protector';
import type { UnattendedSealing } from '../core/secrets/unattended-key';
import { unattendedSealing } from './workspace-sealing';
import { PassphraseChanger } from '../usecases/passphrase/passphrase-change';
import { Pkcs11Registry } from '../domain/settings/pkcs11-registry';
import { SettingsService } from '../domain/settings/settings-service';
import { WorkspaceLocationService, type AppStart } from '../domain/settings/workspace-location';
import { TrustStore } from '../domain/trust/trust-store';
import { VerificationService } from '../usecases/verification/verification-service';
import { SigningService } from '../usecases/signing/signing-service';
import { Workspace } from '../core/workspace/workspace';
import { tsaUrlSetting } from '../usecases/tsa/tsa-settings';
import { moduleSchemas } from './schema-registry';
import type { Clock } from '../core/clock';

export interface ServiceOptions {
  protector?: SecretProtector;
  ledger?: LedgerOptions;
  /** How the desktop app chose the workspace folder (absent in the CLI and tests). */
  appStart?: AppStart;
  /**
   * The workspace passphrase of this session, read only when an unattended key
   * (node key, report seal, witness key) must be opened and the vault is locked
   * (the CLI reads --passphrase-env / AFFIX_PASSPHRASE). Never stored.
   */
  passphrase?: () => string | undefined;
  /** The time seal validity windows are checked against (default: the system clock; tests set it). */
  clock?: Clock;
}

export interface Services {
  readonly workspace: Workspace;
  readonly protector: SecretProtector;
  /** How the unattended keys (node key, report seal, witness key) are sealed and opened. */
  readonly sealing: UnattendedSealing;
  readonly settings: SettingsService;
  readonly documents: DocumentsService;
  readonly ledger: LedgerService;
  /** Personal-data vault (master key + per-subject keys). */
  readonly vault: Vault;
  readonly identity: IdentityService;
  readonly pki: PkiService;
  readonly seals: SealService;
  /** Workspace signing keys; PKCS#12 files and PKCS#11 tokens opened in place. */
  readonly keys: KeysService;
  /** PDF signature verification (trusts the anchors in `trust`: organisation roots and imported CAs). */
  readonly verification: VerificationService;
  readonly signing: SigningService;
  /** Signing orders: who signs where, in which sequence. */
  readonly plans: PlansService;
  /** Court-ready proof packages: export and offline verification. */
  readonly proof: ProofService;
  /** Long work with progress and cancel (the ledger audit job). */
  readonly jobs: JobRunner;
  /** The workspace folder now and the one kept for the desktop app's next start. */
  readonly location: WorkspaceLocationService;
  /** Registered PKCS#11 module libraries and their tokens. */
  readonly pkcs11: Pkcs11Registry;
  /** Trust anchors: organisation roots plus imported CA certificates. */
  readonly trust: TrustStore;
  /** Changing the workspace passphrase. */
  readonly passphrase: PassphraseChanger;
  /** Accountable access to personal data: custodians' approvals and the access log. */
  readonly access: AccessService;
  close(): void;
}

export function createServices(workspace: Workspace, options: ServiceOptions = {}): Services {
  const protector = options.protector ?? passphraseOnlyProtector;
  const settings = new SettingsService(workspace);
  const jobs = new JobRunner();
  const vault = new Vault(workspace.db, protector);
  const sealing = unattendedSealing(workspace, vault, protector, options.passphrase);
  const ledger = new LedgerService(workspace, sealing, options.ledger);
  const planStore = new PlanStore(workspace.db);
  const documents = new DocumentsService(
    workspace,
    async (pdf, needle, what) => (await import('../engines/pdf-pages/text-locator')).findText(pdf, needle, what),
    ledger,
    planStore,
  );
  const identity = new IdentityService(workspace.db, vault, ledger);
  const pki = new PkiService(workspace.db, vault, ledger, identity);
  const seals = new SealService(workspace.db, vault, ledger, pki, identity, workspace.blobs, options.clock);
  // Seal and person keys are resolved by the identity services built above (keys/keys-service.ts IdentityKeyResolver).
  const keyDeps = { workspace, seals, identity, pki, vault, ledger, documents };
  const keys = new KeysService(workspace, protector, ledger, (id, passphrase, asPersonId, use) =>
    workspaceSigningKey(keyDeps, id, { ...use, passphrase, asPersonId }),
  );
  const signing = new SigningService(documents, keys, ledger, () => tsaUrlSetting(workspace));
  const pkcs11 = new Pkcs11Registry(workspace.db);
  const plans = new PlansService(planStore, documents, signing, signerCheck(seals, identity, keys, pkcs11));
  const proof = new ProofService({ workspace, sealing, documents, ledger, keys, pki, identity, vault, trust: { anchors: () => trust.anchors() } });
  const trust = new TrustStore(workspace.db, () =>
    pki.listOrgs().map((o) => ({ org: { id: o.id, legalName: o.legalName }, der: pki.certificateDer(o.rootSerial) })),
  );
  const passphrase = new PassphraseChanger({ workspace, vault, pki, keys });
  passphrase.finishInterrupted();
  const services: Services = {
    workspace,
    protector,
    sealing,
    settings,
    documents,
    ledger,
    vault,
    identity,
    pki,
    seals,
    keys,
    signing,
    plans,
    proof,
    verification: new VerificationService(
      () => trust.anchors(),
      async () => (await import('../usecases/verification/workspace-revocations')).workspaceRevocations(workspace.db),
    ),
    jobs,
    location: new WorkspaceLocationService(workspace.home, options.appStart),
    pkcs11,
    trust,
    passphrase,
    access: new AccessService(workspace.db, vault, ledger, identity, pki),
    close: () => {
      jobs.cancelAll();
      ledger.close();
      workspace.close();
    },
  };
  return services;
}

/** Opens (optionally creating) the workspace at `home` and builds its services. */
export function openServices(home: string, options: ServiceOptions & { create?: boolean } = {}): Services {
  const workspace = Workspace.open(home, { create: options.create, schemas: moduleSchemas });
  try {
    return createServices(workspace, options);
  } catch (error) {
    workspace.close();
    throw error;
  }
}
