/**
 * Every module of service-modules.ts, imported up front: what the desktop app,
 * the test bridge and the tests build their services from, synchronously.
 * The compiler checks this list against the loaders' (same names, same modules).
 */
import * as settings from '../domain/settings/settings-service';
import * as vault from '../domain/identity/vault';
import * as sealing from './workspace-sealing';
import * as ledger from '../domain/ledger/ledger-service';
import * as planStore from '../usecases/plans/plan-store';
import * as documents from '../domain/documents/documents-service';
import * as identity from '../domain/identity/identity-service';
import * as pki from '../domain/pki/pki-service';
import * as seals from '../domain/seals/seal-service';
import * as sealSigningKey from '../domain/seals/seal-signing-key';
import * as keys from '../domain/keys/keys-service';
import * as signing from '../usecases/signing/signing-service';
import * as pkcs11 from '../domain/settings/pkcs11-registry';
import * as plans from '../usecases/plans/plans-service';
import * as signerCheck from '../usecases/plans/signer-check';
import * as proof from '../usecases/proof/proof-service';
import * as trust from '../domain/trust/trust-store';
import * as passphrase from '../usecases/passphrase/passphrase-change';
import * as verification from '../usecases/verification/verification-service';
import * as access from '../domain/access/access-service';
import type { ServiceModules } from './service-modules';

export const allServiceModules: ServiceModules = {
  settings,
  vault,
  sealing,
  ledger,
  planStore,
  documents,
  identity,
  pki,
  seals,
  sealSigningKey,
  keys,
  signing,
  pkcs11,
  plans,
  signerCheck,
  proof,
  trust,
  passphrase,
  verification,
  access,
};
