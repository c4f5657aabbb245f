/**
 * Court-ready proof packages (.affixproof): export one for a workspace
 * document, verify one offline. The report schema mirrors
 * shared/proof/proof-report.ts; the type assertion at the end keeps them equal.
 */
import { z } from 'zod';
import { AccessGrantFields } from './access-grant';
import { CHECK_IDS } from '../proof/check-ids';
import type { ProofReport } from '../proof/proof-report';
import { method } from './define';
import { FileHandleSchema } from './files';
import { Sha256HexSchema } from './documents';
import { fsPath } from './fs-path';

const VerdictSchema = z.enum(['passed', 'failed', 'indeterminate']);

export const ProofReportSchema = z.object({
  verdict: VerdictSchema,
  checks: z.array(
    z.object({
      id: z.enum(CHECK_IDS),
      verdict: VerdictSchema,
      findings: z.array(z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() })),
      messages: z.array(z.string()),
      messagesZh: z.array(z.string()),
    }),
  ),
  document: z
    .object({
      name: z.string(),
      sha256: Sha256HexSchema,
      signatures: z.number().int().nonnegative(),
      events: z.number().int().nonnegative(),
      ledgerOrigin: z.string(),
      checkpointSize: z.number().int().nonnegative(),
    })
    .nullable(),
  trustPolicySource: z.enum(['package', 'supplied']),
});

export const ExportProofResultSchema = z.object({
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: Sha256HexSchema,
  documentId: z.string(),
  /** Ledger index of the access.exported event anchoring this export. */
  ledgerIndex: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  signatures: z.number().int().nonnegative(),
  /** What the export could not do without failing (e.g. the Settings TSA was unreachable, so its checkpoint carries no time-stamp). */
  warnings: z.array(z.string()).optional(),
});
export type ExportProofResult = z.infer<typeof ExportProofResultSchema>;

/** Witness keys the verifier pins (C2SP vkeys) and how many of them must have cosigned (default 1). */
const PinnedWitnesses = {
  witnessKeys: z.array(z.string().min(1).max(1024)).max(64).optional(),
  witnessQuorum: z.number().int().min(1).max(64).optional(),
};

export const proofContract = {
  export: method(
    z
      .object({
        document: z.string().min(1),
        output: fsPath(),
        disclose: z.array(z.object({ personId: z.string().min(1), fields: z.array(z.string().min(1)).min(1) }).strict()).optional(),
        passphrase: z.string().optional(),
        ...AccessGrantFields,
      })
      .strict(),
    ExportProofResultSchema,
    'Export a document as a court-ready proof package: the signed PDF, evidence.json, a sealed bilingual report.pdf, verify.html and README.txt.',
  ),
  exportTo: method(
    z
      .object({
        document: z.string().min(1),
        target: FileHandleSchema,
        disclose: z.array(z.object({ personId: z.string().min(1), fields: z.array(z.string().min(1)).min(1) }).strict()).optional(),
        passphrase: z.string().optional(),
        ...AccessGrantFields,
      })
      .strict(),
    ExportProofResultSchema,
    'The same export to a file the user chose in the save dialog (files.save): the window names no path.',
  ),
  verify: method(
    z
      .object({
        path: fsPath(),
        trustPolicy: fsPath().optional(),
        ...PinnedWitnesses,
        /** Certificate files (PEM or DER) the verifier trusts, as `affix verify --trust`: the roots of time-stamping authorities whose checkpoint time-stamps prove entry times. */
        trust: z.array(fsPath()).max(64).optional(),
      })
      .strict(),
    ProofReportSchema,
    'Verify a proof package offline: signatures, hashes, ledger proofs, checkpoints, certificates, disclosures and the audit trail.',
  ),
  verifyBytes: method(
    z
      .object({
        name: z.string().min(1).max(255),
        base64: z.string().min(1),
        trustPolicy: fsPath().optional(),
        trustPolicyFile: FileHandleSchema.optional(),
        ...PinnedWitnesses,
      })
      .strict(),
    ProofReportSchema,
    'The same verification for a package the window read from a dropped or chosen file (base64); the trust policy is a file path as in verify (CLI) or `trustPolicyFile`, a handle from files.open (window).',
  ),
} as const;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesReport: Same<z.infer<typeof ProofReportSchema>, ProofReport> = true;
void schemaMatchesReport;
