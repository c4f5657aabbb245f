/**
 * The words of report.pdf, in Chinese and English, built only from facts in
 * the package (evidence.json and the PDF's verification report), so the human
 * report and the machine checks can never say different things.
 */
import type { SignatureReport, VerificationReport } from '../verify';
import type { Evidence } from './evidence';
import { statusReason } from '../verify/reason-words';
import { formatInstant } from './reader-time';

/** A bilingual report: Beijing time with its offset, UTC beside it. */
const at = (iso: string | undefined): string => (iso ? formatInstant(iso, 'zh') : '—');

export interface ReportSection {
  heading: string;
  /** Each paragraph is wrapped by the renderer; mixed Chinese/English is fine. */
  paragraphs: string[];
}

export interface ReportFacts {
  evidence: Evidence;
  verification: VerificationReport;
  /** SHA-256 of evidence.json, as sealed into report.pdf. */
  evidenceSha256: string;
  /** SHA-256 of the checkpoint note text. */
  checkpointSha256: string;
}

const EVENT_LABELS: Record<string, string> = {
  'document.anchored': '文件导入存证 / document imported and anchored',
  'document.versioned': '新版本存证 / new version anchored',
  'signature.added': '签署 / signed',
  'identity.verified': '身份核验 / identity verified',
  'seal.used': '印章使用 / seal used',
  'seal.authorized': '用印授权 / seal use approved',
  'access.viewed': '查阅 / viewed',
  'access.exported': '导出证据包 / evidence package exported',
};

function plainVerdict(s: SignatureReport): string {
  switch (s.status.indication) {
    case 'TOTAL-PASSED':
      return '有效：签名完好、证书可信，签署后文件未被篡改。 / Valid: the signature is intact, the certificate trusted, and the document was not altered after signing.';
    // The Chinese half by the sub-indication (a code) from the catalogue: no English reason in it.
    case 'TOTAL-FAILED':
      return `无效（${s.status.subIndication}）：${statusReason(s.status, 'zh', s)} / Invalid (${s.status.subIndication}): ${statusReason(s.status, 'en', s)}`;
    default:
      return `无法确定（${s.status.subIndication}）：${statusReason(s.status, 'zh', s)} / Indeterminate (${s.status.subIndication}): ${statusReason(s.status, 'en', s)}`;
  }
}

/**
 * What the QR code carries: the document's digest, each signature's field and the ledger index of
 * its signature.added entry (the evidence a reader checks first), and the checkpoint the proofs
 * lead to. The export event is in the package, not here: it says who exported, not who signed.
 */
export function qrPayload(f: ReportFacts): string {
  const signatures = f.evidence.signers.map((s) => `${s.field}@${s.ledgerIndex ?? '-'}`).join(',') || '-';
  return `affix-proof:v1;sha256=${f.evidence.document.sha256};signatures=${signatures};checkpoint-sha256=${f.checkpointSha256}`;
}

const OVERALL: Record<string, string> = {
  'TOTAL-PASSED': '有效 / VALID — 所有签名完好、可信，签署后文件未被篡改。/ Every signature is intact and trusted; the document was not altered after signing.',
  'TOTAL-FAILED': '无效 / INVALID — 至少一个签名未通过核验，见第二节。/ At least one signature failed; see section 2.',
  INDETERMINATE:
    '无法确定 / INDETERMINATE — 至少一个签名无法确认（如证书链不可信），见第二节。/ At least one signature cannot be confirmed (e.g. no trusted chain); see section 2.',
};

export function reportSections(f: ReportFacts): ReportSection[] {
  const e = f.evidence;
  const d = e.document;
  const cp = e.checkpoint;
  const first = e.events[0];
  const exported = e.events.at(-1)!;
  const anchored = e.events.find((x) => x.type === 'document.anchored');
  // The event that anchored exactly these bytes (the last signature, or the import of an unsigned document).
  const current = e.events.find(
    (x) => (x.type === 'signature.added' || x.type === 'document.anchored' || x.type === 'document.versioned') && x.subjects[0] === d.sha256,
  );
  return [
    {
      // The verdict first: what a reader needs before any identifier.
      heading: '总体结论 / Overall verdict',
      paragraphs: [
        OVERALL[f.verification.document.indication] ?? f.verification.document.indication,
        `签名 ${f.verification.signatures.length} 个 / ${f.verification.signatures.length} signature(s); 账本事件 ${e.events.length} 个 / ${e.events.length} ledger events; 导出于 / exported ${at(e.exportedAt)}`,
      ],
    },
    {
      heading: '一、证据标识 / 1. Identifiers',
      paragraphs: [
        `文件名称 / Document: ${d.name}`,
        `文件编号 / Document id: ${d.id}`,
        `SHA-256: ${d.sha256}`,
        `SHA-512: ${d.sha512.slice(0, 64)}`,
        `         ${d.sha512.slice(64)}`,
        `文件大小 / Size: ${d.bytes} bytes; 版本数 / versions: ${d.versions.length}`,
        `导出时间 / Exported at: ${at(e.exportedAt)}`,
        `账本节点 / Ledger node: ${e.ledger.origin}`,
        `检查点 / Checkpoint: tree size ${cp.size}, root ${cp.rootHash}`,
        `检查点哈希 / Checkpoint SHA-256: ${f.checkpointSha256}`,
        `evidence.json SHA-256: ${f.evidenceSha256}`,
      ],
    },
    {
      heading: '二、签署人及签名结论 / 2. Signers and verdicts',
      paragraphs: f.verification.signatures.flatMap((s, i) => {
        const signer = e.signers.find((x) => x.field === s.field);
        const disclosed = signer?.identity?.disclosed.map((x) => `${x.field}=${x.value}`).join('; ');
        return [
          `签名 ${i + 1} / Signature ${i + 1}: ${s.field}, 第 ${s.revision} 版 / revision ${s.revision}`,
          `  签署人 / Signer: ${s.signer?.subject ?? '—'}`,
          `  颁发者 / Issuer: ${s.signer?.issuer ?? '—'}; 序列号 / serial ${s.signer?.serial ?? '—'}`,
          `  身份识别方式 / Identified by: ${signer?.identification ?? '—'}`,
          ...(signer?.sealUse
            ? [
                `  用印人 / Seal used by: ${signer.sealUse.operator}${signer.identity ? `, 身份记录 / identity record ${signer.identity.recordSha256.slice(0, 16)}… (${signer.identity.ial}), 姓名承诺 / name commitment ${signer.identity.commitments.name?.slice(0, 16) ?? '—'}…` : ''}; 用印记录 / seal.used #${signer.sealUse.ledgerIndex}`,
              ]
            : []),
          ...(disclosed ? [`  披露字段 / Disclosed: ${disclosed}`] : []),
          `  签署时间 / Signing time: ${at(s.time?.claimed ?? s.time?.checkedAt)}; 账本位置 / ledger index ${signer?.ledgerIndex ?? '—'}`,
          `  结论 / Verdict: ${plainVerdict(s)}`,
        ];
      }),
    },
    {
      heading: '三、审计轨迹 / 3. Audit trail',
      paragraphs: e.events.map((x) => `#${x.index}  ${at(x.time)}  ${EVENT_LABELS[x.type] ?? x.type}${x.actorKeyId ? `  (key ${x.actorKeyId})` : ''}`),
    },
    {
      heading:
        '四、区块链存证审查要点（《人民法院在线诉讼规则》第十六至十九条） / 4. Points reviewed for blockchain-stored evidence (Online Litigation Rules arts. 16–19)',
      paragraphs: [
        `存证平台 / The platform: 数据存储于 Affix 内嵌账本节点 "${e.ledger.origin}"，一个仅可追加的 Merkle 日志（RFC 9162 哈希，C2SP 签名检查点），节点公钥 ${e.trustPolicy.ledgerKey}。/ Stored on the Affix embedded ledger node "${e.ledger.origin}", an append-only Merkle log (RFC 9162 hashing, C2SP signed checkpoints) with the node key above.`,
        `存储方式与时间 / How and when stored: 文件本身不上链，仅其 SHA-256 哈希与事件记录上链；首个事件于 ${first.time}（账本位置 #${first.index}）${anchored ? `，文件导入存证于 ${anchored.time}（#${anchored.index}）` : ''}。/ Only hashes and event records are anchored, never the file or personal data; first event at ${first.time} (#${first.index}).`,
        `上链后未被篡改 / Integrity since anchoring: 每个事件均附包含证明，可离线重算至节点签名的检查点（树大小 ${cp.size}）；${e.consistency ? '并附一致性证明，证明较早检查点被最新检查点完整延续' : '所有证明指向同一检查点'}。文件当前 SHA-256 与存证哈希一致。/ Every event carries an inclusion proof recomputable offline up to the node-signed checkpoint; ${e.consistency ? 'a consistency proof shows the earlier checkpoint is extended, not rewritten' : 'all proofs lead to one checkpoint'}.`,
        `上链前的来源 / Provenance before anchoring: 文件于 ${anchored?.time ?? '—'} 导入并立即存证；签署人身份由 ${[...new Set(e.signers.map((s) => s.identification))].join('、') || '—'} 识别；身份数据仅以加盐承诺（HMAC-SHA256）上链。/ The file was anchored on import; signers were identified as listed in section 2; identity data is anchored only as salted commitments.`,
      ],
    },
    {
      heading: '五、美国《联邦证据规则》第 902(14) 条哈希识别声明 / 5. US FRE 902(14) hash identification statement',
      paragraphs: [
        `The file document.pdf in this package is identified by its SHA-256 hash value ${d.sha256} (SHA-512 as listed in section 1). Any copy whose SHA-256 hash value is identical is a true and exact copy of the data anchored on the ledger at index ${current?.index ?? first.index} and exported at ledger index ${exported.index}. The hash was computed by the Affix process described in section 6 and can be recomputed by anyone with standard tools (e.g. "sha256sum document.pdf").`,
        `本包中 document.pdf 以上述 SHA-256 哈希值识别；任何哈希值相同的副本即为与账本存证数据完全一致的副本。`,
      ],
    },
    {
      heading: '六、离线核验步骤 / 6. How to verify offline',
      paragraphs: [
        '1. 计算 document.pdf 的 SHA-256，与第一节比对。/ Compute the SHA-256 of document.pdf and compare it with section 1 (e.g. sha256sum, certutil -hashfile).',
        '2. 用浏览器（Chromium 或 Firefox）离线打开 verify.html，选择本 .affixproof 文件，查看各项结论。/ Open verify.html from disk in Chromium or Firefox (no network needed), choose this .affixproof file and read the verdicts.',
        '3. 或运行 "affix proof verify 证据包.affixproof --trust-policy 策略.json"，以独立获得的节点公钥核验。/ Or run "affix proof verify case.affixproof --trust-policy policy.json" with the node key obtained independently.',
        "4. 核对节点公钥与检查点哈希（见二维码）与公开渠道或见证方所持一致。/ Check the node key and checkpoint hash (also in the QR code) against an independent copy, e.g. a witness's.",
        '5. 本报告由节点印章签署；可用任意 PDF 签名验证工具核验其未被修改。/ This report is sealed by the node; any PDF signature validator shows whether it was altered.',
      ],
    },
  ];
}
