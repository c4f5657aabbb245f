/**
 * What `verifyPackage` returns: one verdict per check, each with the facts or
 * the specific failures behind it, and the package's overall verdict (the
 * worst check). The CLI, the app and verify.html all render this one shape.
 */
import { say, translate, type Message, type ReportLanguage } from '../i18n';
import { readerTimes } from './reader-time';
import { CHECK_IDS, type CheckId } from './check-ids';

export { readerTimes };

export type Verdict = 'passed' | 'failed' | 'indeterminate';

export { CHECK_IDS, type CheckId };

export interface Check {
  id: CheckId;
  verdict: Verdict;
  /** Facts when passed; every specific failure otherwise: catalogue keys and their values (shared/i18n). */
  findings: Message[];
  /** The findings in English, as the CLI's JSON has always carried them. */
  messages: string[];
  /** The same findings in Chinese, from the same catalogue. */
  messagesZh: string[];
}

/** A check from its findings, with both renderings filled from the one catalogue. */
export const checkOf = (id: CheckId, verdict: Verdict, findings: Message[]): Check => ({
  id,
  verdict,
  findings,
  messages: findings.map((m) => say('en', m)),
  messagesZh: findings.map((m) => say('zh', m)),
});

export interface ProofReport {
  verdict: Verdict;
  checks: Check[];
  document: { name: string; sha256: string; signatures: number; events: number; ledgerOrigin: string; checkpointSize: number } | null;
  /** Where the pinned keys came from: the package itself, or a policy file the verifier supplied. */
  trustPolicySource: 'package' | 'supplied';
}

/** A check's title in the reader's language. */
export const checkTitle = (id: CheckId, lang: ReportLanguage): string => translate(lang, `proofCheck.title.${id}`);
/** A verdict's label in the reader's language. */
export const verdictLabel = (v: Verdict, lang: ReportLanguage): string => translate(lang, `proofCheck.verdict.${v}`);

const RANK: Record<Verdict, number> = { passed: 0, indeterminate: 1, failed: 2 };
export const worstVerdict = (vs: Verdict[]): Verdict => vs.reduce<Verdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'passed');

/** Plain-text rendering, shared by the CLI and verify.html. */
export function renderProofReport(r: ProofReport, lang: ReportLanguage = 'en'): string {
  const lines: string[] = [];
  lines.push(`${translate(lang, 'proofCheck.head')}: ${verdictLabel(r.verdict, lang)}`);
  if (r.document) lines.push(translate(lang, 'proofCheck.document', { name: r.document.name, sha256: r.document.sha256 }));
  for (const c of r.checks) {
    lines.push(`[${verdictLabel(c.verdict, lang)}] ${checkTitle(c.id, lang)} (${c.id})`);
    for (const m of c.findings) lines.push(`    ${readerTimes(say(lang, m), lang)}`);
  }
  lines.push(translate(lang, r.trustPolicySource === 'package' ? 'proofCheck.policyPackage' : 'proofCheck.policySupplied'));
  return lines.join('\n');
}
