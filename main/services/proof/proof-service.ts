/**
 * Exports a document's court-ready proof package (`.affixproof`) and verifies
 * packages. Export gathers the document's whole audit trail from the ledger,
 * anchors the export itself (naming the digest of the trail it ships, so no
 * event can later be dropped unnoticed), proves every event against one fresh
 * checkpoint, seals report.pdf and writes the zip atomically. Verification is
 * the shared, offline `verifyPackage`.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ExportProofResult } from '../../../shared/contract/proof';
import { AffixError, badInput } from '../../../shared/errors/affix-error';
import type { AnchoredEntry } from '../../../shared/ledger/entry-types';
import { PACKAGE_FILES, writePackage } from '../../../shared/proof/container';
import { EVIDENCE_FORMAT, EVIDENCE_VERSION, TrustPolicySchema, trailText, type Evidence, type LedgerEvent, type Signer, type TrustPolicy } from '../../../shared/proof/evidence';
import type { ProofReport } from '../../../shared/proof/proof-report';
import { verifyPackage } from '../../../shared/proof/verify-package';
import { overBudget, PACKAGE_BUDGET } from '../../../shared/proof/package-budget';
import { verifyPdf } from '../../../shared/verify';
import type { Services } from '../container';
import { writeFileAtomic } from '../fs/atomic-write';
import { readmeText } from './readme';
import { sealedReport } from './report-pdf';
import { reportSeal } from './report-key';
import { verifierHtml } from './verifier-html';
import { fsProblem } from '../fs/fs-errors';

export interface ExportOptions {
  /** Identity fields to disclose (value + salt) per person; needs the vault passphrase. */
  disclose?: { personId: string; fields: string[] }[];
  /** The workspace passphrase: for disclosures and for documents signed with person certificates. */
  passphrase?: string;
  /** C2SP tlog-policy text verifiers must apply to the checkpoint's cosignatures. */
  witnessPolicy?: string;
}

type Deps = Pick<Services, 'workspace' | 'protector' | 'documents' | 'ledger' | 'keys' | 'pki' | 'identity' | 'vault'>;

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
/** Bound on how many older checkpoints are searched for the consistency proof's start. */
const CHECKPOINT_SEARCH = 10_000;

export class ProofService {
  constructor(private readonly s: Deps) {}

  /** A document id, or the path of a file whose bytes are a version the workspace knows. */
  resolveDocument(ref: string): string {
    if (/^[0-9a-f-]{8,}$/i.test(ref) && !existsSync(ref)) return this.s.documents.get(ref).id;
    if (!existsSync(ref)) throw new AffixError('NOT_FOUND', `"${ref}" is neither a document id nor a file.`);
    const doc = this.s.documents.findBySha256(sha256(readInput(ref, 'document')));
    if (!doc) throw new AffixError('NOT_FOUND', `${ref} is not a document this workspace knows (no version has its SHA-256).`);
    return doc.id;
  }

  async exportPackage(ref: string, outputPath: string, options: ExportOptions = {}): Promise<ExportProofResult> {
    const bytes = await this.buildPackage(this.resolveDocument(ref), options);
    try {
      writeFileAtomic(outputPath, bytes.zip);
    } catch (error) {
      throw badInput(`Cannot write ${outputPath}: ${fsProblem(error)} (the export was anchored at ledger index ${bytes.ledgerIndex}).`);
    }
    return { path: outputPath, bytes: bytes.zip.length, sha256: sha256(bytes.zip), documentId: bytes.documentId, ledgerIndex: bytes.ledgerIndex, events: bytes.events, signatures: bytes.signatures };
  }

  verifyFile(path: string, trustPolicyPath?: string): Promise<ProofReport> {
    return verifyPackageFile(path, trustPolicyPath);
  }

  /** A package's bytes (e.g. a file dropped on the window). */
  verifyBytes(zip: Uint8Array, trustPolicyPath?: string): Promise<ProofReport> {
    return verifyPackageBytes(zip, trustPolicyPath);
  }

  /** The node's trust policy (pinned ledger key and report-seal certificate), to hand to verifiers out of band. */
  async trustPolicy(): Promise<TrustPolicy> {
    const seal = await reportSeal(this.s.workspace.home, this.s.protector, this.s.ledger.origin());
    return { ledgerKey: this.s.ledger.verifierKey(), witnessPolicy: null, trustAnchors: [b64(seal.certificateDer), ...this.signerAnchors()] };
  }

  async buildPackage(documentId: string, options: ExportOptions): Promise<{ zip: Uint8Array; documentId: string; ledgerIndex: number; events: number; signatures: number }> {
    const { documents, ledger } = this.s;
    const doc = documents.get(documentId);
    // Certificates of persons live in their vault records; reading them needs the workspace passphrase.
    if (options.passphrase) this.s.vault.unlock(options.passphrase);
    const versions = this.s.workspace.db
      .prepare<[string], string>('SELECT sha256 FROM document_versions WHERE document_id = ? ORDER BY seq')
      .pluck()
      .all(doc.id);
    const pdf = new Uint8Array(documents.bytesOf(doc.currentSha256));
    const seal = await reportSeal(this.s.workspace.home, this.s.protector, ledger.origin());

    const trail = new Map<number, AnchoredEntry>();
    for (const v of versions) for (const e of ledger.findBySubject(v)) trail.set(e.index, e);
    const signersWithAnchors = this.signers(pdf, [...trail.values()], options);
    const anchors = [...new Set([b64(seal.certificateDer), ...signersWithAnchors.anchors])];
    const verification = await verifyPdf(pdf, { trustAnchors: anchors.map((a) => new Uint8Array(Buffer.from(a, 'base64'))) });
    for (const idx of signersWithAnchors.identityIndices) trail.set(idx, ledger.entry(idx));
    const before = [...trail.values()].sort((a, b) => a.index - b.index);

    const receipt = ledger.append({
      type: 'access.exported',
      subjects: [doc.currentSha256],
      refs: { documentId: doc.id, trailEvents: String(before.length), trailSha256: sha256(trailText(before)) },
    });
    const checkpoint = ledger.checkpoint().checkpoint;
    const events: LedgerEvent[] = [...before, ledger.entry(receipt.index)].map((e) => ({
      index: e.index,
      type: e.entry.type,
      time: e.entry.time,
      actorKeyId: e.entry.actorKeyId,
      subjects: e.entry.subjects,
      commitments: e.entry.commitments,
      refs: e.entry.refs,
      leafHash: e.leafHash,
      proof: ledger.prove(e.index, checkpoint.size).proof,
    }));
    const older = ledger
      .listCheckpoints(CHECKPOINT_SEARCH, checkpoint.size)
      .filter((c) => c.size > events[0].index)
      .at(-1);
    const exportedAt = events.at(-1)!.time;
    const readme = new TextEncoder().encode(
      readmeText({ exportedAt, ledger: { origin: ledger.origin() }, document: { name: doc.name, sha256: doc.currentSha256 }, trustPolicy: { ledgerKey: ledger.verifierKey() } }),
    );
    const verifier = verifierHtml();
    const evidence: Evidence = {
      format: EVIDENCE_FORMAT,
      version: EVIDENCE_VERSION,
      exportedAt,
      ledger: { origin: ledger.origin() },
      document: {
        id: doc.id,
        name: doc.name,
        sha256: doc.currentSha256,
        sha512: createHash('sha512').update(pdf).digest('hex'),
        bytes: pdf.length,
        versions,
      },
      files: { [PACKAGE_FILES.readme]: sha256(readme), [PACKAGE_FILES.verifier]: sha256(verifier) },
      verification,
      signers: signersWithAnchors.signers,
      events,
      checkpoint: { note: checkpoint.note, size: checkpoint.size, rootHash: b64(checkpoint.rootHash) },
      consistency: older ? { oldCheckpoint: older.note, proof: ledger.consistency(older.size, checkpoint.size).proof } : null,
      crls: this.crls(),
      trustPolicy: { ledgerKey: ledger.verifierKey(), witnessPolicy: options.witnessPolicy ?? null, trustAnchors: anchors },
    };
    const evidenceBytes = new TextEncoder().encode(`${JSON.stringify(evidence, null, 2)}\n`);
    const signer = seal.open();
    let report: Uint8Array;
    try {
      report = await sealedReport({ evidence, verification, evidenceSha256: sha256(evidenceBytes), checkpointSha256: sha256(checkpoint.note) }, signer);
    } finally {
      signer.close();
    }
    const zip = writePackage([
      [PACKAGE_FILES.readme, readme],
      [PACKAGE_FILES.pdf, pdf],
      [PACKAGE_FILES.evidence, evidenceBytes],
      [PACKAGE_FILES.report, report],
      [PACKAGE_FILES.verifier, verifier],
    ]);
    return { zip, documentId: doc.id, ledgerIndex: receipt.index, events: events.length, signatures: verification.signatures.length };
  }

  /** Each signature's signer: the key the ledger recorded, its certificates, how the person was identified. */
  private signers(pdf: Uint8Array, trail: AnchoredEntry[], options: ExportOptions): { signers: Signer[]; anchors: string[]; identityIndices: number[] } {
    const signers: Signer[] = [];
    const anchors: string[] = [];
    const identityIndices: number[] = [];
    for (const event of trail.filter((e) => e.entry.type === 'signature.added')) {
      const revisionSha = event.entry.subjects[0];
      // Only the revisions inside this PDF: signatures of other branches are not this document's.
      const end = revisionEnd(pdf, revisionSha);
      if (end === null) continue;
      const keyId = event.entry.actorKeyId ?? '';
      const resolved = this.certificatesOf(keyId);
      anchors.push(resolved.anchor);
      const person = resolved.personId ? this.s.identity.get(resolved.personId).verification : null;
      if (person) identityIndices.push(person.ledgerIndex);
      const wanted = options.disclose?.find((d) => d.personId === resolved.personId);
      const disclosed = wanted && resolved.personId ? this.s.identity.disclose(resolved.personId, wanted.fields, options.passphrase ?? '').disclosures : [];
      signers.push({
        field: event.entry.refs.field ?? '',
        ledgerIndex: event.index,
        keyId,
        subject: resolved.subject,
        certificates: resolved.certificates,
        identification: person ? `${person.method}, ${person.ial} (identity record ${person.recordSha256.slice(0, 16)}…)` : resolved.identification,
        identity:
          person && resolved.personId
            ? {
                personId: resolved.personId,
                ledgerIndex: person.ledgerIndex,
                recordSha256: person.recordSha256,
                ial: person.ial,
                commitments: person.commitments,
                disclosed: disclosed.map(({ field, value, salt }) => ({ field, value, salt })),
              }
            : null,
      });
    }
    for (const d of options.disclose ?? []) {
      if (!signers.some((s) => s.identity?.personId === d.personId)) throw badInput(`Person ${d.personId} did not sign this document; nothing of theirs can be disclosed.`);
    }
    return { signers, anchors, identityIndices };
  }

  private certificatesOf(keyId: string): { certificates: string[]; anchor: string; subject: string; identification: string; personId: string | null } {
    const workspaceKey = this.s.keys.list().find((k) => k.id === keyId);
    if (workspaceKey) {
      const der = b64(pemToDer(workspaceKey.certificatePem));
      return { certificates: [der], anchor: der, subject: workspaceKey.subject, identification: 'workspace software key with a self-signed certificate (no identity check) / 工作区软件密钥（自签名证书，未经身份核验）', personId: null };
    }
    let cert;
    try {
      cert = this.s.pki.certificate(keyId);
    } catch {
      throw new AffixError('NOT_FOUND', `The signing key ${keyId} recorded on the ledger is neither a workspace key nor a certificate of this workspace's PKI.`);
    }
    const chain = this.s.pki.chain(keyId).map(b64);
    const identification =
      cert.purpose === 'seal'
        ? `organisation e-seal certificate ${cert.serial}, issued by the organisation's seal CA / 机构电子印章证书`
        : `certificate ${cert.serial} issued by the organisation's CA / 机构 CA 颁发的证书`;
    const subject = new X509Certificate(Buffer.from(chain[0], 'base64')).subject.split('\n').reverse().join(', ');
    return { certificates: chain, anchor: chain.at(-1)!, subject, identification, personId: cert.purpose === 'person' ? cert.ownerId : null };
  }

  private signerAnchors(): string[] {
    return this.s.keys.list().map((k) => b64(pemToDer(k.certificatePem)));
  }

  private crls(): string[] {
    return this.s.workspace.db
      .prepare<[], Buffer>('SELECT der FROM crls ORDER BY org_id, number')
      .pluck()
      .all()
      .map(b64);
  }
}

/** Where a revision whose whole-file digest is `sha` ends inside `pdf`, or null when it is not a prefix of it. */
function revisionEnd(pdf: Uint8Array, sha: string): number | null {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  for (let at = text.indexOf('%%EOF'); at !== -1; at = text.indexOf('%%EOF', at + 5)) {
    // A revision ends at %%EOF or just after its end-of-line marker.
    for (const cut of [at + 5, at + 6, at + 7]) {
      if (cut <= pdf.length && sha256(pdf.subarray(0, cut)) === sha) return cut;
    }
  }
  return null;
}

function pemToDer(pem: string): Uint8Array {
  return new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
}

/** Verifies a package on disk; needs no workspace (a clerk may have only the file). */
export async function verifyPackageFile(path: string, trustPolicyPath?: string): Promise<ProofReport> {
  // Refused before reading: the whole package would otherwise sit in memory first.
  let size = 0;
  try {
    size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    // An unusable path: readInput below names the problem.
  }
  if (size > PACKAGE_BUDGET.packageBytes) throw overBudget(`${path} is ${size} bytes`, `${PACKAGE_BUDGET.packageBytes} bytes per package`);
  return verifyPackageBytes(readInput(path, 'proof package'), trustPolicyPath);
}

export async function verifyPackageBytes(zip: Uint8Array, trustPolicyPath?: string): Promise<ProofReport> {
  const trustPolicy = trustPolicyPath === undefined ? undefined : parseTrustPolicy(readInput(trustPolicyPath, 'trust policy'), trustPolicyPath);
  return verifyPackage(zip, { trustPolicy });
}

export function parseTrustPolicy(bytes: Uint8Array, where: string): TrustPolicy {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw badInput(`The trust policy ${where} is not JSON: ${(error as Error).message}`);
  }
  const parsed = TrustPolicySchema.safeParse(json);
  if (!parsed.success) throw badInput(`The trust policy ${where} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Reads an input file; a missing or unreadable one is bad input naming the file. */
function readInput(path: string, what: string): Uint8Array {
  let bytes: Uint8Array | null = null;
  let problem = '';
  try {
    bytes = readFileSync(path);
  } catch (error) {
    problem = fsProblem(error);
  }
  if (!bytes) throw badInput(`Cannot read the ${what} ${path}: ${problem}`);
  return bytes;
}
