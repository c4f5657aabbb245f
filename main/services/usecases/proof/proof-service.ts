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
import { derItems } from '../../../../shared/asn1/pem';
import type { ExportProofResult } from '../../../../shared/contract/proof';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { AnchoredEntry } from '../../../../shared/ledger/entry-types';
import { PACKAGE_FILES, writePackage } from '../../../../shared/proof/container';
import {
  EVIDENCE_FORMAT,
  EVIDENCE_VERSION,
  TrustPolicySchema,
  trailText,
  type Evidence,
  type ForeignLedger,
  type LedgerEvent,
  type Signer,
  type TrustPolicy,
} from '../../../../shared/proof/evidence';
import type { ProofReport } from '../../../../shared/proof/proof-report';
import type { CheckpointProof } from '../../../../shared/proof/checkpoint-time';
import { overBudget, PACKAGE_BUDGET } from '../../../../shared/proof/package-budget';
import type { Workspace } from '../../core/workspace/workspace';
import type { UnattendedSealing } from '../../core/secrets/unattended-key';
import type { DocumentsService } from '../../domain/documents/documents-service';
import type { LedgerService } from '../../domain/ledger/ledger-service';
import type { StoredCheckpoint } from '../../domain/ledger/checkpointer';
import type { KeysService } from '../../domain/keys/keys-service';
import type { PkiService } from '../../domain/pki/pki-service';
import type { IdentityService } from '../../domain/identity/identity-service';
import type { Vault } from '../../domain/identity/vault';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { readmeText } from './readme';
import { reportSeal } from './report-key';
import { verifierHtml } from './verifier-html';
import { foreignLedgersOf } from './foreign-evidence';
import { formatVerifierKey } from '../../../../shared/ledger/note';
import { parseWitnessKeys, type IndependentTrust } from '../../../../shared/proof/trust-anchor';
import { LogWitnessing } from '../witness/log-witnessing';
import { readWitnessKey } from '../witness/witness-key';
import { checkpointTimestampsFor, timestampCheckpoint } from '../tsa/checkpoint-timestamps';
import { tsaUrlSetting } from '../tsa/tsa-settings';

/** Witness keys (vkey texts) and quorum a verifier pins on the command line or in the Verify page. */
export interface PinnedWitnessInput {
  witnessKeys?: string[];
  witnessQuorum?: number;
  /** Certificate files the verifier trusts (`--trust`): e.g. a TSA's root. */
  trust?: string[];
}
export type VerifyPins = Omit<IndependentTrust, 'suppliedPolicy'>;

import { fileError, fsProblem } from '../../core/fs/fs-errors';
import { message, say, type Message } from '../../../../shared/i18n';

/** A signer's identification as a catalogue message (each reader's language) and, as packages have always had it, in English. */
const identified = (m: Message): { identification: string; identifiedBy: Message } => ({ identification: say('en', m), identifiedBy: m });

/** Readers of the certificates inside a signed PDF's CMS (pkijs): imported on export only, so commands that merely open the workspace never load them. */
interface PdfCertificateReaders {
  signerChainFromPdf: typeof import('./pdf-signer-chain').signerChainFromPdf;
  certificateFromPdf: typeof import('./certificate-in-pdf').certificateFromPdf;
}

async function pdfCertificateReaders(): Promise<PdfCertificateReaders> {
  const [{ signerChainFromPdf }, { certificateFromPdf }] = await Promise.all([import('./pdf-signer-chain'), import('./certificate-in-pdf')]);
  return { signerChainFromPdf, certificateFromPdf };
}

export interface ExportOptions {
  /** Identity fields to disclose (value + salt) per person; needs the vault passphrase. */
  disclose?: { personId: string; fields: string[] }[];
  /** The workspace passphrase: for disclosures and for documents signed with person certificates. */
  passphrase?: string;
  /** C2SP tlog-policy text verifiers must apply to the checkpoint's cosignatures. */
  witnessPolicy?: string;
}

type Deps = {
  readonly workspace: Workspace;
  readonly sealing: UnattendedSealing;
  readonly documents: DocumentsService;
  readonly ledger: LedgerService;
  readonly keys: KeysService;
  readonly pki: PkiService;
  readonly identity: IdentityService;
  readonly vault: Vault;
} & {
  /** The workspace's trust anchors (organisation roots, imported CAs): where an outside signer's chain may lead. */
  trust?: { anchors(): Uint8Array[] };
};

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
      throw fileError(`Cannot write ${outputPath}: ${fsProblem(error)} (the export was anchored at ledger index ${bytes.ledgerIndex}).`, outputPath, error);
    }
    return {
      path: outputPath,
      bytes: bytes.zip.length,
      sha256: sha256(bytes.zip),
      documentId: bytes.documentId,
      ledgerIndex: bytes.ledgerIndex,
      events: bytes.events,
      signatures: bytes.signatures,
      ...(bytes.warnings.length > 0 ? { warnings: bytes.warnings } : {}),
    };
  }

  verifyFile(path: string, trustPolicyPath?: string, pins: PinnedWitnessInput = {}): Promise<ProofReport> {
    return verifyPackageFile(path, trustPolicyPath, this.withWorkspacePins(pins));
  }

  /** A package's bytes (e.g. a file dropped on the window). */
  verifyBytes(zip: Uint8Array, trustPolicyPath?: string, pins: PinnedWitnessInput = {}): Promise<ProofReport> {
    return verifyPackageBytes(zip, trustPolicyPath, this.withWorkspacePins(pins));
  }

  /** The verifying workspace's own pins: its ledger node key and, when it runs one, its witness key. */
  withWorkspacePins(pins: PinnedWitnessInput): VerifyPins {
    const own = readWitnessKey(this.s.workspace.home);
    const node = this.s.ledger.node();
    const keys = parseWitnessKeys(pins.witnessKeys ?? []);
    return {
      witnessKeys: own && !pins.witnessKeys?.length ? [own] : keys,
      witnessQuorum: pins.witnessQuorum,
      pinnedLedgerKeys: node ? [formatVerifierKey(node.key)] : [],
      trustAnchors: [...readTrustFiles(pins.trust), ...(this.s.trust?.anchors() ?? [])],
    };
  }

  /**
   * The node's trust policy, to hand to verifiers out of band: the ledger key,
   * the report seal, the workspace keys' certificates, every organisation's
   * root CA (so person and seal signatures chain to a pinned root) and the
   * witness policy its checkpoints are cosigned under.
   */
  async trustPolicy(): Promise<TrustPolicy> {
    const seal = await reportSeal(this.s.workspace.home, this.s.sealing, this.s.ledger.origin());
    const roots = this.s.pki.listOrgs().map((o) => b64(this.s.pki.certificateDer(o.rootSerial)));
    const witnessPolicy = new LogWitnessing(this.s.workspace, this.s.ledger).policyText();
    return {
      ledgerKey: this.s.ledger.verifierKey(),
      witnessPolicy,
      trustAnchors: [...new Set([b64(seal.certificateDer), ...this.signerAnchors(), ...roots, ...(this.s.trust?.anchors() ?? []).map(b64)])],
    };
  }

  async buildPackage(
    documentId: string,
    options: ExportOptions,
  ): Promise<{ zip: Uint8Array; documentId: string; ledgerIndex: number; events: number; signatures: number; warnings: string[] }> {
    const { documents, ledger } = this.s;
    const doc = documents.get(documentId);
    // Certificates of persons live in their vault records; reading them needs the workspace passphrase.
    if (options.passphrase) this.s.vault.unlock(options.passphrase);
    const versions = this.s.workspace.db
      .prepare<[string], string>('SELECT sha256 FROM document_versions WHERE document_id = ? ORDER BY seq')
      .pluck()
      .all(doc.id);
    const pdf = new Uint8Array(documents.bytesOf(doc.currentSha256));
    const seal = await reportSeal(this.s.workspace.home, this.s.sealing, ledger.origin());

    const trail = new Map<number, AnchoredEntry>();
    for (const v of versions) for (const e of ledger.findBySubject(v)) trail.set(e.index, e);
    const foreign = await foreignLedgersOf(this.s.workspace.db, doc.id);
    const signersWithAnchors = this.signers(pdf, [...trail.values()], options, await pdfCertificateReaders(), foreign);
    const anchors = [...new Set([b64(seal.certificateDer), ...signersWithAnchors.anchors])];
    const { verifyPdf } = await import('../../../../shared/verify');
    const verification = await verifyPdf(pdf, { trustAnchors: anchors.map((a) => new Uint8Array(Buffer.from(a, 'base64'))) });
    for (const idx of signersWithAnchors.identityIndices) trail.set(idx, ledger.entry(idx));
    const before = [...trail.values()].sort((a, b) => a.index - b.index);

    const receipt = ledger.append({
      type: 'access.exported',
      subjects: [doc.currentSha256],
      refs: { documentId: doc.id, trailEvents: String(before.length), trailSha256: sha256(trailText(before)) },
    });
    const signedCheckpoint = ledger.checkpoint().checkpoint;
    const warnings = await this.timestampForExport(signedCheckpoint);
    // Reachable witnesses cosign the export's checkpoint now; the package carries every cosignature it has.
    const witnessing = new LogWitnessing(this.s.workspace, ledger);
    const cosigned = await witnessing.cosignForExport(signedCheckpoint);
    const checkpoint = { ...signedCheckpoint, note: cosigned.note };
    // The policy goes into the package only when the checkpoint meets it, else the package would fail forever.
    const witnessPolicy = options.witnessPolicy ?? (cosigned.policy !== null && (await witnessing.meetsPolicy(cosigned.note)) ? cosigned.policy : null);
    const events: LedgerEvent[] = [...before, ledger.entry(receipt.index)].map((e) => ({
      index: e.index,
      type: e.entry.type,
      time: e.entry.time,
      actorKeyId: e.entry.actorKeyId,
      subjects: e.entry.subjects,
      commitments: e.entry.commitments,
      refs: e.entry.refs,
      leafHash: e.leafHash,
      // ledger.prove carries the cosignatures stored for this checkpoint: the same note as `checkpoint`.
      proof: ledger.prove(e.index, checkpoint.size).proof,
    }));
    const older = olderCheckpoint(ledger.listCheckpoints(CHECKPOINT_SEARCH, checkpoint.size), events, witnessing, cosigned.note !== signedCheckpoint.note);
    const exportedAt = events.at(-1)!.time;
    const readme = new TextEncoder().encode(
      readmeText({
        exportedAt,
        ledger: { origin: ledger.origin() },
        document: { name: doc.name, sha256: doc.currentSha256 },
        trustPolicy: { ledgerKey: ledger.verifierKey() },
      }),
    );
    // The page's font carries the Chinese of this package's own strings too.
    const verifier = await verifierHtml(JSON.stringify([doc.name, ledger.origin(), signersWithAnchors.signers]));
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
      consistency: older
        ? {
            oldCheckpoint: witnessing.cosignedNote(older),
            proof: withNote(ledger.consistency(older.size, checkpoint.size).proof, signedCheckpoint.note, checkpoint.note),
          }
        : null,
      crls: this.crls(),
      trustPolicy: { ledgerKey: ledger.verifierKey(), witnessPolicy, trustAnchors: anchors },
      ...(foreign.length > 0 ? { foreign } : {}),
      ...this.checkpointTimestampEvidence(
        events.map((e) => e.index),
        { size: checkpoint.size, signedNote: signedCheckpoint.note, note: checkpoint.note },
      ),
    };
    const evidenceBytes = new TextEncoder().encode(`${JSON.stringify(evidence, null, 2)}\n`);
    const signer = seal.open();
    let report: Uint8Array;
    try {
      // Imported here: the report's PDF drawing (pdf-lib, fonts, QR codes) is needed by export only, not by the verifier or the CLI's other commands.
      const { sealedReport } = await import('./report-pdf');
      report = await sealedReport(
        {
          evidence,
          verification,
          evidenceSha256: sha256(evidenceBytes),
          checkpointSha256: sha256(checkpoint.note),
          checkpointTimes: await this.checkpointTimes(
            events.map((e) => e.index),
            checkpoint.size,
            anchors,
          ),
        },
        signer,
      );
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
    return { zip, documentId: doc.id, ledgerIndex: receipt.index, events: events.length, signatures: verification.signatures.length, warnings };
  }

  /**
   * With a TSA set in Settings, the export's own checkpoint (the one covering
   * every event the package proves) is time-stamped now; an unreachable TSA
   * costs the package that proof of time, not the export.
   */
  private async timestampForExport(checkpoint: { size: number; note: string }): Promise<string[]> {
    const url = tsaUrlSetting(this.s.workspace);
    if (!url) return [];
    try {
      await timestampCheckpoint(this.s, checkpoint, url);
      return [];
    } catch (error) {
      return [
        `The checkpoint of size ${checkpoint.size} was not time-stamped (TSA ${url}: ${error instanceof Error ? error.message : String(error)}); the package proves its newest events' times only by earlier time-stamps, if any.`,
      ];
    }
  }

  /**
   * What report.pdf says of the checkpoint time-stamps: each token checked
   * against the certificates this node trusts (the package's anchors and the
   * workspace's trust store), so the report names proven times only where the
   * exporting node could verify the authority; the verifier decides with its own roots.
   */
  private async checkpointTimes(indices: number[], size: number, anchors: string[]): Promise<CheckpointProof[]> {
    const stamps = checkpointTimestampsFor(this.s, indices, size);
    if (stamps.length === 0) return [];
    const [{ checkCheckpointTimestamps }, { parseCertificates }] = await Promise.all([
      import('../../../../shared/proof/checkpoint-time'),
      import('../../../../shared/verify/certificate'),
    ]);
    const trusted = [...anchors.map((a) => new Uint8Array(Buffer.from(a, 'base64'))), ...(this.s.trust?.anchors() ?? [])].flatMap((der) => {
      try {
        return parseCertificates(der);
      } catch {
        return []; // an unreadable anchor vouches for nothing
      }
    });
    return checkCheckpointTimestamps(
      stamps.map((t) => ({ size: t.size, note: t.note, token: t.token })),
      trusted,
    );
  }

  /** The stored checkpoint time-stamps covering `indices`, each with its consistency proof to the package's checkpoint. */
  private checkpointTimestampEvidence(indices: number[], to: { size: number; signedNote: string; note: string }): Pick<Evidence, 'checkpointTimestamps'> {
    const stamps = checkpointTimestampsFor(this.s, indices, to.size);
    if (stamps.length === 0) return {};
    return {
      checkpointTimestamps: stamps.map((t) => ({
        note: t.note,
        token: b64(t.token),
        consistency: t.size === to.size ? null : withNote(this.s.ledger.consistency(t.size, to.size).proof, to.signedNote, to.note),
      })),
    };
  }

  /** Each signature's signer: the key the ledger recorded, its certificates, how the person was identified. */
  private signers(
    pdf: Uint8Array,
    trail: AnchoredEntry[],
    options: ExportOptions,
    readers: PdfCertificateReaders,
    foreign: ForeignLedger[] = [],
  ): { signers: Signer[]; anchors: string[]; identityIndices: number[] } {
    const signers: Signer[] = [];
    const anchors: string[] = [];
    const identityIndices: number[] = [];
    for (const event of trail.filter((e) => e.entry.type === 'signature.added')) {
      const revisionSha = event.entry.subjects[0];
      // Only the revisions inside this PDF: signatures of other branches are not this document's.
      const end = revisionEnd(pdf, revisionSha);
      if (end === null) continue;
      const keyId = event.entry.actorKeyId ?? '';
      const field = event.entry.refs.field ?? '';
      const resolved = this.certificatesOf(
        keyId,
        () => readers.signerChainFromPdf(pdf.subarray(0, end), field, 'The signed document'),
        (sha256) => readers.certificateFromPdf(pdf, sha256),
      );
      anchors.push(resolved.anchor);
      // A seal is used by an authorised person: its seal.used event (proven in the package) names them.
      const sealUse = resolved.sealId ? this.sealUseOf(event, resolved.sealId) : null;
      if (sealUse) identityIndices.push(sealUse.ledgerIndex);
      const personId = resolved.personId ?? sealUse?.operator ?? null;
      const person = personId ? this.s.identity.get(personId).verification : null;
      if (person) identityIndices.push(person.ledgerIndex);
      const wanted = options.disclose?.find((d) => d.personId === personId);
      const disclosed = wanted && personId ? this.s.identity.disclose(personId, wanted.fields, options.passphrase ?? '').disclosures : [];
      signers.push({
        field,
        ledgerIndex: event.index,
        keyId,
        subject: resolved.subject,
        certificates: resolved.certificates,
        ...identified(
          person
            ? message('report.identifiedBy.person', { method: person.method, ial: person.ial, record: person.recordSha256.slice(0, 16) })
            : resolved.identifiedBy,
        ),
        identity:
          person && personId
            ? {
                personId,
                ledgerIndex: person.ledgerIndex,
                recordSha256: person.recordSha256,
                ial: person.ial,
                commitments: person.commitments,
                disclosed: disclosed.map(({ field, value, salt }) => ({ field, value, salt })),
              }
            : null,
        ...(sealUse ? { sealUse } : {}),
      });
    }
    // Signatures made in another party's workspace (a signing envelope): proven by that party's ledger.
    for (const party of foreign) {
      for (const event of party.events.filter((e) => e.type === 'signature.added')) {
        const end = revisionEnd(pdf, event.subjects[0]);
        const field = event.refs.field ?? '';
        if (end === null || signers.some((s) => s.field === field)) continue;
        const chain = readers.signerChainFromPdf(pdf.subarray(0, end), field, 'The signed document').map(b64);
        anchors.push(chain.at(-1)!);
        signers.push({
          field,
          ledgerIndex: event.index,
          keyId: event.actorKeyId ?? '',
          subject: new X509Certificate(Buffer.from(chain[0], 'base64')).subject.split('\n').reverse().join(', '),
          certificates: chain,
          ...identified(message('report.identifiedBy.foreign', { party: party.name, uscc: party.uscc })),
          identity: null,
          ledger: party.uscc,
        });
      }
    }
    for (const d of options.disclose ?? []) {
      if (!signers.some((s) => s.identity?.personId === d.personId))
        throw badInput(`Person ${d.personId} did not sign this document (nor use a seal on it); nothing of theirs can be disclosed.`);
    }
    return { signers, anchors, identityIndices };
  }

  /**
   * The seal.used event of this signature: the same seal certificate, on the
   * version it signed (subjects[1] of signature.added), the last one before
   * the signature was recorded.
   */
  private sealUseOf(signature: AnchoredEntry, sealId: string): { sealId: string; ledgerIndex: number; operator: string } | null {
    const input = signature.entry.subjects[1];
    if (!input) return null;
    const use = this.s.ledger
      .findBySubject(input)
      .filter((e) => e.entry.type === 'seal.used' && e.entry.actorKeyId === signature.entry.actorKeyId && e.index < signature.index && e.entry.refs.personId)
      .at(-1);
    return use ? { sealId: use.entry.refs.sealId ?? sealId, ledgerIndex: use.index, operator: use.entry.refs.personId } : null;
  }

  private certificatesOf(
    keyId: string,
    chainInPdf: () => Uint8Array[],
    leafInPdf: (sha256: string) => Uint8Array | null,
  ): { certificates: string[]; anchor: string; subject: string; identifiedBy: Message; personId: string | null; sealId: string | null } {
    const workspaceKey = this.s.keys.list().find((k) => k.id === keyId);
    if (workspaceKey) {
      const der = b64(pemToDer(workspaceKey.certificatePem));
      return {
        certificates: [der],
        anchor: der,
        subject: workspaceKey.subject,
        identifiedBy: message('report.identifiedBy.workspaceKey'),
        personId: null,
        sealId: null,
      };
    }
    let cert;
    try {
      cert = this.s.pki.certificate(keyId);
    } catch {
      return this.outsideCertificate(keyId, chainInPdf);
    }
    const erased = cert.purpose === 'person' && cert.ownerId ? this.s.identity.get(cert.ownerId).erasedAt : null;
    if (erased) return { ...this.erasedSigner(cert, leafInPdf, erased), sealId: null };
    const chain = this.s.pki.chain(keyId).map(b64);
    const identifiedBy = message(cert.purpose === 'seal' ? 'report.identifiedBy.orgSeal' : 'report.identifiedBy.orgPerson', { serial: cert.serial });
    const subject = new X509Certificate(Buffer.from(chain[0], 'base64')).subject.split('\n').reverse().join(', ');
    return {
      certificates: chain,
      anchor: chain.at(-1)!,
      subject,
      identifiedBy,
      personId: cert.purpose === 'person' ? cert.ownerId : null,
      sealId: cert.purpose === 'seal' ? this.sealIdOf(cert.serial) : null,
    };
  }

  private sealIdOf(certSerial: string): string | null {
    return this.s.workspace.db.prepare<[string], string>('SELECT id FROM seals WHERE cert_serial = ?').pluck().get(certSerial) ?? null;
  }

  /**
   * A key from outside the workspace (a PKCS#12 file or a token certificate
   * from an outside CA), recorded by its certificate's SHA-256: named by the
   * chain its own signature carries, which must be that certificate. Its
   * anchor is the workspace's trust anchor the chain reaches (an imported CA,
   * `affix trust add`), else the top of the chain, which a verifier's policy
   * must then pin itself.
   */
  private outsideCertificate(keyId: string, chainInPdf: () => Uint8Array[]): ReturnType<ProofService['certificatesOf']> {
    const chain = chainInPdf();
    if (chain.length === 0 || sha256(chain[0]) !== keyId.toLowerCase()) {
      throw new AffixError(
        'NOT_FOUND',
        `The signing key ${keyId} recorded on the ledger is neither a workspace key, a certificate of this workspace's PKI, nor the certificate that made the signature.`,
      );
    }
    const trusted = new Set((this.s.trust?.anchors() ?? []).map((a) => sha256(a)));
    const reached = chain.find((c) => trusted.has(sha256(c)));
    const x509 = new X509Certificate(chain[0]);
    const subject = x509.subject.split('\n').reverse().join(', ');
    const issuer = x509.issuer.split('\n').reverse().join(', ');
    return {
      certificates: chain.map(b64),
      anchor: b64(reached ?? chain.at(-1)!),
      subject,
      identifiedBy: message(reached ? 'report.identifiedBy.outsideTrusted' : 'report.identifiedBy.outsideUntrusted', { issuer }),
      personId: null,
      sealId: null,
    };
  }

  /**
   * A person erased after signing: their certificate's DER left the vault with
   * their data, so it comes from the signed PDF (found by the digest the PKI
   * kept), its issuers from the PKI. The subject is not restated: it names them.
   */
  private erasedSigner(
    cert: { serial: string; sha256: string; issuerSerial: string; ownerId: string | null },
    leafInPdf: (sha256: string) => Uint8Array | null,
    erasedAt: string,
  ) {
    const leaf = leafInPdf(cert.sha256);
    if (!leaf) throw new AffixError('NOT_FOUND', `Certificate ${cert.serial} of erased person ${cert.ownerId} is in neither the vault nor the signed PDF.`);
    const chain = [b64(leaf), ...this.s.pki.chain(cert.issuerSerial).map(b64)];
    return {
      certificates: chain,
      anchor: chain.at(-1)!,
      subject: `person erased on ${erasedAt} (personal data withheld) / 已删除个人信息的签署人`,
      identifiedBy: message('report.identifiedBy.erased', { serial: cert.serial, at: erasedAt }),
      personId: cert.ownerId,
    };
  }

  /** Workspace keys' self-signed certificates and every organisation's root CA: what signs here, for the policy a verifier pins. */
  private signerAnchors(): string[] {
    return [...this.s.keys.list().map((k) => b64(pemToDer(k.certificatePem))), ...this.s.pki.rootCertificates().map(b64)];
  }

  private crls(): string[] {
    return this.s.workspace.db.prepare<[], Buffer>('SELECT der FROM crls ORDER BY org_id, number').pluck().all().map(b64);
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

/** The first certificate of a key's PEM chain (its own). */
function pemToDer(pem: string): Uint8Array {
  return derItems(new TextEncoder().encode(pem), ['CERTIFICATE'], "a signing key's certificate")[0];
}

/** Verifies a package on disk; needs no workspace (a clerk may have only the file). */
export async function verifyPackageFile(path: string, trustPolicyPath?: string, pins: VerifyPins = {}): Promise<ProofReport> {
  // Refused before reading: the whole package would otherwise sit in memory first.
  let size = 0;
  try {
    size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    // An unusable path: readInput below names the problem.
  }
  if (size > PACKAGE_BUDGET.packageBytes) throw overBudget(`${path} is ${size} bytes`, `${PACKAGE_BUDGET.packageBytes} bytes per package`);
  return verifyPackageBytes(readInput(path, 'proof package'), trustPolicyPath, pins);
}

export async function verifyPackageBytes(zip: Uint8Array, trustPolicyPath?: string, pins: VerifyPins = {}): Promise<ProofReport> {
  const trustPolicy = trustPolicyPath === undefined ? undefined : parseTrustPolicy(readInput(trustPolicyPath, 'trust policy'), trustPolicyPath);
  // Imported on use: the verifier (pkijs, CMS) is not needed by the commands that only open the workspace.
  const { verifyPackage } = await import('../../../../shared/proof/verify-package');
  return verifyPackage(zip, { trustPolicy, ...pins });
}

/**
 * Where the package's consistency proof starts. A witness reached only by
 * carried files (an air-gapped court's) never cosigns the export's own
 * checkpoint: the export record is appended, and the checkpoint signed, after
 * its last visit. So when the export's checkpoint has no cosignature, start
 * from the newest checkpoint some witness did cosign that already holds every
 * event of the trail but the export record: a verifier pinning that witness
 * then sees the trail cosigned, and the consistency proof carries it to the
 * package's checkpoint (shared/proof/trust-anchor.ts, witnessed prefix).
 * Otherwise the oldest checkpoint after the trail's first event, as before.
 * `candidates` are newest first (size descending).
 */
function olderCheckpoint(
  candidates: readonly StoredCheckpoint[],
  events: readonly LedgerEvent[],
  witnessing: LogWitnessing,
  exportCosigned: boolean,
): StoredCheckpoint | undefined {
  const first = events[0]?.index ?? 0;
  const lastOfTrail = events.at(-2)?.index ?? -1;
  if (!exportCosigned) {
    const witnessed = candidates.find((c) => c.size > lastOfTrail && witnessing.cosignedNote(c) !== c.note);
    if (witnessed) return witnessed;
  }
  return candidates.filter((c) => c.size > first).at(-1);
}

/** A tlog-proof or consistency text ends with the checkpoint note verbatim: swap in the cosigned note. */
function withNote(text: string, plain: string, cosigned: string): string {
  if (plain === cosigned) return text;
  if (!text.endsWith(plain)) throw new AffixError('INTERNAL', 'A proof does not end with its checkpoint.');
  return text.slice(0, text.length - plain.length) + cosigned;
}

export function parseTrustPolicy(bytes: Uint8Array, where: string): TrustPolicy {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw badInput(`The trust policy ${where} is not JSON: ${(error as Error).message}`);
  }
  const parsed = TrustPolicySchema.safeParse(json);
  if (!parsed.success)
    throw badInput(`The trust policy ${where} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** The certificates (DER) in the files a verifier trusts (`--trust`, PEM or DER); a file holding none is bad input naming it. */
export function readTrustFiles(paths: readonly string[] = []): Uint8Array[] {
  // Checked with Node's parser here (pkijs stays unloaded for commands that only open a workspace);
  // verify.html reads its TSA root field alike with shared/proof/trust-files.ts.
  return paths.flatMap((p) =>
    derItems(readInput(p, 'trust anchor'), ['CERTIFICATE'], `The trust anchor ${p}`).map((der) => {
      try {
        void new X509Certificate(der);
      } catch {
        throw badInput(`The trust anchor ${p} is not an X.509 certificate (PEM or DER).`);
      }
      return der;
    }),
  );
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
