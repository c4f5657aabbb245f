/**
 * The report as text a court clerk can read, in English or Chinese. The JSON
 * report is the record; this is its faithful rendering, one block per
 * signature and the bottom line last.
 */
import { readerTimes } from '../proof/reader-time';
import type { Coverage, Indication, ModificationKind, SignatureReport, Status, VerificationReport } from './report';

export type ReportLanguage = 'en' | 'zh';

interface Words {
  indication: Record<Indication, string>;
  coverage: Record<Coverage, string>;
  kind: Record<SignatureReport['kind'], string>;
  modification: Record<ModificationKind, string>;
  yes: string;
  no: string;
  labels: {
    file: string; revisions: string; signature: string; field: string; signer: string; issuer: string; serial: string;
    claimed: string; timestamp: string; checkedAt: string; algorithm: string; subFilter: string; intact: string; valid: string;
    trusted: string; coverage: string; docMdp: string; modifications: string; none: string; allowed: string; illegal: string;
    bottomLine: string; noSignatures: string; anchors: string; reason: string;
  };
}

const EN: Words = {
  indication: { 'TOTAL-PASSED': 'TOTAL-PASSED (valid)', 'TOTAL-FAILED': 'TOTAL-FAILED (invalid)', INDETERMINATE: 'INDETERMINATE (cannot be confirmed)' },
  coverage: { 'whole-file': 'the whole file', 'own-revision': 'its own revision (later revisions listed below)', anomalous: 'anomalous' },
  kind: { approval: 'approval signature', certification: 'certification signature', 'document-timestamp': 'document timestamp' },
  modification: {
    'signature-in-existing-field': 'signature in an existing field', 'new-signature-field': 'new signature field', dss: 'DSS/LTV data',
    'document-timestamp': 'document timestamp', 'form-filling': 'form filling', annotation: 'annotation', metadata: 'metadata',
    'page-content': 'page content changed', resources: 'page resources changed', fonts: 'fonts changed', 'page-tree': 'page tree changed',
    'rewrite-of-signed-object': 'signed object rewritten', 'malformed-revision': 'malformed revision', other: 'other change',
  },
  yes: 'yes',
  no: 'no',
  labels: {
    file: 'File SHA-256', revisions: 'Revisions', signature: 'Signature', field: 'Field', signer: 'Signer', issuer: 'Issuer', serial: 'Serial',
    claimed: 'Claimed signing time (/M)', timestamp: 'Timestamp', checkedAt: 'Certificates checked at', algorithm: 'Algorithm', subFilter: 'SubFilter',
    intact: 'Intact', valid: 'Cryptographically valid', trusted: 'Trusted', coverage: 'Covers', docMdp: 'DocMDP level', modifications: 'Changes after signing',
    none: 'none', allowed: 'allowed', illegal: 'NOT ALLOWED', bottomLine: 'Document', noSignatures: 'No signatures.', anchors: 'Trust anchors', reason: 'Reason',
  },
};

const ZH: Words = {
  indication: { 'TOTAL-PASSED': 'TOTAL-PASSED（有效）', 'TOTAL-FAILED': 'TOTAL-FAILED（无效）', INDETERMINATE: 'INDETERMINATE（无法确认）' },
  coverage: { 'whole-file': '整个文件', 'own-revision': '其所在修订版（后续修订见下）', anomalous: '异常' },
  kind: { approval: '批准签名', certification: '认证签名', 'document-timestamp': '文档时间戳' },
  modification: {
    'signature-in-existing-field': '在已有字段中签名', 'new-signature-field': '新增签名字段', dss: 'DSS/长期验证数据',
    'document-timestamp': '文档时间戳', 'form-filling': '填写表单', annotation: '注释', metadata: '元数据',
    'page-content': '页面内容被修改', resources: '页面资源被修改', fonts: '字体被修改', 'page-tree': '页面树被修改',
    'rewrite-of-signed-object': '已签名对象被改写', 'malformed-revision': '修订版格式异常', other: '其他修改',
  },
  yes: '是',
  no: '否',
  labels: {
    file: '文件 SHA-256', revisions: '修订版数', signature: '签名', field: '字段', signer: '签名人', issuer: '签发者', serial: '序列号',
    claimed: '声称的签名时间（/M）', timestamp: '时间戳', checkedAt: '证书检查时间', algorithm: '算法', subFilter: '子过滤器',
    intact: '完整', valid: '密码学有效', trusted: '可信', coverage: '覆盖范围', docMdp: 'DocMDP 级别', modifications: '签名后的修改',
    none: '无', allowed: '允许', illegal: '不允许', bottomLine: '文档结论', noSignatures: '没有签名。', anchors: '信任锚', reason: '原因',
  },
};

const statusLine = (s: Status, w: Words): string =>
  s.indication === 'TOTAL-PASSED' ? w.indication[s.indication] : `${w.indication[s.indication]} / ${s.subIndication}\n    ${w.labels.reason}: ${s.reason}`;

export function renderReportText(report: VerificationReport, lang: ReportLanguage = 'en'): string {
  const w = lang === 'zh' ? ZH : EN;
  const L = w.labels;
  const yn = (b: boolean): string => (b ? w.yes : w.no);
  const lines = [`${L.file}: ${report.sha256}`, `${L.revisions}: ${report.revisions}    ${L.anchors}: ${report.trustAnchors}`, ''];
  if (report.signatures.length === 0) lines.push(L.noSignatures, '');
  report.signatures.forEach((s, i) => {
    lines.push(`${L.signature} ${i + 1}: ${w.kind[s.kind]} — ${statusLine(s.status, w)}`);
    lines.push(`  ${L.field}: ${s.field}    ${L.subFilter}: ${s.subFilter || '-'}`);
    if (s.signer) lines.push(`  ${L.signer}: ${s.signer.subject}`, `  ${L.issuer}: ${s.signer.issuer}`, `  ${L.serial}: ${s.signer.serial}`);
    if (s.time?.claimed) lines.push(`  ${L.claimed}: ${s.time.claimed}`);
    if (s.time?.timestamp) lines.push(`  ${L.timestamp}: ${s.time.timestamp}`);
    if (s.time) lines.push(`  ${L.checkedAt}: ${s.time.checkedAt} (${s.time.checkedAtSource})`);
    if (s.algorithm) lines.push(`  ${L.algorithm}: ${s.algorithm}`);
    lines.push(`  ${L.intact}: ${yn(s.intact)}    ${L.valid}: ${yn(s.valid)}    ${L.trusted}: ${yn(s.trusted)}`);
    lines.push(`  ${L.coverage}: ${w.coverage[s.coverage]}`);
    if (s.docMdp) lines.push(`  ${L.docMdp}: P=${s.docMdp}`);
    lines.push(`  ${L.modifications}: ${s.modifications.length === 0 ? L.none : ''}`);
    for (const m of s.modifications) {
      lines.push(`    - [r${m.revision}] ${w.modification[m.kind]} (${m.allowed ? L.allowed : L.illegal})${m.attack ? ` [${m.attack}]` : ''}: ${m.detail}`);
    }
    for (const n of s.notes) lines.push(`  * ${n}`);
    lines.push('');
  });
  lines.push(`${L.bottomLine}: ${statusLine(report.document, w)}`);
  return lines.map((l) => readerTimes(l, lang)).join('\n');
}
