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
import { verifyPdf, type VerificationReport } from '../verify';
import { digest, type HashName } from '../verify/digest';
import { PACKAGE_FILES } from './container';
import { checkEvidenceBudget, duplicateEvents, parseJsonBounded, readPackageBounded } from './package-budget';
import { parseCrl, revocationStatus, type Crl } from './revocation';
import { EvidenceSchema, trailText, type Evidence, type LedgerEvent, type TrustPolicy } from './evidence';
import { worstVerdict, type Check, type CheckId, type ProofReport, type Verdict } from './proof-report';
import { checkTrust, type IndependentTrust } from './trust-anchor';

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
  private readonly facts: string[] = [];
  /** The same facts in Chinese, written beside the English where each is made (the one source of both). */
  private readonly factsZh: string[] = [];
  private readonly problems: { verdict: Verdict; text: string }[] = [];
  constructor(readonly id: CheckId) {}
  fact(text: string, zh: string = text): void {
    this.facts.push(text);
    this.factsZh.push(zh);
  }
  fail(text: string): void {
    this.problems.push({ verdict: 'failed', text });
  }
  unsure(text: string): void {
    this.problems.push({ verdict: 'indeterminate', text });
  }
  done(): Check {
    if (this.problems.length === 0) return { id: this.id, verdict: 'passed', messages: this.facts, messagesZh: this.factsZh };
    return { id: this.id, verdict: worstVerdict(this.problems.map((p) => p.verdict)), messages: this.problems.map((p) => p.text) };
  }
}

interface Opened {
  pdf: Uint8Array;
  evidenceBytes: Uint8Array;
  report: Uint8Array;
  evidence: Evidence;
}

async function openPackage(zip: Uint8Array, f: Finding): Promise<Opened | null> {
  const { files, skipped } = readPackageBounded(zip);
  const missing = Object.values(PACKAGE_FILES).filter((n) => !files.has(n));
  if (missing.length > 0) f.fail(`The package lacks ${missing.join(', ')}.`);
  const pdf = files.get(PACKAGE_FILES.pdf);
  const evidenceBytes = files.get(PACKAGE_FILES.evidence);
  const report = files.get(PACKAGE_FILES.report);
  if (!pdf || !evidenceBytes || !report) return null;
  let json: unknown;
  try {
    json = parseJsonBounded(evidenceBytes, PACKAGE_FILES.evidence);
  } catch (error) {
    if (isAffixError(error)) throw error;
    f.fail(`evidence.json is not valid JSON (${errorText(error)}): the file was damaged or altered.`);
    return null;
  }
  checkEvidenceBudget(json);
  const parsed = EvidenceSchema.safeParse(json);
  if (!parsed.success) {
    f.fail(`evidence.json does not follow the affix-evidence v1 schema: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
    return null;
  }
  for (const [name, recorded] of Object.entries(parsed.data.files)) {
    const bytes = files.get(name);
    const actual = bytes ? await fileHex(bytes) : null;
    if (actual && actual !== recorded) f.fail(`${name} was altered: its SHA-256 is ${actual}, evidence.json records ${recorded}.`);
  }
  const unlisted = [...files.keys()].filter((n) => !(n in parsed.data.files) && n !== PACKAGE_FILES.pdf && n !== PACKAGE_FILES.evidence && n !== PACKAGE_FILES.report);
  unlisted.push(...skipped);
  if (unlisted.length > 0) f.fail(`The package holds files the export did not write: ${unlisted.join(', ')}.`);
  f.fact(`Files: ${[...files.keys()].join(', ')}; evidence format ${parsed.data.format} v${parsed.data.version}.`, `文件：${[...files.keys()].join('、')}；证据格式 ${parsed.data.format} 第 ${parsed.data.version} 版。`);
  return { pdf, evidenceBytes, report, evidence: parsed.data };
}

export async function verifyPackage(zip: Uint8Array, options: VerifyPackageOptions = {}): Promise<ProofReport> {
  const pkg = new Finding('package');
  const opened = await openPackage(zip, pkg);
  const trustPolicySource = options.trustPolicy ? 'supplied' : 'package';
  if (!opened) {
    const skipped: Check[] = (['evidence-integrity', 'document-hash', 'pdf-signatures', 'signer-certificates', 'ledger-proofs', 'checkpoint', 'consistency', 'audit-trail', 'disclosures', 'trust'] as const).map((id) => ({
      id,
      verdict: 'indeterminate',
      messages: ['Not checked: the package itself is unreadable.'],
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
    pkg.fail(`The trust policy's ledger key is unusable: ${errorText(error)}`);
  }
  const now = options.now;
  const pdfReport = await verifyPdfSafely(opened.pdf, anchors, now);
  const proven = logKey ? await checkProofs(evidence, logKey) : null;
  const foreign = await checkForeignLedgers(evidence, proven?.entries ?? new Map());
  const checks: Check[] = [
    pkg.done(),
    await checkEvidenceSeal(opened, anchors, now),
    await checkDocumentHash(opened),
    checkPdfSignatures(pdfReport, evidence),
    await checkSignerCertificates(pdfReport, evidence, proven?.entries ?? new Map(), foreign.entries),
    proven?.check ?? unchecked('ledger-proofs'),
    logKey ? await checkCheckpoint(evidence, logKey, policy) : unchecked('checkpoint'),
    logKey ? await checkConsistency(evidence, logKey) : unchecked('consistency'),
    await checkAuditTrail(opened, pdfReport, proven?.entries ?? new Map(), foreign),
    checkDisclosures(evidence, proven?.entries ?? new Map()),
    await checkTrust(evidence, { ...options, suppliedPolicy: options.trustPolicy }),
  ];
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

const unchecked = (id: CheckId): Check => ({ id, verdict: 'indeterminate', messages: ['Not checked: the trust policy has no usable ledger key.'] });

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
    f.fail(`report.pdf cannot be read: ${sealed.reason}.`);
    return f.done();
  }
  const sigs = sealed.report.signatures;
  if (sigs.length === 0) f.fail('report.pdf carries no signature: it is not sealed by the node.');
  for (const s of sigs) {
    if (s.status.indication !== 'TOTAL-PASSED') f.fail(`report.pdf's seal ${s.field} is ${s.status.indication}: ${s.status.reason}`);
    else if (s.coverage !== 'whole-file') f.fail(`report.pdf's seal ${s.field} does not cover the whole file (content was added after sealing).`);
    else f.fact(`report.pdf sealed by ${s.signer?.subject ?? 'unknown'} (${s.field}), covering the whole file.`, `report.pdf 由 ${s.signer?.subject ?? '未知'} 签章（${s.field}），覆盖整个文件。`);
  }
  const text = new TextDecoder('latin1').decode(o.report);
  const recorded = new RegExp(`/${EVIDENCE_DIGEST_KEY} ?\\(([0-9a-f]{64})\\)`).exec(text)?.[1];
  const actual = await fileHex(o.evidenceBytes);
  if (!recorded) f.fail('report.pdf records no digest of evidence.json.');
  else if (recorded !== actual) f.fail(`evidence.json was altered after export: its SHA-256 is ${actual}, the sealed report.pdf records ${recorded}.`);
  else f.fact(`evidence.json SHA-256 ${actual} matches the sealed report.pdf.`, `evidence.json 的 SHA-256 ${actual} 与已签章的 report.pdf 记载一致。`);
  return f.done();
}

async function checkDocumentHash(o: Opened): Promise<Check> {
  const f = new Finding('document-hash');
  const d = o.evidence.document;
  const actual = await fileHex(o.pdf);
  if (actual !== d.sha256) f.fail(`document.pdf was altered: its SHA-256 is ${actual}, evidence.json records ${d.sha256}.`);
  else f.fact(`SHA-256 ${actual}`);
  const actual512 = await fileHex(o.pdf, 'SHA-512');
  if (actual512 !== d.sha512) f.fail(`document.pdf's SHA-512 is ${actual512}, evidence.json records ${d.sha512}.`);
  else f.fact(`SHA-512 ${actual512}`);
  if (o.pdf.length !== d.bytes) f.fail(`document.pdf is ${o.pdf.length} bytes, evidence.json records ${d.bytes}.`);
  if (d.versions.at(-1) !== d.sha256) f.fail('evidence.json: the document hash is not the newest version listed.');
  return f.done();
}

function checkPdfSignatures(outcome: PdfOutcome, evidence: Evidence): Check {
  const f = new Finding('pdf-signatures');
  if (!outcome.ok) {
    f.fail(`document.pdf cannot be verified: ${outcome.reason}.`);
    return f.done();
  }
  const sigs = outcome.report.signatures;
  if (sigs.length === 0) f.unsure('document.pdf has no signatures.');
  if (sigs.length !== evidence.signers.length) f.fail(`document.pdf has ${sigs.length} signatures, evidence.json lists ${evidence.signers.length} signers.`);
  for (const s of sigs) {
    const who = s.signer?.subject ?? 'unknown signer';
    if (s.status.indication === 'TOTAL-PASSED') f.fact(`${s.field} (revision ${s.revision}): TOTAL-PASSED — ${who}, ${s.algorithm ?? ''}, checked at ${s.time?.checkedAt ?? '?'}.`, `${s.field}（第 ${s.revision} 版）：有效（TOTAL-PASSED）— ${who}，${s.algorithm ?? ''}，核验时间 ${s.time?.checkedAt ?? '?'}。`);
    else if (s.status.indication === 'TOTAL-FAILED') f.fail(`${s.field} (revision ${s.revision}): TOTAL-FAILED/${s.status.subIndication} — ${s.status.reason}`);
    else f.unsure(`${s.field} (revision ${s.revision}): INDETERMINATE/${s.status.subIndication} — ${s.status.reason}`);
  }
  return f.done();
}

async function checkSignerCertificates(outcome: PdfOutcome, evidence: Evidence, entries: Map<number, LedgerEntry>, foreign: ForeignFindings['entries']): Promise<Check> {
  const f = new Finding('signer-certificates');
  if (!outcome.ok) {
    f.unsure('Not checked: document.pdf cannot be verified.');
    return f.done();
  }
  const crls = parseCrls(evidence, f);
  for (const s of outcome.report.signatures) {
    const signer = evidence.signers.find((x) => x.field === s.field);
    if (!signer) {
      f.fail(`${s.field}: evidence.json names no signer for this signature.`);
      continue;
    }
    let cert;
    try {
      cert = parseCertificates(b64(signer.certificates[0]))[0];
    } catch (error) {
      f.fail(`${s.field}: the signer certificate in evidence.json is unreadable (${errorText(error)}).`);
      continue;
    }
    if (!s.signer || normSerial(cert.serialHex) !== normSerial(s.signer.serial) || cert.issuer !== s.signer.issuer) {
      f.fail(
        `${s.field}: the certificate evidence.json names (serial ${cert.serialHex}, ${cert.subject}) is not the one that made the signature (serial ${s.signer?.serial ?? 'none'}, ${s.signer?.subject ?? 'none'}): certificate swapped.`,
      );
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
      f.fail(`${s.field}: no proven signature.added event at ledger index ${signer.ledgerIndex}.`);
    } else if (!event.actorKeyId || !actorIsCert(event.actorKeyId) || event.actorKeyId !== signer.keyId) {
      f.fail(`${s.field}: the ledger recorded key ${event.actorKeyId ?? 'none'} for this signature, but the certificate is key ${keyId} (serial ${cert.serialHex}).`);
    } else {
      f.fact(
        `${s.field}: ${cert.subject}, issued by ${cert.issuer}, serial ${cert.serialHex}, valid ${cert.notBefore.toISOString()} – ${cert.notAfter.toISOString()}; ledger index ${signer.ledgerIndex} records key ${event.actorKeyId}.`,
        `${s.field}：${cert.subject}，签发者 ${cert.issuer}，序列号 ${cert.serialHex}，有效期 ${cert.notBefore.toISOString()} 至 ${cert.notAfter.toISOString()}；账本位置 ${signer.ledgerIndex} 记载密钥 ${event.actorKeyId}。`,
      );
      await checkRevocation(f, s.field, cert, signer.certificates[1], crls, new Date(s.time?.checkedAt ?? Date.now()));
    }
  }
  return f.done();
}

function parseCrls(evidence: Evidence, f: Finding): Crl[] {
  return evidence.crls.flatMap((c, i) => {
    try {
      return [parseCrl(b64(c))];
    } catch (error) {
      f.fail(`CRL ${i + 1} in evidence.json is unreadable (${errorText(error)}).`);
      return [];
    }
  });
}

async function checkRevocation(f: Finding, field: string, cert: Cert, issuerB64: string | undefined, crls: Crl[], signedAt: Date): Promise<void> {
  if (!issuerB64) {
    f.fact(`${field}: a self-signed certificate, pinned by the trust policy; it has no revocation source.`, `${field}：自签名证书，由信任策略固定；无吊销信息来源。`);
    return;
  }
  let issuer: Cert;
  try {
    issuer = parseCertificates(b64(issuerB64))[0];
  } catch (error) {
    f.fail(`${field}: the issuer certificate in evidence.json is unreadable (${errorText(error)}).`);
    return;
  }
  const r = await revocationStatus(cert, issuer, crls, signedAt);
  const when = signedAt.toISOString();
  if (r.kind === 'revoked-before') f.fail(`${field}: certificate ${cert.serialHex} was revoked on ${r.at.toISOString()}, before the signature (${when}).`);
  else if (r.kind === 'revoked-after') f.fact(`${field}: certificate ${cert.serialHex} was revoked on ${r.at.toISOString()}, after the signature (${when}); the signature stands.`, `${field}：证书 ${cert.serialHex} 于 ${r.at.toISOString()} 吊销，晚于签名时间（${when}）；签名仍然有效。`);
  else if (r.kind === 'good') f.fact(`${field}: not revoked according to the issuer's CRL of ${r.crlThisUpdate.toISOString()}.`, `${field}：根据签发者 ${r.crlThisUpdate.toISOString()} 的证书吊销列表，未被吊销。`);
  else f.fact(`${field}: the package holds no CRL signed by ${cert.issuer}; revocation not checked.`, `${field}：证据包中没有 ${cert.issuer} 签发的证书吊销列表；未检查吊销状态。`);
}

async function checkProofs(evidence: Evidence, logKey: VerifierKey): Promise<{ check: Check; entries: Map<number, LedgerEntry> }> {
  const f = new Finding('ledger-proofs');
  const entries = new Map<number, LedgerEntry>();
  const duplicates = duplicateEvents(evidence.events);
  for (const d of duplicates) f.fail(d);
  for (const e of evidence.events) {
    if (entries.has(e.index)) continue;
    const where = `Event ${e.type} at ledger index ${e.index}`;
    let v;
    try {
      v = await verifyTlogProof(e.proof, { logKey, origin: evidence.ledger.origin });
    } catch (error) {
      f.fail(`${where}: its proof is malformed (${errorText(error)}).`);
      continue;
    }
    if (!v.ok) {
      f.fail(`${where}: ${v.reason}.`);
      continue;
    }
    const mismatch = describeMismatch(e, v.index, v.leafHash, v.entry);
    if (mismatch) {
      f.fail(`${where}: evidence.json does not match the proven ledger entry (${mismatch}).`);
      continue;
    }
    entries.set(e.index, v.entry!);
  }
  if (duplicates.length === 0 && entries.size === evidence.events.length) f.fact(`${entries.size} events proven included in the tree of size ${evidence.checkpoint.size}.`, `${entries.size} 个事件已证明包含在大小为 ${evidence.checkpoint.size} 的树中。`);
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
      f.fail(`The checkpoint does not verify: ${opened.reason}.`);
      return f.done();
    }
    if (opened.checkpoint.size !== cp.size || toBase64(opened.checkpoint.rootHash) !== cp.rootHash) {
      f.fail(`evidence.json states tree size ${cp.size} / root ${cp.rootHash}, the signed checkpoint says ${opened.checkpoint.size} / ${toBase64(opened.checkpoint.rootHash)}.`);
    }
    f.fact(
      `Signed by ${logKey.name} (key ${policy.ledgerKey.trim().split('+')[1] ?? ''}): tree size ${opened.checkpoint.size}, root ${toBase64(opened.checkpoint.rootHash)}, checkpoint SHA-256 ${hex256(utf8ToBytes(cp.note))}.`,
      `由 ${logKey.name}（密钥 ${policy.ledgerKey.trim().split('+')[1] ?? ''}）签名：树大小 ${opened.checkpoint.size}，根 ${toBase64(opened.checkpoint.rootHash)}，检查点 SHA-256 ${hex256(utf8ToBytes(cp.note))}。`,
    );
    const others = evidence.events.filter((e) => proofCheckpoint(e.proof) !== cp.note);
    if (others.length > 0) f.fail(`The proofs of ledger indices ${others.map((e) => e.index).join(', ')} lead to a different checkpoint than the one evidence.json states.`);
    if (policy.witnessPolicy) {
      const w = await checkWitnesses(parseNote(cp.note), parseWitnessPolicy(policy.witnessPolicy));
      if (!w.satisfied) f.fail(`The witness policy is not met (valid cosignatures: ${w.cosigned.map((c) => c.name).join(', ') || 'none'}${w.invalid.length ? `; invalid: ${w.invalid.join(', ')}` : ''}).`);
      else f.fact(`Witness policy met; cosigned by ${w.cosigned.map((c) => c.name).join(', ') || 'no witness needed'}.`, `满足见证策略；联署见证方：${w.cosigned.map((c) => c.name).join('、') || '无需见证'}。`);
    } else {
      f.fact('The trust policy requires no witness cosignatures.', '信任策略不要求见证方联署。');
    }
  } catch (error) {
    f.fail(`The checkpoint is malformed: ${errorText(error)}`);
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
    f.fact(`The first event was first covered by the latest checkpoint itself (size ${evidence.checkpoint.size}); nothing older to reconcile.`, `首个事件首次即由最新检查点（大小 ${evidence.checkpoint.size}）覆盖；没有更早的检查点需要核对。`);
    return f.done();
  }
  try {
    const old = await openCheckpoint(c.oldCheckpoint, logKey, evidence.ledger.origin);
    if (!old.ok) {
      f.fail(`The older checkpoint does not verify: ${old.reason}.`);
      return f.done();
    }
    const p = parseConsistencyProof(c.proof);
    if (p.oldSize !== old.checkpoint.size) f.fail(`The consistency proof starts at size ${p.oldSize}, the older checkpoint has size ${old.checkpoint.size}.`);
    if (p.checkpoint !== evidence.checkpoint.note) f.fail('The consistency proof leads to a different checkpoint than the one evidence.json states.');
    const v = await verifyConsistencyProof(p, logKey, old.checkpoint.rootHash, evidence.ledger.origin);
    if (!v.ok) f.fail(`Consistency: ${v.reason}.`);
    else f.fact(`The tree of size ${v.checkpoint.size} extends the earlier signed tree of size ${old.checkpoint.size} (nothing was rewritten in between).`, `大小为 ${v.checkpoint.size} 的树延续了先前签名的大小为 ${old.checkpoint.size} 的树（其间没有改写）。`);
  } catch (error) {
    f.fail(`The consistency proof is malformed: ${errorText(error)}`);
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
  foreign.failures.forEach((x) => f.fail(x));
  foreign.facts.forEach((x) => f.fact(x));
  const foreignSignatures = [...foreign.entries.values()].flatMap((m) => [...m.values()]).filter((e) => e.type === 'signature.added');
  const events = o.evidence.events;
  const d = o.evidence.document;
  for (let i = 1; i < events.length; i++) {
    if (events[i].index <= events[i - 1].index) f.fail(`Events are not in ledger order at index ${events[i].index}.`);
  }
  const last = events.at(-1)!;
  const exported = entries.get(last.index);
  if (!exported || exported.type !== 'access.exported') {
    f.fail('The trail does not end with a proven access.exported event.');
  } else {
    const before = events.slice(0, -1);
    const digest = hex256(utf8ToBytes(trailText(before)));
    if (exported.refs.trailSha256 !== digest || exported.refs.trailEvents !== String(before.length)) {
      f.fail(
        `The export anchored a trail of ${exported.refs.trailEvents ?? '?'} events (digest ${exported.refs.trailSha256 ?? 'none'}), but the package lists ${before.length} (digest ${digest}): an audit event was removed, added or replaced.`,
      );
    }
    if (!exported.subjects.includes(d.sha256)) f.fail('The export event does not name this document.');
  }
  const proven = [...entries.values()];
  const producedBy = (sha: string): LedgerEntry | undefined =>
    proven.find((e) => e.subjects[0] === sha && (e.type === 'document.anchored' || e.type === 'document.versioned' || e.type === 'signature.added'));
  d.versions.forEach((v, i) => {
    if (!producedBy(v)) f.fail(`Gap in the audit trail: version ${i + 1} (SHA-256 ${v}) has no anchored event in the package.`);
  });
  if (!proven.some((e) => e.type === 'document.anchored' && d.versions.includes(e.subjects[0]))) f.fail('Gap in the audit trail: the document\'s import (document.anchored) is missing.');
  if (pdf.ok) {
    for (const s of pdf.report.signatures) {
      if (!s.byteRange) continue;
      const end = s.byteRange[2] + s.byteRange[3];
      const revisionSha = await fileHex(o.pdf.subarray(0, Math.min(end, o.pdf.length)));
      const ev = [...proven, ...foreignSignatures].find((e) => e.type === 'signature.added' && e.subjects[0] === revisionSha);
      if (!ev) f.fail(`Gap in the audit trail: signature ${s.field} (revision SHA-256 ${revisionSha}) has no anchored signature.added event.`);
      else f.fact(`${s.field}: signed revision anchored at ${ev.time}.`, `${s.field}：签名版本存证于 ${ev.time}。`);
    }
  }
  if (f.done().verdict === 'passed') {
    for (const e of events) f.fact(`#${e.index} ${e.time} ${e.type}${e.actorKeyId ? ` by ${e.actorKeyId}` : ''}`, `#${e.index} ${e.time} ${e.type}${e.actorKeyId ? `，密钥 ${e.actorKeyId}` : ''}`);
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
      f.fail(`${s.field}: no proven identity.verified event at ledger index ${id.ledgerIndex} for record ${id.recordSha256}.`);
      continue;
    }
    for (const [field, commitment] of Object.entries(id.commitments)) {
      if (!entry.commitments.includes(commitment)) f.fail(`${s.field}: the commitment to "${field}" is not the one anchored at ledger index ${id.ledgerIndex}.`);
    }
    for (const d of id.disclosed) {
      disclosed++;
      const commitment = id.commitments[d.field];
      if (!commitment) f.fail(`${s.field}: disclosed field "${d.field}" has no commitment.`);
      else if (!verifyDisclosure(d, commitment)) f.fail(`${s.field}: disclosed field "${d.field}" does not match its anchored commitment (the value or salt was altered).`);
      else f.fact(`${s.field}: ${d.field} = "${d.value}" matches its commitment anchored at ledger index ${id.ledgerIndex}.`, `${s.field}：${d.field} = "${d.value}" 与账本位置 ${id.ledgerIndex} 存证的承诺一致。`);
    }
  }
  const seals = checkSealUses(evidence, entries);
  seals.failures.forEach((x) => f.fail(x));
  seals.facts.forEach((x) => f.fact(x));
  if (disclosed === 0) f.fact('No identity fields are disclosed in this package.', '本证据包未披露任何身份字段。');
  return f.done();
}
