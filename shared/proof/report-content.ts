/**
 * The words of report.pdf, built only from facts in the package (evidence.json
 * and the PDF's verification report), so the human report and the machine
 * checks can never say different things. Every sentence comes from the one
 * catalogue (shared/i18n, under report.*) in the reader's language: report.pdf
 * carries a whole Chinese report, then a whole English one, and neither half
 * borrows the other's words. Times are in the reader's zone with its offset
 * (Beijing time, UTC+08:00, for Chinese) beside UTC.
 */
import { AffixError } from '../errors/affix-error';
import { say, translate, type ReportLanguage } from '../i18n';
import type { SignatureReport, VerificationReport } from '../verify';
import { statusReason } from '../verify/reason-words';
import { provenTimeOf, type CheckpointProof } from './checkpoint-time';
import type { Evidence } from './evidence';
import { formatInstant } from './reader-time';

export interface ReportSection {
  heading: string;
  /** Each paragraph is wrapped by the renderer. */
  paragraphs: string[];
}

export interface ReportFacts {
  evidence: Evidence;
  verification: VerificationReport;
  /** SHA-256 of evidence.json, as sealed into report.pdf. */
  evidenceSha256: string;
  /** SHA-256 of the checkpoint note text. */
  checkpointSha256: string;
  /** The package's checkpoint time-stamps as the exporting node checked them (smallest tree first); none when it carries none. */
  checkpointTimes?: CheckpointProof[];
}

/** The report languages, in the order report.pdf carries them. */
export const REPORT_LANGUAGES: readonly ReportLanguage[] = ['zh', 'en'];

/**
 * What the QR code carries: the document's digest, each signature's field and the ledger index of
 * its signature.added entry (the evidence a reader checks first), and the checkpoint the proofs
 * lead to. The export event is in the package, not here: it says who exported, not who signed.
 */
export function qrPayload(f: ReportFacts): string {
  const signatures = f.evidence.signers.map((s) => `${s.field}@${s.ledgerIndex ?? '-'}`).join(',') || '-';
  return `affix-proof:v1;sha256=${f.evidence.document.sha256};signatures=${signatures};checkpoint-sha256=${f.checkpointSha256}`;
}

/** The report's words in one language. */
class Words {
  constructor(readonly lang: ReportLanguage) {}
  t(key: string, params?: Record<string, string | number>): string {
    return translate(this.lang, `report.${key}`, params);
  }
  at(iso: string | undefined): string {
    return iso ? formatInstant(iso, this.lang) : '—';
  }
  get list(): string {
    return this.lang === 'zh' ? '；' : '; ';
  }
}

export const reportTitle = (lang: ReportLanguage): string => translate(lang, 'report.pdf.title');

/** The sentence report.pdf opens with (in each language): the overall verdict and why it is that. */
export function overallVerdict(f: ReportFacts, lang: ReportLanguage): string {
  return translate(lang, `report.pdf.overall.${f.verification.document.indication}`);
}

export function overallCounts(f: ReportFacts, lang: ReportLanguage): string {
  const w = new Words(lang);
  return w.t('pdf.counts', { signatures: f.verification.signatures.length, events: f.evidence.events.length, exported: w.at(f.evidence.exportedAt) });
}

export function qrCaption(f: ReportFacts, lang: ReportLanguage): string {
  return new Words(lang).t('pdf.qr', {
    sha256: f.evidence.document.sha256.slice(0, 32),
    index: f.evidence.events.at(-1)!.index,
    checkpoint: f.checkpointSha256.slice(0, 16),
  });
}

/** A signature's verdict: the indication and, when not passed, the catalogue's reason for its sub-indication. */
function verdictOf(s: SignatureReport, w: Words): string {
  const verdict = w.t(`indication.${s.status.indication}`);
  if (s.status.indication === 'TOTAL-PASSED') return w.t('pdf.verdict', { verdict });
  return w.t('pdf.verdictReason', { verdict, sub: s.status.subIndication, reason: statusReason(s.status, w.lang, s) });
}

/** When a signature was made, and what proves it: its own time-stamp, a later document time-stamp, or only the signer's claim. */
function timeOf(s: SignatureReport, w: Words): string[] {
  const t = s.time;
  if (!t) return [];
  if (s.kind === 'document-timestamp') return [w.t('pdf.tsDocument', { tsa: s.signer?.subject ?? '—', at: w.at(t.timestamp ?? t.checkedAt) })];
  const claimed = w.at(t.claimed ?? t.signingTimeAttribute);
  if (t.checkedAtSource === 'timestamp' && t.timestamp) return [w.t('pdf.tsSignatureProven', { at: w.at(t.timestamp), claimed })];
  const lines = t.timestamp ? [w.t('pdf.tsSignatureUnproven', { at: w.at(t.timestamp), claimed })] : [];
  if (t.checkedAtSource === 'document-timestamp') lines.push(w.t('pdf.tsDocumentProves', { at: w.at(t.checkedAt), claimed }));
  else if (!t.timestamp) lines.push(w.t('pdf.tsClaimOnly', { claimed, checked: w.at(t.checkedAt) }));
  return lines;
}

function changesOf(s: SignatureReport, w: Words): string {
  if (s.modifications.length === 0) return w.t('pdf.noChanges');
  const list = s.modifications.map((m) =>
    w.t('pdf.change', { revision: m.revision, kind: w.t(`modification.${m.kind}`), allowed: w.t(m.allowed ? 'label.allowed' : 'label.illegal') }),
  );
  return w.t('pdf.changes', { list: list.join(w.list) });
}

function signersSection(f: ReportFacts, w: Words): string[] {
  const e = f.evidence;
  return f.verification.signatures.flatMap((s, i) => {
    const signer = e.signers.find((x) => x.field === s.field);
    const disclosed = signer?.identity?.disclosed.map((x) => `${x.field}=${x.value}`).join(w.list);
    const how = signer ? (signer.identifiedBy ? say(w.lang, signer.identifiedBy) : signer.identification) : '—';
    return [
      w.t('pdf.signature', { n: i + 1, field: s.field, revision: s.revision, kind: w.t(`kind.${s.kind}`) }),
      `  ${verdictOf(s, w)}`,
      `  ${w.t('pdf.signer', { subject: s.signer?.subject ?? '—' })}`,
      `  ${w.t('pdf.issuer', { issuer: s.signer?.issuer ?? '—', serial: s.signer?.serial ?? '—' })}`,
      `  ${w.t('pdf.identifiedBy', { how })}`,
      ...(signer?.sealUse ? [`  ${w.t('pdf.sealUse', { operator: signer.sealUse.operator, index: signer.sealUse.ledgerIndex })}`] : []),
      ...(signer?.sealUse && signer.identity
        ? [
            `  ${w.t('pdf.sealIdentity', { record: signer.identity.recordSha256.slice(0, 16), ial: signer.identity.ial, name: signer.identity.commitments.name?.slice(0, 16) ?? '—' })}`,
          ]
        : []),
      ...(disclosed ? [`  ${w.t('pdf.disclosed', { fields: disclosed })}`] : []),
      ...timeOf(s, w).map((l) => `  ${l}`),
      `  ${w.t('pdf.ledgerIndex', { index: signer?.ledgerIndex ?? '—' })}`,
      `  ${w.t('pdf.coverage', { coverage: w.t(`coverage.${s.coverage}`) })}`,
      `  ${changesOf(s, w)}`,
    ];
  });
}

/** The audit trail, each entry with its proven time when a verified checkpoint time-stamp includes it, then the time-stamps themselves. */
function trailSection(f: ReportFacts, w: Words): string[] {
  const proofs = f.checkpointTimes ?? [];
  const lines: string[] = [];
  for (const x of f.evidence.events) {
    const event = w.t(`event.${x.type}`, { defaultValue: x.type });
    lines.push(w.t(x.actorKeyId ? 'pdf.eventBy' : 'pdf.event', { index: x.index, at: w.at(x.time), event, key: x.actorKeyId ?? '' }));
    if (proofs.length === 0) continue;
    const proven = provenTimeOf(x.index, proofs);
    lines.push(
      proven ? w.t('pdf.eventProven', { at: w.at(proven.genTime.toISOString()), size: proven.checkpointSize, tsa: proven.tsa }) : w.t('pdf.eventClaimed'),
    );
  }
  if (proofs.length === 0) return [...lines, w.t('pdf.noCheckpointTimestamps')];
  lines.push(w.t('pdf.checkpointTimestamps'));
  for (const p of proofs)
    lines.push(`  ${p.ok ? w.t('pdf.cpProven', { size: p.size, tsa: p.tsa, at: w.at(p.genTime.toISOString()) }) : w.t('pdf.cpUnverified', { size: p.size })}`);
  return lines;
}

/** Every section after the opening verdict, in `lang`. */
export function reportSections(f: ReportFacts, lang: ReportLanguage): ReportSection[] {
  const w = new Words(lang);
  const e = f.evidence;
  const d = e.document;
  const cp = e.checkpoint;
  const [first] = e.events;
  const exported = e.events.at(-1);
  // EvidenceSchema requires at least one event (the export itself); a report is only built from parsed evidence.
  if (!first || !exported) throw new AffixError('INTERNAL', 'the evidence lists no ledger events, so no report can be written');
  const anchored = e.events.find((x) => x.type === 'document.anchored');
  // The event that anchored exactly these bytes (the last signature, or the import of an unsigned document).
  const current = e.events.find(
    (x) => (x.type === 'signature.added' || x.type === 'document.anchored' || x.type === 'document.versioned') && x.subjects[0] === d.sha256,
  );
  return [
    {
      heading: w.t('pdf.h1'),
      paragraphs: [
        w.t('pdf.document', { name: d.name }),
        w.t('pdf.documentId', { id: d.id }),
        `SHA-256: ${d.sha256}`,
        `SHA-512: ${d.sha512.slice(0, 64)}`,
        `         ${d.sha512.slice(64)}`,
        w.t('pdf.size', { bytes: d.bytes, versions: d.versions.length }),
        w.t('pdf.exportedAt', { at: w.at(e.exportedAt) }),
        w.t('pdf.node', { origin: e.ledger.origin }),
        w.t('pdf.checkpoint', { size: cp.size, root: cp.rootHash }),
        w.t('pdf.checkpointSha', { sha256: f.checkpointSha256 }),
        `evidence.json SHA-256: ${f.evidenceSha256}`,
      ],
    },
    { heading: w.t('pdf.h2'), paragraphs: signersSection(f, w) },
    { heading: w.t('pdf.h3'), paragraphs: trailSection(f, w) },
    {
      heading: w.t('pdf.h4'),
      paragraphs: [
        w.t('pdf.platform', { origin: e.ledger.origin, key: e.trustPolicy.ledgerKey }),
        w.t('pdf.stored', { first: w.at(first.time), index: first.index }) +
          (anchored ? ` ${w.t('pdf.storedImport', { at: w.at(anchored.time), index: anchored.index })}` : ''),
        w.t(e.consistency ? 'pdf.integrityConsistent' : 'pdf.integrityOne', { size: cp.size }),
        w.t('pdf.provenance'),
      ],
    },
    {
      heading: w.t('pdf.h5'),
      paragraphs: [w.t('pdf.fre', { sha256: d.sha256, anchored: current?.index ?? first.index, exported: exported.index })],
    },
    { heading: w.t('pdf.h6'), paragraphs: ['step1', 'step2', 'step3', 'step4', 'step5'].map((k) => w.t(`pdf.${k}`)) },
  ];
}
