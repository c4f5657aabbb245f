/**
 * The one proof-package verifier: `verifyPackage(zipBytes, { trustPolicy })`.
 * No Node APIs and no network, so the CLI, the app and verify.html run this
 * same code and reach the same verdicts. Every fact is re-derived from the
 * bytes: the PDF's signatures, each event from its inclusion proof under a
 * checkpoint signed by the pinned node key, evidence.json from the node's seal
 * on report.pdf, disclosed values from their commitments.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { isAffixError } from '../errors/affix-error';
import { verifyDisclosure } from '../identity/commitment';
import { fromBase64, toBase64 } from '../ledger/bytes';
import { openCheckpoint } from '../ledger/checkpoint';
import { parseConsistencyProof, verifyConsistencyProof } from '../ledger/consistency-proof';
import type { LedgerEntry } from '../ledger/entry';
import { checkSealUses } from './seal-use';
import { checkForeignLedgers, type ForeignFindings } from './foreign-ledgers';
import { parseNote, parseVerifierKey, type VerifierKey } from '../ledger/note';
import { parseTlogProof, verifyTlogProof } from '../ledger/tlog-proof';
import { checkWitnesses, parseWitnessPolicy } from '../ledger/witness-policy';
import { parseCertificates, type Cert } from '../verify/certificate';
import { verifyPdf, type SignatureReport, type VerificationReport } from '../verify';
import { digest, type HashName } from '../verify/digest';
import { algorithmWords } from '../verify/reason-words';
import { PACKAGE_FILES } from './container';
import { checkEvidenceBudget, duplicateEvents, parseJsonBounded, readPackageBounded } from './package-budget';
import { parseCrl, revocationStatus, type Crl } from './revocation';
import { EvidenceSchema, trailText, type Evidence, type LedgerEvent, type TrustPolicy } from './evidence';
import { message, type Message } from '../i18n';
import { checkOf, worstVerdict, type Check, type CheckId, type ProofReport, type Verdict } from './proof-report';
import { CHECK_IDS } from './check-ids';

type Params = Record<string, string | number>;
import { checkTrust, type IndependentTrust } from './trust-anchor';
import { checkCheckpointTime } from './checkpoint-time-check';

export interface VerifyPackageOptions extends Omit<IndependentTrust, 'suppliedPolicy'> {
  /** Pinned keys from an independent source; default: the package's own policy (then the best verdict is INDETERMINATE). */
  trustPolicy?: TrustPolicy;
  /** "Now" for signatures without a time of their own (tests). */
  now?: Date;
}

/** The marker report.pdf carries in its (signed) document information dictionary. */
export const EVIDENCE_DIGEST_KEY = 'AffixEvidenceSha256';

/** Small inputs (certificates, texts): synchronous. */
const hex256 = (b: Uint8Array): string => bytesToHex(sha256(b));
/** Files: WebCrypto, several times faster than pure-JS hashing on megabytes. */
const fileHex = async (b: Uint8Array, hash: HashName = 'SHA-256'): Promise<string> => bytesToHex(await digest(hash, [b]));
const b64 = (s: string): Uint8Array => fromBase64(s) ?? new Uint8Array(0);
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const normSerial = (s: string): string => s.toLowerCase().replace(/^(00)+/, '');

/** Collects the findings of one check; its verdict is the worst finding (passed when there is none). */
class Finding {
  private readonly facts: Message[] = [];
  private readonly problems: { verdict: Verdict; message: Message }[] = [];
  constructor(readonly id: CheckId) {}
  /** Each finding is a catalogue key under proofCheck.msg with its values (shared/i18n). */
  fact(key: string, params?: Params): void {
    this.facts.push(message(`proofCheck.msg.${key}`, params));
  }
  fail(key: string, params?: Params): void {
    this.problems.push({ verdict: 'failed', message: message(`proofCheck.msg.${key}`, params) });
  }
  unsure(key: string, params?: Params): void {
    this.problems.push({ verdict: 'indeterminate', message: message(`proofCheck.msg.${key}`, params) });
  }
  adopt(m: Message, as: 'fact' | 'fail'): void {
    if (as === 'fact') this.facts.push(m);
    else this.problems.push({ verdict: 'failed', message: m });
  }
  done(): Check {
    if (this.problems.length === 0) return checkOf(this.id, 'passed', this.facts);
    return checkOf(
      this.id,
      worstVerdict(this.problems.map((p) => p.verdict)),
      this.problems.map((p) => p.message),
    );
  }
}

interface Opened {
  pdf: Uint8Array;
  evidenceBytes: Uint8Array;
  report: Uint8Array;
  evidence: Evidence;
}

async function openPackage(zip: Uint8Array, f: Finding): Promise<Opened | null> {
  const { files, skipped, crcMismatches } = readPackageBounded(zip);
  if (crcMismatches.length > 0) f.fail('crcMismatch', { files: crcMismatches.join(', ') });
  const missing = Object.values(PACKAGE_FILES).filter((n) => !files.has(n));
  if (missing.length > 0) f.fail('lacks', { files: missing.join(', ') });
  const pdf = files.get(PACKAGE_FILES.pdf);
  const evidenceBytes = files.get(PACKAGE_FILES.evidence);
  const report = files.get(PACKAGE_FILES.report);
  if (!pdf || !evidenceBytes || !report) return null;
  let json: unknown;
  try {
    json = parseJsonBounded(evidenceBytes, PACKAGE_FILES.evidence);
  } catch (error) {
    if (isAffixError(error)) throw error;
    f.fail('evidenceNotJson', { detail: errorText(error) });
    return null;
  }
  checkEvidenceBudget(json);
  const parsed = EvidenceSchema.safeParse(json);
  if (!parsed.success) {
    f.fail('evidenceSchema', {
      detail: parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; '),
    });
    return null;
  }
  for (const [name, recorded] of Object.entries(parsed.data.files)) {
    const bytes = files.get(name);
    const actual = bytes ? await fileHex(bytes) : null;
    if (actual && actual !== recorded) f.fail('fileAltered', { name, actual, recorded });
  }
  const unlisted = [...files.keys()].filter(
    (n) => !(n in parsed.data.files) && n !== PACKAGE_FILES.pdf && n !== PACKAGE_FILES.evidence && n !== PACKAGE_FILES.report,
  );
  unlisted.push(...skipped);
  if (unlisted.length > 0) f.fail('unlistedFiles', { files: unlisted.join(', ') });
  f.fact('files', { files: [...files.keys()].join(', '), format: parsed.data.format, version: parsed.data.version });
  return { pdf, evidenceBytes, report, evidence: parsed.data };
}

export async function verifyPackage(zip: Uint8Array, options: VerifyPackageOptions = {}): Promise<ProofReport> {
  const pkg = new Finding('package');
  const opened = await openPackage(zip, pkg);
  const trustPolicySource = options.trustPolicy ? 'supplied' : 'package';
  if (!opened) {
    // Every other check but the optional checkpoint time-stamps, which an unreadable package cannot be said to carry.
    const skipped: Check[] = CHECK_IDS.filter((id) => id !== 'package' && id !== 'checkpoint-time').map((id) => ({
      ...checkOf(id, 'indeterminate', [message('proofCheck.msg.packageUnreadable')]),
    }));
    const checks = [pkg.done(), ...skipped];
    return { verdict: worstVerdict(checks.map((c) => c.verdict)), checks, document: null, trustPolicySource };
  }
  const { evidence } = opened;
  const policy = options.trustPolicy ?? evidence.trustPolicy;
  const anchors = policy.trustAnchors.map(b64);
  let logKey: VerifierKey | null = null;
  try {
    logKey = parseVerifierKey(policy.ledgerKey.trim());
  } catch (error) {
    pkg.fail('policyKeyUnusable', { detail: errorText(error) });
  }
  const now = options.now;
  const pdfReport = await verifyPdfSafely(opened.pdf, anchors, now);
  const proven = logKey ? await checkProofs(evidence, logKey) : null;
  const foreign = await checkForeignLedgers(evidence, proven?.entries ?? new Map());
  const consistency = logKey ? await checkConsistency(evidence, logKey) : unchecked('consistency');
  const checks: Check[] = [
    pkg.done(),
    await checkEvidenceSeal(opened, anchors, now),
    await checkDocumentHash(opened),
    checkPdfSignatures(pdfReport, evidence),
    await checkSignerCertificates(pdfReport, evidence, proven?.entries ?? new Map(), foreign.entries),
    proven?.check ?? unchecked('ledger-proofs'),
    logKey ? await checkCheckpoint(evidence, logKey, policy) : unchecked('checkpoint'),
    consistency,
    await checkAuditTrail(opened, pdfReport, proven?.entries ?? new Map(), foreign),
    checkDisclosures(evidence, proven?.entries ?? new Map()),
    await checkTrust(evidence, { ...options, suppliedPolicy: options.trustPolicy }, evidence.consistency !== null && consistency.verdict === 'passed'),
  ];
  // Only a supplied policy or the verifier's own certificates vouch for a time-stamping authority, never the package.
  const timed = logKey
    ? await checkCheckpointTime(
        evidence,
        logKey,
        [...(options.trustPolicy?.trustAnchors ?? []).map(b64), ...(options.trustAnchors ?? [])],
        proven?.entries ?? new Map(),
      )
    : null;
  if (timed) checks.push(timed);
  return {
    verdict: worstVerdict(checks.map((c) => c.verdict)),
    checks,
    document: {
      name: evidence.document.name,
      sha256: await fileHex(opened.pdf),
      signatures: pdfReport.ok ? pdfReport.report.signatures.length : 0,
      events: evidence.events.length,
      ledgerOrigin: evidence.ledger.origin,
      checkpointSize: evidence.checkpoint.size,
    },
    trustPolicySource,
  };
}

const unchecked = (id: CheckId): Check => checkOf(id, 'indeterminate', [message('proofCheck.msg.noLedgerKey')]);

type PdfOutcome = { ok: true; report: VerificationReport } | { ok: false; reason: string };

async function verifyPdfSafely(bytes: Uint8Array, trustAnchors: Uint8Array[], now?: Date): Promise<PdfOutcome> {
  try {
    return { ok: true, report: await verifyPdf(bytes, { trustAnchors, now }) };
  } catch (error) {
    return { ok: false, reason: isAffixError(error) ? error.message : `unreadable PDF (${errorText(error)})` };
  }
}

/** evidence.json is bound to report.pdf (its digest sits in the report's signed information dictionary). */
async function checkEvidenceSeal(o: Opened, anchors: Uint8Array[], now?: Date): Promise<Check> {
  const f = new Finding('evidence-integrity');
  const sealed = await verifyPdfSafely(o.report, anchors, now);
  if (!sealed.ok) {
    f.fail('reportUnreadable', { detail: sealed.reason });
    return f.done();
  }
  const sigs = sealed.report.signatures;
  if (sigs.length === 0) f.fail('reportUnsealed');
  for (const s of sigs) {
    if (s.status.indication !== 'TOTAL-PASSED') f.fail('reportSealBad', { field: s.field, indication: s.status.indication, detail: s.status.reason });
    else if (s.coverage !== 'whole-file') f.fail('reportSealPartial', { field: s.field });
    else f.fact('reportSealed', { signer: s.signer?.subject ?? '—', field: s.field });
  }
  const text = new TextDecoder('latin1').decode(o.report);
  const recorded = new RegExp(`/${EVIDENCE_DIGEST_KEY} ?\\(([0-9a-f]{64})\\)`).exec(text)?.[1];
  const actual = await fileHex(o.evidenceBytes);
  if (!recorded) f.fail('reportNoDigest');
  else if (recorded !== actual) f.fail('evidenceAltered', { actual, recorded });
  else f.fact('evidenceMatches', { actual });
  return f.done();
}

async function checkDocumentHash(o: Opened): Promise<Check> {
  const f = new Finding('document-hash');
  const d = o.evidence.document;
  const actual = await fileHex(o.pdf);
  if (actual !== d.sha256) f.fail('documentAltered', { actual, recorded: d.sha256 });
  else f.fact('sha256', { actual });
  const actual512 = await fileHex(o.pdf, 'SHA-512');
  if (actual512 !== d.sha512) f.fail('sha512Differs', { actual: actual512, recorded: d.sha512 });
  else f.fact('sha512', { actual: actual512 });
  if (o.pdf.length !== d.bytes) f.fail('sizeDiffers', { actual: o.pdf.length, recorded: d.bytes });
  if (d.versions.at(-1) !== d.sha256) f.fail('notNewest');
  return f.done();
}

function checkPdfSignatures(outcome: PdfOutcome, evidence: Evidence): Check {
  const f = new Finding('pdf-signatures');
  if (!outcome.ok) {
    f.fail('documentUnverifiable', { detail: outcome.reason });
    return f.done();
  }
  const sigs = outcome.report.signatures;
  if (sigs.length === 0) f.unsure('noSignatures');
  if (sigs.length !== evidence.signers.length) f.fail('signerCount', { signatures: sigs.length, signers: evidence.signers.length });
  for (const s of sigs) {
    const who = s.signer?.subject ?? '—';
    if (s.status.indication === 'TOTAL-PASSED')
      // One value for both languages: the algorithm's names only.
      f.fact('signaturePassed', {
        field: s.field,
        revision: s.revision,
        who,
        algorithm: algorithmWords(s.algorithm ?? '', 'any'),
        at: s.time?.checkedAt ?? '—',
      });
    else {
      // The reason by its ETSI sub-indication (a code); the verifier's English detail is a parameter English readers see.
      const said = { field: s.field, revision: s.revision, sub: s.status.subIndication, detail: s.status.reason };
      if (s.status.indication === 'TOTAL-FAILED') f.fail(`signatureFailed.${s.status.subIndication}`, said);
      else f.unsure(`signatureUnsure.${s.status.subIndication}`, said);
    }
    signatureTime(f, s);
  }
  return f.done();
}

/** When a signature was made and what proves it: its own time-stamp, a later document time-stamp, or only the signer's claim. */
function signatureTime(f: Finding, s: SignatureReport): void {
  const t = s.time;
  if (!t) return;
  if (s.kind === 'document-timestamp') {
    f.fact('documentTimestamp', { field: s.field, tsa: s.signer?.subject ?? '—', at: t.timestamp ?? t.checkedAt });
    return;
  }
  const claimed = t.claimed ?? t.signingTimeAttribute ?? '—';
  if (t.checkedAtSource === 'timestamp' && t.timestamp) f.fact('sigTimeProven', { field: s.field, at: t.timestamp, claimed });
  else if (t.timestamp) f.fact('sigTimeUnproven', { field: s.field, at: t.timestamp, claimed });
  if (t.checkedAtSource === 'document-timestamp') f.fact('sigTimeDocument', { field: s.field, at: t.checkedAt, claimed });
  else if (!t.timestamp) f.fact('sigTimeClaimed', { field: s.field, claimed });
}

async function checkSignerCertificates(
  outcome: PdfOutcome,
  evidence: Evidence,
  entries: Map<number, LedgerEntry>,
  foreign: ForeignFindings['entries'],
): Promise<Check> {
  const f = new Finding('signer-certificates');
  if (!outcome.ok) {
    f.unsure('certsNotChecked');
    return f.done();
  }
  const crls = parseCrls(evidence, f);
  for (const s of outcome.report.signatures) {
    const signer = evidence.signers.find((x) => x.field === s.field);
    if (!signer) {
      f.fail('noSigner', { field: s.field });
      continue;
    }
    const [certB64, issuerB64] = signer.certificates;
    let cert: Cert | undefined;
    try {
      cert = certB64 === undefined ? undefined : parseCertificates(b64(certB64))[0];
    } catch (error) {
      f.fail('signerCertUnreadable', { field: s.field, detail: errorText(error) });
      continue;
    }
    if (!cert) {
      f.fail('signerCertUnreadable', { field: s.field, detail: 'no certificate is listed for it' });
      continue;
    }
    if (!s.signer || normSerial(cert.serialHex) !== normSerial(s.signer.serial) || cert.issuer !== s.signer.issuer) {
      f.fail('certSwapped', {
        field: s.field,
        serial: cert.serialHex,
        subject: cert.subject,
        signedSerial: s.signer?.serial ?? '—',
        signedSubject: s.signer?.subject ?? '—',
      });
      continue;
    }
    // A workspace key is named by its certificate's digest prefix (compared as is: leading zeros are
    // part of it); an identity key by its certificate serial (compared as a number).
    const keyId = hex256(cert.der).slice(0, 16);
    // A key from outside the workspace (PKCS#12, token) is named by its certificate's whole SHA-256.
    const actorIsCert = (actor: string): boolean => actor === keyId || actor === hex256(cert.der) || normSerial(actor) === normSerial(cert.serialHex);
    // A signature made in another party's workspace is proven by that party's ledger.
    const event = (signer.ledger === undefined ? entries : foreign.get(signer.ledger))?.get(signer.ledgerIndex);
    if (!event || event.type !== 'signature.added') {
      f.fail('noSignatureEvent', { field: s.field, index: signer.ledgerIndex });
    } else if (!event.actorKeyId || !actorIsCert(event.actorKeyId) || event.actorKeyId !== signer.keyId) {
      f.fail('keyDiffers', { field: s.field, recorded: event.actorKeyId ?? '—', keyId, serial: cert.serialHex });
    } else {
      f.fact('signerCert', {
        field: s.field,
        subject: cert.subject,
        issuer: cert.issuer,
        serial: cert.serialHex,
        from: cert.notBefore.toISOString(),
        to: cert.notAfter.toISOString(),
        index: signer.ledgerIndex,
        key: event.actorKeyId,
      });
      await checkRevocation(f, s.field, cert, issuerB64, crls, new Date(s.time?.checkedAt ?? Date.now()));
    }
  }
  return f.done();
}

function parseCrls(evidence: Evidence, f: Finding): Crl[] {
  return evidence.crls.flatMap((c, i) => {
    try {
      return [parseCrl(b64(c))];
    } catch (error) {
      f.fail('crlUnreadable', { n: i + 1, detail: errorText(error) });
      return [];
    }
  });
}

async function checkRevocation(f: Finding, field: string, cert: Cert, issuerB64: string | undefined, crls: Crl[], signedAt: Date): Promise<void> {
  if (!issuerB64) {
    f.fact('selfSigned', { field });
    return;
  }
  let issuer: Cert | undefined;
  try {
    issuer = parseCertificates(b64(issuerB64))[0];
  } catch (error) {
    f.fail('issuerUnreadable', { field, detail: errorText(error) });
    return;
  }
  if (!issuer) {
    f.fail('issuerUnreadable', { field, detail: 'it holds no certificate' });
    return;
  }
  const r = await revocationStatus(cert, issuer, crls, signedAt);
  const when = signedAt.toISOString();
  if (r.kind === 'revoked-before') f.fail('revokedBefore', { field, serial: cert.serialHex, at: r.at.toISOString(), when });
  else if (r.kind === 'revoked-after') f.fact('revokedAfter', { field, serial: cert.serialHex, at: r.at.toISOString(), when });
  else if (r.kind === 'good') f.fact('notRevoked', { field, at: r.crlThisUpdate.toISOString() });
  else f.fact('noCrl', { field, issuer: cert.issuer });
}

async function checkProofs(evidence: Evidence, logKey: VerifierKey): Promise<{ check: Check; entries: Map<number, LedgerEntry> }> {
  const f = new Finding('ledger-proofs');
  const entries = new Map<number, LedgerEntry>();
  const duplicates = duplicateEvents(evidence.events);
  for (const d of duplicates) f.fail('duplicateEvent', d);
  for (const e of evidence.events) {
    if (entries.has(e.index)) continue;
    const where = { type: e.type, index: e.index };
    let v;
    try {
      v = await verifyTlogProof(e.proof, { logKey, origin: evidence.ledger.origin });
    } catch (error) {
      f.fail('proofMalformed', { ...where, detail: errorText(error) });
      continue;
    }
    if (!v.ok) {
      f.fail('proofFails', { ...where, detail: v.reason });
      continue;
    }
    const mismatch = describeMismatch(e, v.index, v.leafHash, v.entry);
    if (mismatch) {
      f.fail('entryMismatch', { ...where, detail: mismatch });
      continue;
    }
    entries.set(e.index, v.entry!);
  }
  if (duplicates.length === 0 && entries.size === evidence.events.length) f.fact('eventsProven', { n: entries.size, size: evidence.checkpoint.size });
  return { check: f.done(), entries };
}

function describeMismatch(e: LedgerEvent, index: number, leafHash: string, entry: LedgerEntry | null): string | null {
  if (!entry) return 'the proof carries no Affix entry';
  if (index !== e.index) return `index ${index} vs ${e.index}`;
  if (leafHash !== e.leafHash) return `leaf hash ${leafHash} vs ${e.leafHash}`;
  const fields: [string, unknown, unknown][] = [
    ['type', entry.type, e.type],
    ['time', entry.time, e.time],
    ['actor', entry.actorKeyId, e.actorKeyId],
    ['subjects', entry.subjects, e.subjects],
    ['commitments', entry.commitments, e.commitments],
    ['refs', entry.refs, e.refs],
  ];
  const bad = fields.find(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b));
  return bad ? `${bad[0]}: proven ${JSON.stringify(bad[1])}, listed ${JSON.stringify(bad[2])}` : null;
}

async function checkCheckpoint(evidence: Evidence, logKey: VerifierKey, policy: TrustPolicy): Promise<Check> {
  const f = new Finding('checkpoint');
  const cp = evidence.checkpoint;
  try {
    const opened = await openCheckpoint(cp.note, logKey, evidence.ledger.origin);
    if (!opened.ok) {
      f.fail('checkpointFails', { detail: opened.reason });
      return f.done();
    }
    if (opened.checkpoint.size !== cp.size || toBase64(opened.checkpoint.rootHash) !== cp.rootHash) {
      f.fail('checkpointDiffers', { size: cp.size, root: cp.rootHash, signedSize: opened.checkpoint.size, signedRoot: toBase64(opened.checkpoint.rootHash) });
    }
    f.fact('checkpointSigned', {
      name: logKey.name,
      key: policy.ledgerKey.trim().split('+')[1] ?? '',
      size: opened.checkpoint.size,
      root: toBase64(opened.checkpoint.rootHash),
      sha256: hex256(utf8ToBytes(cp.note)),
    });
    const others = evidence.events.filter((e) => proofCheckpoint(e.proof) !== cp.note);
    if (others.length > 0) f.fail('otherCheckpoint', { indices: others.map((e) => e.index).join(', ') });
    if (policy.witnessPolicy) {
      const w = await checkWitnesses(parseNote(cp.note), parseWitnessPolicy(policy.witnessPolicy));
      if (!w.satisfied)
        f.fail(`witnessUnmet.${w.cosigned.length ? 'some' : 'none'}${w.invalid.length ? 'Invalid' : ''}`, {
          valid: w.cosigned.map((c) => c.name).join(', '),
          invalid: w.invalid.join(', '),
        });
      else f.fact('witnessMet', { names: w.cosigned.map((c) => c.name).join(', ') || '—' });
    } else {
      f.fact('noWitnessNeeded');
    }
  } catch (error) {
    f.fail('checkpointMalformed', { detail: errorText(error) });
  }
  return f.done();
}

function proofCheckpoint(proof: string): string | null {
  try {
    return parseTlogProof(proof).checkpoint;
  } catch {
    return null;
  }
}

async function checkConsistency(evidence: Evidence, logKey: VerifierKey): Promise<Check> {
  const f = new Finding('consistency');
  const c = evidence.consistency;
  if (!c) {
    f.fact('nothingOlder', { size: evidence.checkpoint.size });
    return f.done();
  }
  try {
    const old = await openCheckpoint(c.oldCheckpoint, logKey, evidence.ledger.origin);
    if (!old.ok) {
      f.fail('olderFails', { detail: old.reason });
      return f.done();
    }
    const p = parseConsistencyProof(c.proof);
    if (p.oldSize !== old.checkpoint.size) f.fail('consistencyStart', { from: p.oldSize, size: old.checkpoint.size });
    if (p.checkpoint !== evidence.checkpoint.note) f.fail('consistencyOther');
    const v = await verifyConsistencyProof(p, logKey, old.checkpoint.rootHash, evidence.ledger.origin);
    if (!v.ok) f.fail('consistencyFails', { detail: v.reason });
    else f.fact('extends', { size: v.checkpoint.size, older: old.checkpoint.size });
  } catch (error) {
    f.fail('consistencyMalformed', { detail: errorText(error) });
  }
  return f.done();
}

/**
 * The trail is complete when (1) the export event anchors the digest of
 * exactly the events listed before it, and (2) every version of the document
 * — each signed revision inside document.pdf — has its anchored event.
 */
async function checkAuditTrail(o: Opened, pdf: PdfOutcome, entries: Map<number, LedgerEntry>, foreign: ForeignFindings): Promise<Check> {
  const f = new Finding('audit-trail');
  foreign.failures.forEach((x) => f.adopt(x, 'fail'));
  foreign.facts.forEach((x) => f.adopt(x, 'fact'));
  const foreignSignatures = [...foreign.entries.values()].flatMap((m) => [...m.values()]).filter((e) => e.type === 'signature.added');
  const events = o.evidence.events;
  const d = o.evidence.document;
  events.forEach((event, i) => {
    const before = events[i - 1];
    if (before && event.index <= before.index) f.fail('outOfOrder', { index: event.index });
  });
  const last = events.at(-1)!;
  const exported = entries.get(last.index);
  if (!exported || exported.type !== 'access.exported') {
    f.fail('noExportEvent');
  } else {
    const before = events.slice(0, -1);
    const digest = hex256(utf8ToBytes(trailText(before)));
    if (exported.refs.trailSha256 !== digest || exported.refs.trailEvents !== String(before.length)) {
      f.fail('trailChanged', { anchored: exported.refs.trailEvents ?? '—', anchoredDigest: exported.refs.trailSha256 ?? '—', listed: before.length, digest });
    }
    if (!exported.subjects.includes(d.sha256)) f.fail('exportOtherDocument');
  }
  const proven = [...entries.values()];
  const producedBy = (sha: string): LedgerEntry | undefined =>
    proven.find((e) => e.subjects[0] === sha && (e.type === 'document.anchored' || e.type === 'document.versioned' || e.type === 'signature.added'));
  d.versions.forEach((v, i) => {
    if (!producedBy(v)) f.fail('versionGap', { n: i + 1, sha256: v });
  });
  if (!proven.some(({ type, subjects: [subject] }) => type === 'document.anchored' && subject !== undefined && d.versions.includes(subject)))
    f.fail('importGap');
  if (pdf.ok) {
    for (const s of pdf.report.signatures) {
      if (!s.byteRange) continue;
      const end = s.byteRange[2] + s.byteRange[3];
      const revisionSha = await fileHex(o.pdf.subarray(0, Math.min(end, o.pdf.length)));
      const ev = [...proven, ...foreignSignatures].find((e) => e.type === 'signature.added' && e.subjects[0] === revisionSha);
      if (!ev) f.fail('signatureGap', { field: s.field, sha256: revisionSha });
      else f.fact('revisionAnchored', { field: s.field, time: ev.time });
    }
  }
  if (f.done().verdict === 'passed') {
    for (const e of events) f.fact(e.actorKeyId ? 'eventBy' : 'event', { index: e.index, time: e.time, type: e.type, key: e.actorKeyId ?? '' });
  }
  return f.done();
}

function checkDisclosures(evidence: Evidence, entries: Map<number, LedgerEntry>): Check {
  const f = new Finding('disclosures');
  let disclosed = 0;
  for (const s of evidence.signers) {
    const id = s.identity;
    if (!id) continue;
    const entry = entries.get(id.ledgerIndex);
    if (!entry || entry.type !== 'identity.verified' || !entry.subjects.includes(id.recordSha256)) {
      f.fail('noIdentityEvent', { field: s.field, index: id.ledgerIndex, record: id.recordSha256 });
      continue;
    }
    for (const [field, commitment] of Object.entries(id.commitments)) {
      if (!entry.commitments.includes(commitment)) f.fail('commitmentOther', { field: s.field, name: field, index: id.ledgerIndex });
    }
    for (const d of id.disclosed) {
      disclosed++;
      const commitment = id.commitments[d.field];
      if (!commitment) f.fail('noCommitment', { field: s.field, name: d.field });
      else if (!verifyDisclosure(d, commitment)) f.fail('disclosureAltered', { field: s.field, name: d.field });
      else f.fact('disclosed', { field: s.field, name: d.field, value: d.value, index: id.ledgerIndex });
    }
  }
  const seals = checkSealUses(evidence, entries);
  seals.failures.forEach((x) => f.adopt(x, 'fail'));
  seals.facts.forEach((x) => f.adopt(x, 'fact'));
  if (disclosed === 0) f.fact('noDisclosures');
  return f.done();
}
