/**
 * Every module's schema, in the order they are migrated (a module may reference
 * tables of the modules before it). Add yours at the end.
 */
import type { ModuleSchema } from './migrations';
import { coreSchema } from '../workspace/core-schema';
import { ledgerSchema } from '../ledger/ledger-schema';
import { identitySchema } from '../identity/identity-schema';
import { pkiSchema } from '../pki/pki-schema';
import { sealsSchema } from '../seals/seals-schema';
import { documentsSchema } from '../documents/documents-schema';
import { plansSchema } from '../plans/plans-schema';
import { settingsSchema } from '../settings/settings-schema';
import { trustSchema } from '../trust/trust-schema';
import { witnessSchema } from '../witness/witness-schema';
import { accessSchema } from '../access/access-schema';
import { sealApprovalSchema } from '../seals/seal-approval-schema';
import { tsaSchema } from '../tsa/tsa-schema';
import { envelopeSchema } from '../envelope/envelope-schema';
import { certificatesSchema } from '../certificates/certificates-schema';

export const moduleSchemas: readonly ModuleSchema[] = [coreSchema, ledgerSchema, identitySchema, pkiSchema, sealsSchema, documentsSchema, plansSchema, settingsSchema, trustSchema, witnessSchema, accessSchema, sealApprovalSchema, tsaSchema, envelopeSchema, certificatesSchema];
