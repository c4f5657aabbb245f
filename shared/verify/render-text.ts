/**
 * The report as text a court clerk can read, in English or Chinese, from the
 * one catalogue (shared/i18n). The JSON report is the record; this is its
 * faithful rendering, one block per signature and the bottom line last.
 */
import { translate, type ReportLanguage } from '../i18n';
import { readerTimes } from '../proof/reader-time';
import { algorithmWords, signatureNotes, statusReason } from './reason-words';
import type { SignatureReport, Status, VerificationReport } from './report';

export type { ReportLanguage };

function statusLine(s: Status, lang: ReportLanguage, signature?: SignatureReport): string {
  const head = translate(lang, `report.indication.${s.indication}`);
  if (s.indication === 'TOTAL-PASSED') return head;
  return `${head} / ${s.subIndication}\n    ${translate(lang, 'report.label.reason')}: ${statusReason(s, lang, signature)}`;
}

export function renderReportText(report: VerificationReport, lang: ReportLanguage = 'en'): string {
  const L = (k: string): string => translate(lang, `report.label.${k}`);
  const yn = (b: boolean): string => translate(lang, b ? 'report.yes' : 'report.no');
  const lines = [`${L('file')}: ${report.sha256}`, `${L('revisions')}: ${report.revisions}    ${L('anchors')}: ${report.trustAnchors}`, ''];
  if (report.signatures.length === 0) lines.push(L('noSignatures'), '');
  report.signatures.forEach((s, i) => {
    lines.push(`${L('signature')} ${i + 1}: ${translate(lang, `report.kind.${s.kind}`)} — ${statusLine(s.status, lang, s)}`);
    lines.push(`  ${L('field')}: ${s.field}    ${L('subFilter')}: ${s.subFilter || '-'}`);
    if (s.signer) lines.push(`  ${L('signer')}: ${s.signer.subject}`, `  ${L('issuer')}: ${s.signer.issuer}`, `  ${L('serial')}: ${s.signer.serial}`);
    if (s.time?.claimed) lines.push(`  ${L('claimed')}: ${s.time.claimed}`);
    if (s.time?.timestamp) lines.push(`  ${L('timestamp')}: ${s.time.timestamp}`);
    if (s.time)
      lines.push(
        `  ${L('checkedAt')}: ${s.time.checkedAt} (${translate(lang, `report.checkedAtSource.${s.time.checkedAtSource === 'timestamp' ? 'signature-timestamp' : s.time.checkedAtSource === 'document-timestamp' ? 'document-timestamp' : 'now'}`)})`,
      );
    if (s.algorithm) lines.push(`  ${L('algorithm')}: ${algorithmWords(s.algorithm, lang)}`);
    lines.push(`  ${L('intact')}: ${yn(s.intact)}    ${L('valid')}: ${yn(s.valid)}    ${L('trusted')}: ${yn(s.trusted)}`);
    lines.push(`  ${L('coverage')}: ${translate(lang, `report.coverage.${s.coverage}`)}`);
    if (s.docMdp) lines.push(`  ${L('docMdp')}: P=${s.docMdp}`);
    lines.push(`  ${L('modifications')}: ${s.modifications.length === 0 ? L('none') : ''}`);
    for (const m of s.modifications) {
      // The verifier's English detail names objects and keys; a Chinese reader gets the kind of change in words.
      const detail = lang === 'en' ? `: ${m.detail}` : '';
      lines.push(
        `    - [${translate(lang, 'report.label.revision', { n: m.revision })}] ${translate(lang, `report.modification.${m.kind}`)} (${m.allowed ? L('allowed') : L('illegal')})${m.attack ? ` [${m.attack}]` : ''}${detail}`,
      );
    }
    for (const n of signatureNotes(s, lang)) lines.push(`  * ${n}`);
    lines.push('');
  });
  const decisive = report.signatures.find((s) => s.status.indication === report.document.indication);
  lines.push(`${L('bottomLine')}: ${statusLine(report.document, lang, decisive)}`);
  return lines.map((l) => readerTimes(l, lang)).join('\n');
}
