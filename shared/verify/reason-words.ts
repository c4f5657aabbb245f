/**
 * A signature's verdict in the reader's words: the reason is chosen by its
 * ETSI EN 319 102-1 sub-indication (a code), filled with the facts of the
 * report, and ends with what to do next. The verifier's own English detail
 * travels as a parameter for English readers only; a Chinese reader never
 * sees English reason text.
 */
import { translate, type ReportLanguage } from '../i18n';
import { formatInstant } from '../proof/reader-time';
import type { SignatureReport, Status } from './report';

type Reader = ReportLanguage;

/** The kinds of change the signer did not allow, in the reader's words. */
const illegalChanges = (s: SignatureReport | undefined, lang: Reader): string => {
  const kinds = [...new Set((s?.modifications ?? []).filter((m) => !m.allowed).map((m) => m.kind))];
  return kinds.map((k) => translate(lang, `report.modification.${k}`)).join(lang === 'zh' ? '、' : ', ') || translate(lang, 'report.modification.other');
};

/** Why a status is not TOTAL-PASSED, with advice; empty for a passed one. */
export function statusReason(status: Status, lang: Reader, signature?: SignatureReport): string {
  if (status.indication === 'TOTAL-PASSED') return '';
  return translate(lang, `reason.${status.subIndication}`, { detail: status.reason, changes: illegalChanges(signature, lang) });
}

/** The notes of one signature: as the verifier wrote them in English; in Chinese, rebuilt from the report's time facts. */
export function signatureNotes(s: SignatureReport, lang: Reader): string[] {
  if (lang === 'en') return s.notes;
  const t = s.time;
  if (!t) return [];
  const at = (iso: string): string => formatInstant(iso, lang);
  if (t.checkedAtSource === 'timestamp' && t.timestamp) return [translate(lang, 'report.note.timestampProves', { time: at(t.timestamp) })];
  if (t.checkedAtSource === 'document-timestamp') return [translate(lang, 'report.note.documentTimestampProves', { time: at(t.checkedAt) })];
  const claim = t.claimed ?? t.signingTimeAttribute;
  if (t.checkedAtSource === 'now' && claim) return [translate(lang, 'report.note.claimOnly', { claimed: at(claim), time: at(t.checkedAt) })];
  return [];
}

/** A signature algorithm as a reader of `lang` sees it: "ECDSA P-256 with SHA-256" in English, "ECDSA P-256 + SHA-256" (names only, no English word) otherwise. */
export const algorithmWords = (algorithm: string, lang: Reader | 'any'): string => (lang === 'en' ? algorithm : algorithm.replace(/ with /g, ' + '));
