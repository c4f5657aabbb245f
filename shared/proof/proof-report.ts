/**
 * What `verifyPackage` returns: one verdict per check, each with the facts or
 * the specific failures behind it, and the package's overall verdict (the
 * worst check). The CLI, the app and verify.html all render this one shape.
 */
import { readerTimes } from './reader-time';

export { readerTimes };

export type Verdict = 'passed' | 'failed' | 'indeterminate';

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
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface Check {
  id: CheckId;
  verdict: Verdict;
  /** Facts when passed; every specific failure otherwise. */
  messages: string[];
  /** The same messages in Chinese, where they are written in both (facts today; failures stay English). */
  messagesZh?: string[];
}

export interface ProofReport {
  verdict: Verdict;
  checks: Check[];
  document: { name: string; sha256: string; signatures: number; events: number; ledgerOrigin: string; checkpointSize: number } | null;
  /** Where the pinned keys came from: the package itself, or a policy file the verifier supplied. */
  trustPolicySource: 'package' | 'supplied';
}

export const CHECK_TITLES: Record<CheckId, { en: string; zh: string }> = {
  package: { en: 'Package structure', zh: '证据包结构' },
  'evidence-integrity': { en: 'Evidence file sealed by the node', zh: '证据文件经节点签章' },
  'document-hash': { en: 'Document hash', zh: '文件哈希值' },
  'pdf-signatures': { en: 'PDF signatures', zh: 'PDF 电子签名' },
  'signer-certificates': { en: 'Signer certificates', zh: '签署人证书' },
  'ledger-proofs': { en: 'Ledger inclusion proofs', zh: '账本存证包含证明' },
  checkpoint: { en: 'Signed checkpoint and witnesses', zh: '签名检查点与见证' },
  consistency: { en: 'Consistency with the latest checkpoint', zh: '与最新检查点的一致性' },
  'audit-trail': { en: 'Complete audit trail', zh: '审计轨迹完整性' },
  disclosures: { en: 'Disclosed identity fields', zh: '披露的身份字段' },
  trust: { en: 'Trust from outside the package (pinned policy or witnesses)', zh: '包外信任来源（固定的信任策略或见证方）' },
};

export const VERDICT_LABELS: Record<Verdict, { en: string; zh: string }> = {
  passed: { en: 'PASSED', zh: '通过' },
  failed: { en: 'FAILED', zh: '未通过' },
  indeterminate: { en: 'INDETERMINATE', zh: '无法确定' },
};

const RANK: Record<Verdict, number> = { passed: 0, indeterminate: 1, failed: 2 };
export const worstVerdict = (vs: Verdict[]): Verdict => vs.reduce<Verdict>((w, v) => (RANK[v] > RANK[w] ? v : w), 'passed');

/** Plain-text rendering, shared by the CLI and verify.html. */
export function renderProofReport(r: ProofReport, lang: 'en' | 'zh' = 'en'): string {
  const lines: string[] = [];
  const head = lang === 'zh' ? '证据包核验结果' : 'Proof package verification';
  lines.push(`${head}: ${VERDICT_LABELS[r.verdict][lang]}`);
  if (r.document) lines.push(`${r.document.name}  sha256 ${r.document.sha256}`);
  for (const c of r.checks) {
    lines.push(`[${VERDICT_LABELS[c.verdict][lang]}] ${CHECK_TITLES[c.id][lang]} (${c.id})`);
    for (const m of lang === 'zh' ? (c.messagesZh ?? c.messages) : c.messages) lines.push(`    ${readerTimes(m, lang)}`);
  }
  lines.push(
    r.trustPolicySource === 'package'
      ? lang === 'zh'
        ? '信任策略：取自证据包本身；请用 --trust-policy 以独立来源的节点公钥核对。'
        : 'Trust policy: taken from the package itself; pin the node key from an independent source with --trust-policy.'
      : lang === 'zh'
        ? '信任策略：由核验人提供。'
        : 'Trust policy: supplied by the verifier.',
  );
  return lines.join('\n');
}
