/**
 * The modules the services are built from, each loaded when first needed
 * (issue 20: a command loads only what it uses). The desktop app and the
 * tests load them all up front (all-service-modules.ts); the CLI loads those
 * of the services a command declares (load-services.ts). Together they are
 * most of the main process's code — x509, ASN.1, pdf-lib, the contract's
 * schemas — so a command that needs the ledger alone starts several times
 * faster than one that loads them all.
 */
export const serviceModuleLoaders = {
  settings: () => import('../domain/settings/settings-service'),
  vault: () => import('../domain/identity/vault'),
  sealing: () => import('./workspace-sealing'),
  ledger: () => import('../domain/ledger/ledger-service'),
  planStore: () => import('../usecases/plans/plan-store'),
  documents: () => import('../domain/documents/documents-service'),
  identity: () => import('../domain/identity/identity-service'),
  pki: () => import('../domain/pki/pki-service'),
  seals: () => import('../domain/seals/seal-service'),
  sealSigningKey: () => import('../domain/seals/seal-signing-key'),
  keys: () => import('../domain/keys/keys-service'),
  signing: () => import('../usecases/signing/signing-service'),
  pkcs11: () => import('../domain/settings/pkcs11-registry'),
  plans: () => import('../usecases/plans/plans-service'),
  signerCheck: () => import('../usecases/plans/signer-check'),
  proof: () => import('../usecases/proof/proof-service'),
  trust: () => import('../domain/trust/trust-store'),
  passphrase: () => import('../usecases/passphrase/passphrase-change'),
  verification: () => import('../usecases/verification/verification-service'),
  access: () => import('../domain/access/access-service'),
} as const;

export type ServiceModuleName = keyof typeof serviceModuleLoaders;
export type ServiceModules = { readonly [K in ServiceModuleName]: Awaited<ReturnType<(typeof serviceModuleLoaders)[K]>> };

/** Loads the named modules (in parallel). */
export async function loadServiceModules(names: Iterable<ServiceModuleName>): Promise<Partial<ServiceModules>> {
  const unique = [...new Set(names)];
  const loaded = await Promise.all(unique.map(async (name) => [name, await serviceModuleLoaders[name]()] as const));
  return Object.fromEntries(loaded) as Partial<ServiceModules>;
}
