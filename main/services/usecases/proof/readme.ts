/** README.txt of a proof package: what each file is and how to check it, in English and Chinese. */
import type { Evidence } from '../../../../shared/proof/evidence';

export type ReadmeFacts = Pick<Evidence, 'exportedAt' | 'ledger'> & {
  document: Pick<Evidence['document'], 'name' | 'sha256'>;
  trustPolicy: Pick<Evidence['trustPolicy'], 'ledgerKey'>;
};

export function readmeText(e: ReadmeFacts): string {
  return [
    'AFFIX PROOF PACKAGE / AFFIX 证据包',
    '',
    `Document / 文件: ${e.document.name}`,
    `SHA-256: ${e.document.sha256}`,
    `Ledger node / 账本节点: ${e.ledger.origin}`,
    `Node key / 节点公钥: ${e.trustPolicy.ledgerKey}`,
    `Exported / 导出时间: ${e.exportedAt}`,
    '',
    'FILES / 文件',
    '  document.pdf   The signed PDF exactly as it is. / 已签署的 PDF 原件（逐字节未改动）。',
    '  evidence.json  Hashes, signature verification reports, signers and identity commitments, the',
    '                 audit trail with an inclusion proof (c2sp.org/tlog-proof) per event, the signed',
    '                 checkpoint, a consistency proof, certificates, CRLs and the trust policy.',
    '                 / 哈希、签名核验报告、签署人及身份承诺、每个事件的包含证明、签名检查点、一致性证明、证书、CRL 及信任策略。',
    '  report.pdf     Human-readable evidence report (Chinese and English), sealed by the ledger node.',
    '                 / 中英文证据报告，由账本节点签章。',
    '  verify.html    Standalone offline verifier: open it from disk in Chromium or Firefox and choose',
    '                 this .affixproof file. It uses no network. / 离线核验页面：用浏览器直接打开并选择本证据包，无需联网。',
    '  README.txt     This file. / 本说明。',
    '',
    'HOW TO CHECK / 如何核验',
    '  1. sha256sum document.pdf  — must equal the SHA-256 above. / 哈希值须与上方一致。',
    '  2. Open verify.html, choose the .affixproof file, read the verdict of every check.',
    '     / 打开 verify.html，选择证据包，查看每项结论。',
    '  3. Or: affix proof verify case.affixproof --trust-policy policy.json',
    '     (obtain policy.json — the node key and CA certificates — from the node operator or a witness,',
    '     not from this package). / 信任策略应从独立渠道获取，而非本包。',
    '  4. Exit status of the CLI: 0 all checks passed, 1 a check failed, 3 indeterminate, 2 unreadable input.',
    '',
  ].join('\n');
}
