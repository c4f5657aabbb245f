/** What the composition root hands the app, the CLI and the test bridge: every service over one open workspace. */
import type { DocumentsService } from '../domain/documents/documents-service';
import type { AccessService } from '../domain/access/access-service';
import type { IdentityService } from '../domain/identity/identity-service';
import type { JobRunner } from '../core/jobs/job-runner';
import type { KeysService } from '../domain/keys/keys-service';
import type { Vault } from '../domain/identity/vault';
import type { LedgerOptions, LedgerService } from '../domain/ledger/ledger-service';
import type { PkiService } from '../domain/pki/pki-service';
import type { PlansService } from '../usecases/plans/plans-service';
import type { ProofService } from '../usecases/proof/proof-service';
import type { SealService } from '../domain/seals/seal-service';
import type { SecretProtector } from '../core/secrets/protector';
import type { UnattendedSealing } from '../core/secrets/unattended-key';
import type { PassphraseChanger } from '../usecases/passphrase/passphrase-change';
import type { Pkcs11Registry } from '../domain/settings/pkcs11-registry';
import type { SettingsService } from '../domain/settings/settings-service';
import type { AppStart, WorkspaceLocationService } from '../domain/settings/workspace-location';
import type { TrustStore } from '../domain/trust/trust-store';
import type { VerificationService } from '../usecases/verification/verification-service';
import type { SigningService } from '../usecases/signing/signing-service';
import type { Workspace } from '../core/workspace/workspace';
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

/** The services that are built (the workspace and the protector always are). */
export type ServiceName = Exclude<keyof Services, 'workspace' | 'protector' | 'close'>;
