/**
 * Builds every service over one open workspace. This is the composition root
 * for the app, the CLI and the test bridge alike, so all three run the same
 * wiring. Add a service: construct it here and expose it on `Services`.
 */
import { DocumentsService } from './documents/documents-service';
import { IdentityService } from './identity/identity-service';
import { KeysService } from './keys/keys-service';
import { Vault } from './identity/vault';
import { LedgerService, type LedgerOptions } from './ledger/ledger-service';
import { PkiService } from './pki/pki-service';
import { ProofService } from './proof/proof-service';
import { SealService } from './seals/seal-service';
import { workspaceSigningKey } from './seals/seal-signing-key';
import { passphraseOnlyProtector, type SecretProtector } from './secrets/protector';
import { SettingsService } from './settings/settings-service';
import { VerificationService } from './verification/verification-service';
import { SigningService } from './signing/signing-service';
import { Workspace } from './workspace/workspace';

export interface ServiceOptions {
  protector?: SecretProtector;
  ledger?: LedgerOptions;
}

export interface Services {
  readonly workspace: Workspace;
  readonly protector: SecretProtector;
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
  /** PDF signature verification (trusts the workspace's CAs). */
  readonly verification: VerificationService;
  readonly signing: SigningService;
  /** Court-ready proof packages: export and offline verification. */
  readonly proof: ProofService;
  close(): void;
}

export function createServices(workspace: Workspace, options: ServiceOptions = {}): Services {
  const protector = options.protector ?? passphraseOnlyProtector;
  const settings = new SettingsService(workspace);
  const ledger = new LedgerService(workspace, protector, options.ledger);
  const documents = new DocumentsService(workspace, ledger);
  const vault = new Vault(workspace.db, protector);
  const identity = new IdentityService(workspace.db, vault, ledger);
  const pki = new PkiService(workspace.db, vault, ledger, identity);
  const seals = new SealService(workspace.db, vault, ledger, pki, identity, workspace.blobs);
  // Seal and person keys are resolved by the identity services, which need the whole container (declared below).
  const keys = new KeysService(workspace, protector, ledger, (id, passphrase, asPersonId, use) => workspaceSigningKey(services, id, { ...use, passphrase, asPersonId }));
  const signing = new SigningService(documents, keys, ledger);
  const proof = new ProofService({ workspace, protector, documents, ledger, keys, pki, identity, vault });
  const services: Services = {
    workspace,
    protector,
    settings,
    documents,
    ledger,
    vault,
    identity,
    pki,
    seals,
    keys,
    signing,
    proof,
    verification: new VerificationService(() => pki.rootCertificates()),
    close: () => {
      ledger.close();
      workspace.close();
    },
  };
  return services;
}

/** Opens (optionally creating) the workspace at `home` and builds its services. */
export function openServices(home: string, options: ServiceOptions & { create?: boolean } = {}): Services {
  return createServices(Workspace.open(home, { create: options.create }), options);
}
