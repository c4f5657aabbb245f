/**
 * Every module's schema, in the order they are migrated (a module may reference
 * tables of the modules before it). Add yours at the end.
 */
import type { ModuleSchema } from '../core/store/migrations';
import { coreSchema } from '../core/workspace/core-schema';
import { ledgerSchema } from '../domain/ledger/ledger-schema';
import { identitySchema } from '../domain/identity/identity-schema';
import { pkiSchema } from '../domain/pki/pki-schema';
import { sealsSchema } from '../domain/seals/seals-schema';
import { documentsSchema } from '../domain/documents/documents-schema';
import { plansSchema } from '../usecases/plans/plans-schema';
import { settingsSchema } from '../domain/settings/settings-schema';
import { trustSchema } from '../domain/trust/trust-schema';
import { witnessSchema } from '../usecases/witness/witness-schema';
import { accessSchema } from '../domain/access/access-schema';
import { sealApprovalSchema } from '../domain/seals/seal-approval-schema';
import { tsaSchema } from '../usecases/tsa/tsa-schema';
import { envelopeSchema } from '../usecases/envelope/envelope-schema';
import { certificatesSchema } from '../usecases/certificates/certificates-schema';

export const moduleSchemas: readonly ModuleSchema[] = [
  coreSchema,
  ledgerSchema,
  identitySchema,
  pkiSchema,
  sealsSchema,
  documentsSchema,
  plansSchema,
  settingsSchema,
  trustSchema,
  witnessSchema,
  accessSchema,
  sealApprovalSchema,
  tsaSchema,
  envelopeSchema,
  certificatesSchema,
];
