/**
 * The checks a proof package verification reports, in report order. Apart
 * from proof-report.ts (which words them through the i18n catalogue) so that
 * the API contract can name them without loading i18next and both catalogues
 * into every process that parses a call (issue 20).
 */
export const CHECK_IDS = [
  'package',
  'evidence-integrity',
  'document-hash',
  'pdf-signatures',
  'signer-certificates',
  'ledger-proofs',
  'checkpoint',
  'consistency',
  'audit-trail',
  'disclosures',
  'trust',
  /** Only in a package that carries checkpoint time-stamps. */
  'checkpoint-time',
] as const;
export type CheckId = (typeof CHECK_IDS)[number];
