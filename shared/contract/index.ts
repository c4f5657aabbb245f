/**
 * The one API contract between the renderer and the main process. The preload
 * exposes exactly these methods as `window.affix`, the main process registers
 * one handler for each, and the CLI and the browser test bridge call the same
 * router. Add a service: write `shared/contract/<service>.ts`, list it here,
 * and give it handlers in `main/ipc/handlers.ts` (the type checker insists).
 */
import type { z } from 'zod';
import type { Envelope } from './envelope';
import type { MethodSpec } from './define';
import { documentsContract } from './documents';
import { identityContract } from './identity';
import { jobsContract } from './jobs';
import { keysContract } from './keys';
import { ledgerContract } from './ledger';
import { orgsContract } from './org';
import { pkiContract } from './pki';
import { plansContract } from './plans';
import { proofContract } from './proof';
import { sealsContract } from './seals';
import { signingContract } from './signing';
import { verificationContract } from './verification';
import { settingsContract, workspaceContract } from './workspace';
import { passphraseContract, pkcs11Contract, trustContract } from './settings';
import { accessContract } from './access';
import { sealApprovalContract } from './seal-approval';
import { envelopesContract } from './signing-envelopes';
import { personsContract } from './persons';
import { certificatesContract } from './certificates';
import { filesContract } from './files';
import { timestampsContract } from './timestamps';
import { witnessContract } from './witness';

export const contract = {
  workspace: workspaceContract,
  settings: settingsContract,
  documents: documentsContract,
  ledger: ledgerContract,
  keys: keysContract,
  signing: signingContract,
  plans: plansContract,
  orgs: orgsContract,
  identity: identityContract,
  pki: pkiContract,
  seals: sealsContract,
  verification: verificationContract,
  proof: proofContract,
  jobs: jobsContract,
  pkcs11: pkcs11Contract,
  trust: trustContract,
  passphrase: passphraseContract,
  access: accessContract,
  sealApproval: sealApprovalContract,
  envelopes: envelopesContract,
  persons: personsContract,
  certificates: certificatesContract,
  files: filesContract,
  timestamps: timestampsContract,
  witness: witnessContract,
} as const;

export type Contract = typeof contract;
export type ServiceName = keyof Contract;
export type MethodName<S extends ServiceName> = keyof Contract[S] & string;
export type MethodId = { [S in ServiceName]: `${S}.${MethodName<S>}` }[ServiceName];

type SpecOf<Id extends MethodId> = Id extends `${infer S}.${infer M}`
  ? S extends ServiceName
    ? M extends keyof Contract[S]
      ? Contract[S][M]
      : never
    : never
  : never;

export type InputOf<Id extends MethodId> = SpecOf<Id> extends MethodSpec<infer I, z.ZodType> ? z.input<I> : never;
export type ParsedInputOf<Id extends MethodId> = SpecOf<Id> extends MethodSpec<infer I, z.ZodType> ? z.output<I> : never;
export type OutputOf<Id extends MethodId> = SpecOf<Id> extends MethodSpec<z.ZodType, infer O> ? z.output<O> : never;

/** The shape of `window.affix`: service → method → async call returning an envelope. */
export type AffixApi = {
  [S in ServiceName]: {
    [M in MethodName<S>]: (input: InputOf<`${S}.${M}` & MethodId>) => Promise<Envelope<OutputOf<`${S}.${M}` & MethodId>>>;
  };
};

/** Every method id, in contract order; the preload and the bridge build `window.affix` from this. */
export const methodIds: readonly MethodId[] = Object.entries(contract).flatMap(([service, methods]) =>
  Object.keys(methods).map((m) => `${service}.${m}` as MethodId),
);

export const specOf = (id: string): MethodSpec | undefined => {
  const dot = id.indexOf('.');
  if (dot < 0) return undefined;
  // Own properties only: "__proto__.toString" or "constructor.name" must not reach Object.prototype.
  if (!Object.hasOwn(contract, id.slice(0, dot))) return undefined;
  const service = (contract as Record<string, Record<string, MethodSpec>>)[id.slice(0, dot)];
  return service && Object.hasOwn(service, id.slice(dot + 1)) ? service[id.slice(dot + 1)] : undefined;
};

export type { Envelope } from './envelope';
