/**
 * Signing envelopes between organisations, entirely offline (ETSI EN 319 162
 * ASiC-E with CAdES). Export writes the document's newest version, its
 * signing order signed by the initiator's organisation, the envelope state
 * signed by this organisation, each party's root CA and each party's
 * evidence so far (C2SP tlog-proofs of its ledger events for the document,
 * with its ledger's verifier key). Import checks all of it (open-envelope.ts)
 * before anything is kept, then records the PDF as a new version of the same
 * document, the other parties' checkpoints as foreign.checkpoint entries, and
 * the envelope's sequence, so an older envelope replayed later is refused.
 *
 * The organisation signs with its seal-making key (issued under its root at
 * `org create`): an envelope speaks for the organisation, not for one person.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import { writeAsic } from '../../../../shared/envelope/asic-container';
import { asicManifestXml, odfManifestXml } from '../../../../shared/envelope/asic-manifest';
import { openEnvelope } from '../../../../shared/envelope/open-envelope';
import { peekEnvelope, type EnvelopePeek } from '../../../../shared/envelope/peek-envelope';
import {
  ENVELOPE_MEMBERS as M,
  ENVELOPE_ORDER_FORMAT,
  ENVELOPE_STATE_FORMAT,
  EnvelopeOrderSchema,
  type EnvelopeOrder,
  type EnvelopeState,
  type Party,
} from '../../../../shared/envelope/order';
import { checkProofText } from '../../../../shared/ledger/check-proof';
import { PdfReader } from '../../../../shared/pdf/reader';
import type { Workspace } from '../../core/workspace/workspace';
import type { DocumentsService } from '../../domain/documents/documents-service';
import type { PlansService } from '../plans/plans-service';
import type { PkiService } from '../../domain/pki/pki-service';
import type { Vault } from '../../domain/identity/vault';
import type { LedgerService } from '../../domain/ledger/ledger-service';
import type { TrustStore } from '../../domain/trust/trust-store';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { ecdsaSigningKey } from '../../domain/pki/key-pair';
import { stepField } from '../plans/plan-checks';
import { createDetachedCms } from '../../engines/pdf-signing/cms';
import { readFormFields } from '../../../../shared/pdf/form-fields';
import { parseCertificateFile } from '../../domain/trust/trust-store';

export interface ExportOptions {
  passphrase: string;
  orgId?: string;
  parties?: OutsideParty[];
  status?: { status: 'declined' | 'voided'; reason?: string };
}

type Deps = {
  readonly workspace: Workspace;
  readonly documents: DocumentsService;
  readonly plans: PlansService;
  readonly pki: PkiService;
  readonly vault: Vault;
  readonly ledger: LedgerService;
  readonly trust: TrustStore;
};

/** An outside organisation signing one step: named at the initiator's first export. */
export interface OutsideParty {
  step: number;
  name: string;
  uscc: string;
  /** Its root CA certificate (PEM or DER), obtained from it out of band: a file path (CLI) or bytes the window read. */
  root: { path: string } | { name: string; bytes: Uint8Array };
}

export interface EnvelopeSummary {
  envelopeId: string;
  documentId: string;
  sequence: number;
  status: 'open' | 'declined' | 'voided';
  reason: string | null;
  initiator: Party;
  parties: (Party & { safetyNumber: string })[];
  steps: { step: number; label: string; party: string; field: string; signed: boolean; ours: boolean }[];
  /** The next unsigned step, or null when every step is signed. */
  next: number | null;
  /** Whether the next step is this organisation's. */
  ourTurn: boolean;
  /** Import only: who signed the order and the state, and the foreign checkpoints recorded. */
  orderSigner?: string;
  stateSigner?: string;
  foreignCheckpoints?: { uscc: string; origin: string; size: number; ledgerIndex: number }[];
}

interface Row {
  envelope_id: string;
  document_id: string;
  org_id: string;
  order_json: string;
  last_sequence: number;
  status: 'open' | 'declined' | 'voided';
  reason: string | null;
  history: string;
}

const sha256 = (b: Uint8Array | string): string => createHash('sha256').update(b).digest('hex');
const sha256b64 = (b: Uint8Array): string => createHash('sha256').update(b).digest('base64');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const MIME: Record<string, string> = { pdf: 'application/pdf', json: 'application/json', cer: 'application/pkix-cert', tlog: 'text/plain', vkey: 'text/plain' };
const mimeOf = (path: string): string => MIME[path.split('.').pop() ?? ''] ?? 'application/octet-stream';
/** The history a party keeps after an export: the state's earlier exports, then this one. */
const historyWith = (state: EnvelopeState): EnvelopeState['history'] => [
  ...state.history,
  {
    sequence: state.sequence,
    from: state.from,
    status: state.status,
    ...(state.reason ? { reason: state.reason } : {}),
    at: state.exportedAt,
    documentSha256: state.documentSha256,
  },
];

/** Bounded envelope file: 10 MB documents with room to spare; beyond it the file is refused before reading. */
const MAX_ENVELOPE_BYTES = 512 * 1024 * 1024;

export class EnvelopeService {
  constructor(private readonly s: Deps) {}

  /** The organisation this workspace acts for: the one given, or the only one. */
  private org(orgId?: string): { id: string; legalName: string; uscc: string; rootDer: Uint8Array; sealMakerSerial: string } {
    const orgs = this.s.pki.listOrgs();
    const chosen = orgId ? orgs.find((o) => o.id === orgId) : orgs.length === 1 ? orgs[0] : undefined;
    if (!chosen)
      throw badInput(
        orgId
          ? `No organisation ${orgId} in this workspace.`
          : orgs.length === 0
            ? 'This workspace has no organisation; create one first (affix org create).'
            : 'This workspace has several organisations; name one with --org ORG_ID.',
      );
    const view = this.s.pki.org(chosen.id);
    return {
      id: view.id,
      legalName: view.legalName,
      uscc: view.uscc,
      rootDer: this.s.pki.certificateDer(view.rootSerial),
      sealMakerSerial: view.sealMakerSerial,
    };
  }

  private row(documentId: string): Row | undefined {
    return this.s.workspace.db.prepare<[string], Row>('SELECT * FROM envelopes WHERE document_id = ?').get(documentId);
  }

  private members(envelopeId: string): Map<string, Uint8Array> {
    const rows = this.s.workspace.db
      .prepare<[string], { path: string; bytes: Buffer }>('SELECT path, bytes FROM envelope_members WHERE envelope_id = ?')
      .all(envelopeId);
    return new Map(rows.map((r) => [r.path, new Uint8Array(r.bytes)]));
  }

  /** Signs `manifest` (CAdES detached) with the organisation's seal-making key. */
  private async sign(org: ReturnType<EnvelopeService['org']>, manifest: Uint8Array, passphrase: string): Promise<Uint8Array> {
    this.s.vault.unlock(passphrase);
    const key = ecdsaSigningKey(this.s.pki.privateKey(org.sealMakerSerial), this.s.pki.chain(org.sealMakerSerial), org.sealMakerSerial);
    return createDetachedCms({ signer: key, documentDigest: createHash('sha256').update(manifest).digest(), profile: 'cades', signingTime: new Date() });
  }

  /** This organisation's evidence for the document: a tlog-proof of every ledger event naming one of its versions, and the ledger's key. */
  private evidence(documentId: string, uscc: string): [string, Uint8Array][] {
    const { ledger } = this.s;
    const indices = new Set<number>();
    for (const v of this.s.documents.versionDigests(documentId)) for (const e of ledger.findBySubject(v)) indices.add(e.index);
    const cp = ledger.checkpoint().checkpoint;
    const out: [string, Uint8Array][] = [[`evidence/${uscc}/ledger.vkey`, utf8(`${ledger.verifierKey()}\n`)]];
    for (const i of [...indices].sort((a, b) => a - b)) out.push([`evidence/${uscc}/${i}.tlog`, utf8(ledger.prove(i, cp.size).proof)]);
    return out;
  }

  async export(documentId: string, outputPath: string, options: ExportOptions): Promise<EnvelopeSummary & { path: string; bytes: number }> {
    const built = await this.build(documentId, options);
    try {
      writeFileAtomic(outputPath, built.zip);
    } catch (error) {
      throw badInput(`Cannot write ${outputPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Nothing was recorded.`);
    }
    return { ...built.record(), path: outputPath, bytes: built.zip.length };
  }

  /** The same envelope as bytes for the window, which saves them where the user chooses; recorded as exported when handed over. */
  async exportBytes(documentId: string, options: ExportOptions): Promise<{ zip: Uint8Array; summary: EnvelopeSummary }> {
    const built = await this.build(documentId, options);
    return { zip: built.zip, summary: built.record() };
  }

  /** Builds the container; `record` then keeps the new state and anchors the export (only once the bytes are safely out). */
  private async build(documentId: string, options: ExportOptions): Promise<{ zip: Uint8Array; record: () => EnvelopeSummary }> {
    const doc = this.s.documents.get(documentId);
    const org = this.org(options.orgId);
    const row = this.row(documentId);
    let carried = row ? this.members(row.envelope_id) : new Map<string, Uint8Array>();
    let order: EnvelopeOrder;
    if (!row) {
      order = this.newOrder(documentId, org, options.parties ?? []);
      const orderJson = utf8(`${JSON.stringify(order, null, 2)}\n`);
      const roots: [string, Uint8Array][] = order.parties.map((p) => [
        M.root(p.uscc),
        p.uscc === org.uscc ? org.rootDer : this.rootFile(options.parties!, p.uscc),
      ]);
      const manifest = utf8(
        asicManifestXml(
          M.orderSignature,
          [[M.order, orderJson] as [string, Uint8Array], ...roots].map(([uri, bytes]) => ({ uri, mimeType: mimeOf(uri), digest: sha256b64(bytes) })),
        ),
      );
      carried = new Map([[M.order, orderJson], ...roots, [M.orderManifest, manifest], [M.orderSignature, await this.sign(org, manifest, options.passphrase)]]);
    } else {
      if (options.parties?.length)
        throw badInput(`Document ${doc.name} already travels in envelope ${row.envelope_id}; its parties were fixed by the initiator's signed order.`);
      order = EnvelopeOrderSchema.parse(JSON.parse(row.order_json));
    }
    if (!order.parties.some((p) => p.uscc === org.uscc)) throw badInput(`${org.legalName} (${org.uscc}) is not a party of envelope ${order.envelopeId}.`);
    if (options.status?.status === 'voided' && order.initiator !== org.uscc)
      throw badInput('Only the initiator can void an envelope; decline it instead (affix envelope decline).');

    const pdf = new Uint8Array(this.s.documents.bytesOf(doc.currentSha256));
    const history: EnvelopeState['history'] = row ? (JSON.parse(row.history) as EnvelopeState['history']) : [];
    const status = options.status?.status ?? row?.status ?? 'open';
    if (!options.status && status !== 'open')
      throw badInput(`Envelope ${order.envelopeId} was ${status}${row?.reason ? ` (${row.reason})` : ''}; it cannot be sent on.`);
    const state: EnvelopeState = {
      format: ENVELOPE_STATE_FORMAT,
      version: 1,
      envelopeId: order.envelopeId,
      sequence: (row?.last_sequence ?? 0) + 1,
      from: org.uscc,
      status,
      ...((options.status?.reason ?? row?.reason) ? { reason: options.status?.reason ?? row?.reason ?? undefined } : {}),
      exportedAt: new Date().toISOString(),
      documentSha256: doc.currentSha256,
      history,
    };
    const stateJson = utf8(`${JSON.stringify(state, null, 2)}\n`);
    // Our evidence now; the other parties' as they last sent it.
    const evidence = new Map<string, Uint8Array>([...carried].filter(([p]) => p.startsWith('evidence/') && !p.startsWith(`evidence/${org.uscc}/`)));
    for (const [p, b] of this.evidence(documentId, org.uscc)) evidence.set(p, b);
    const stateCovered: [string, Uint8Array][] = [[M.state, stateJson], [M.pdf, pdf], ...[...evidence].sort(([a], [b]) => a.localeCompare(b))];
    const stateManifest = utf8(
      asicManifestXml(
        M.stateSignature,
        stateCovered.map(([uri, bytes]) => ({ uri, mimeType: mimeOf(uri), digest: sha256b64(bytes) })),
      ),
    );
    const stateSignature = await this.sign(org, stateManifest, options.passphrase);

    const content: [string, Uint8Array][] = [
      [M.pdf, pdf],
      [M.order, carried.get(M.order)!],
      [M.state, stateJson],
      ...order.parties.map((p): [string, Uint8Array] => [M.root(p.uscc), carried.get(M.root(p.uscc))!]),
      ...[...evidence].sort(([a], [b]) => a.localeCompare(b)),
    ];
    const zip = writeAsic([
      ...content,
      [M.manifest, utf8(odfManifestXml(content.map(([path]) => ({ path, mimeType: mimeOf(path) }))))],
      [M.orderManifest, carried.get(M.orderManifest)!],
      [M.orderSignature, carried.get(M.orderSignature)!],
      [M.stateManifest, stateManifest],
      [M.stateSignature, stateSignature],
    ]);
    const record = (): EnvelopeSummary => {
      this.s.workspace.db.transaction(() => {
        const now = new Date().toISOString();
        const newHistory = historyWith(state);
        this.upsert(
          order,
          documentId,
          org.id,
          state.sequence,
          state.status,
          state.reason ?? null,
          newHistory,
          now,
          new Map([...carried].filter(([p]) => !p.startsWith(`evidence/${org.uscc}/`))),
        );
        const type =
          options.status?.status === 'declined' ? 'envelope.declined' : options.status?.status === 'voided' ? 'envelope.voided' : 'envelope.exported';
        this.s.ledger.append({
          type,
          subjects: [doc.currentSha256, sha256(stateJson)],
          refs: { documentId, envelopeId: order.envelopeId, sequence: String(state.sequence), ...(state.reason ? { reason: state.reason } : {}) },
        });
      })();
      return this.summary(this.row(documentId)!, pdf, org.uscc);
    };
    return { zip, record };
  }

  private rootFile(parties: OutsideParty[], uscc: string): Uint8Array {
    const p = parties.find((x) => x.uscc === uscc)!;
    if ('bytes' in p.root) return parseCertificateFile(p.root.bytes, p.root.name);
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(p.root.path);
    } catch (error) {
      throw badInput(`Cannot read the root CA certificate ${p.root.path} of ${p.name}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
    return parseCertificateFile(bytes, p.root.path);
  }

  private newOrder(documentId: string, org: ReturnType<EnvelopeService['org']>, outside: OutsideParty[]): EnvelopeOrder {
    const doc = this.s.documents.get(documentId);
    const plan = this.s.plans.get(documentId);
    if (!plan)
      throw badInput(`Document ${doc.name} has no signing order; set one first (affix plan set), naming the outside parties' steps at export (--party).`);
    const parties: Party[] = [{ name: org.legalName, uscc: org.uscc, rootSha256: sha256(org.rootDer) }];
    for (const p of outside) {
      if (!plan.steps.some((s) => s.step === p.step))
        throw badInput(`--party names step ${p.step}, but the signing order of ${doc.name} has ${plan.steps.length} steps.`);
      if (p.uscc === org.uscc) throw badInput(`--party ${p.uscc} is this organisation; its steps need no --party.`);
      const known = parties.find((x) => x.uscc === p.uscc);
      const rootSha256 = sha256(this.rootFile(outside, p.uscc));
      if (!known) parties.push({ name: p.name, uscc: p.uscc, rootSha256 });
    }
    const order = {
      format: ENVELOPE_ORDER_FORMAT,
      version: 1 as const,
      envelopeId: randomUUID(),
      createdAt: new Date().toISOString(),
      documentName: doc.name,
      originalSha256: this.s.documents.versionDigests(documentId)[0],
      certify: plan.certify,
      initiator: org.uscc,
      parties,
      steps: plan.steps.map((s) => ({
        step: s.step,
        label: s.label,
        party: outside.find((p) => p.step === s.step)?.uscc ?? org.uscc,
        field: stepField(s.step),
        ...(s.box ? { box: s.box } : {}),
      })),
    };
    const parsed = EnvelopeOrderSchema.safeParse(order);
    if (!parsed.success)
      throw badInput(`The envelope's signing order is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }

  private upsert(
    order: EnvelopeOrder,
    documentId: string,
    orgId: string,
    sequence: number,
    status: string,
    reason: string | null,
    history: unknown,
    now: string,
    members: Map<string, Uint8Array>,
  ): void {
    const db = this.s.workspace.db;
    db.prepare(
      `INSERT INTO envelopes (envelope_id, document_id, org_id, order_json, last_sequence, status, reason, history, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (envelope_id) DO UPDATE SET last_sequence = excluded.last_sequence, status = excluded.status, reason = excluded.reason, history = excluded.history, updated_at = excluded.updated_at`,
    ).run(order.envelopeId, documentId, orgId, JSON.stringify(order), sequence, status, reason, JSON.stringify(history), now);
    db.prepare('DELETE FROM envelope_members WHERE envelope_id = ?').run(order.envelopeId);
    const put = db.prepare('INSERT INTO envelope_members (envelope_id, path, bytes) VALUES (?, ?, ?)');
    for (const [path, bytes] of members) put.run(order.envelopeId, path, Buffer.from(bytes));
  }

  /** Checks an envelope and, only if all of it holds, records it. */
  async import(path: string, options: { acceptRoots?: string[]; orgId?: string } = {}): Promise<EnvelopeSummary> {
    let zip: Uint8Array;
    try {
      const { statSync } = await import('node:fs');
      const size = statSync(path).size;
      if (size > MAX_ENVELOPE_BYTES)
        throw badInput(`${path} is ${size} bytes, more than the ${MAX_ENVELOPE_BYTES} an envelope may have. Nothing was imported.`);
      zip = readFileSync(path);
    } catch (error) {
      if (error instanceof AffixError) throw error;
      throw badInput(`Cannot read the envelope ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
    }
    return this.importBytes(zip, path, options);
  }

  /** Checks an envelope the window read (named `path` in messages) and, only if all of it holds, records it. */
  async importBytes(zip: Uint8Array, path: string, options: { acceptRoots?: string[]; orgId?: string } = {}): Promise<EnvelopeSummary> {
    if (zip.length > MAX_ENVELOPE_BYTES)
      throw badInput(`${path} is ${zip.length} bytes, more than the ${MAX_ENVELOPE_BYTES} an envelope may have. Nothing was imported.`);
    for (const r of options.acceptRoots ?? [])
      if (!/^[0-9a-fA-F]{64}$/.test(r.replace(/[\s:]/g, ''))) throw badInput(`--accept-root must be a SHA-256 fingerprint (64 hex digits), got "${r}".`);
    const org = this.org(options.orgId);
    const accepted = new Set([
      ...this.s.trust.anchors().map((a) => sha256(a)),
      sha256(org.rootDer),
      ...(options.acceptRoots ?? []).map((r) => r.replace(/[\s:]/g, '').toLowerCase()),
    ]);
    const opened = await openEnvelope(zip, path, { acceptedRoots: accepted });
    const { order, state, pdf } = opened;
    if (!order.parties.some((p) => p.uscc === org.uscc))
      throw badInput(`${path}: ${org.legalName} (${org.uscc}) is not a party of this envelope. Nothing was imported.`);
    if (state.from === org.uscc)
      throw badInput(`${path} was exported by this organisation itself; import the envelope the other party sends back. Nothing was imported.`);

    // The other parties' evidence: every proof verified against its ledger's key before anything is kept.
    const members = await this.foreignEvidence(opened.members, path, order, org.uscc);

    const db = this.s.workspace.db;
    const existing = db.prepare<[string], Row>('SELECT * FROM envelopes WHERE envelope_id = ?').get(order.envelopeId);
    if (existing && state.sequence <= existing.last_sequence) {
      throw badInput(
        `${path} is an older envelope (sequence ${state.sequence}) than one already seen here (sequence ${existing.last_sequence}): a replay. Nothing was imported.`,
      );
    }
    if (existing && JSON.stringify(EnvelopeOrderSchema.parse(JSON.parse(existing.order_json))) !== JSON.stringify(order)) {
      throw badInput(`${path}: its signing order is not the one this envelope had when last seen. Nothing was imported.`);
    }
    const pdfSha = sha256(pdf);
    const foreignCheckpoints: NonNullable<EnvelopeSummary['foreignCheckpoints']> = [];
    const documentId = db.transaction(() => {
      const docId = existing?.document_id ?? this.s.documents.findBySha256(order.originalSha256)?.id ?? this.s.documents.findBySha256(pdfSha)?.id;
      let id: string;
      if (!docId) id = this.s.documents.importBytes(pdf, order.documentName).id;
      else {
        id = docId;
        if (!this.s.documents.versionDigests(id).includes(pdfSha)) {
          // Usually the envelope's PDF is the newest version here plus the other parties' updates: stored as those updates only.
          // Checked by digest, not by reading the stored version back: hashing the prefix costs a few ms for 10 MB,
          // reading and joining the stored runs about twenty times that (npm run bench -- envelope).
          const current = this.s.documents.get(id).currentSha256;
          const baseLength = this.s.workspace.blobs.lengthOf(current) ?? -1;
          const extends_ = baseLength > 0 && pdf.length > baseLength && sha256(pdf.subarray(0, baseLength)) === current;
          this.s.documents.addVersion(
            id,
            extends_ ? { kind: 'appended', base: current, baseLength, appended: pdf.subarray(baseLength), sha256: pdfSha } : { kind: 'whole', bytes: pdf },
            'envelope',
          );
        }
      }
      const carried = new Map([...opened.roots].map(([u, der]): [string, Uint8Array] => [M.root(u), der]));
      for (const name of [M.order, M.orderManifest, M.orderSignature]) carried.set(name, members.all.get(name)!);
      for (const [p, b] of members.evidence) carried.set(p, b);
      const history = historyWith(state);
      this.upsert(order, id, org.id, state.sequence, state.status, state.reason ?? null, history, new Date().toISOString(), carried);
      // A root confirmed out of band is trusted from now on: verifying, and the proof policy, pin it.
      const trusted = new Set(this.s.trust.anchors().map((a) => sha256(a)));
      for (const p of order.parties) {
        if (!trusted.has(p.rootSha256)) this.s.trust.importBytes(opened.roots.get(p.uscc)!, `the root CA of ${p.name} (${p.uscc})`);
      }
      for (const cp of members.checkpoints) {
        const r = this.s.ledger.append({
          type: 'foreign.checkpoint',
          subjects: [cp.rootHash, pdfSha],
          refs: { envelopeId: order.envelopeId, uscc: cp.uscc, origin: cp.origin, size: String(cp.size), documentId: id },
        });
        foreignCheckpoints.push({ uscc: cp.uscc, origin: cp.origin, size: cp.size, ledgerIndex: r.index });
      }
      this.s.ledger.append({
        type: 'envelope.imported',
        subjects: [pdfSha],
        refs: { documentId: id, envelopeId: order.envelopeId, sequence: String(state.sequence), from: state.from, status: state.status },
      });
      return id;
    })();
    return { ...this.summary(this.row(documentId)!, pdf, org.uscc), orderSigner: opened.orderSigner, stateSigner: opened.stateSigner, foreignCheckpoints };
  }

  /** Verifies each other party's tlog-proofs (all must name the envelope's document versions' ledger events) and returns what to keep. */
  private async foreignEvidence(
    all: Map<string, Uint8Array>,
    what: string,
    order: EnvelopeOrder,
    ours: string,
  ): Promise<{
    all: Map<string, Uint8Array>;
    evidence: Map<string, Uint8Array>;
    checkpoints: { uscc: string; origin: string; size: number; rootHash: string }[];
  }> {
    const evidence = new Map<string, Uint8Array>();
    const checkpoints: { uscc: string; origin: string; size: number; rootHash: string }[] = [];
    for (const party of order.parties) {
      if (party.uscc === ours) continue;
      const prefix = `evidence/${party.uscc}/`;
      const files = [...all].filter(([p]) => p.startsWith(prefix));
      if (files.length === 0) continue;
      const vkey = all.get(`${prefix}ledger.vkey`);
      if (!vkey) throw badInput(`${what}: the evidence of ${party.name} has no ledger key (${prefix}ledger.vkey). Nothing was imported.`);
      let newest: { origin: string; size: number; rootHash: string } | undefined;
      for (const [p, bytes] of files) {
        evidence.set(p, bytes);
        if (!p.endsWith('.tlog')) continue;
        const r = await checkProofText(new TextDecoder().decode(bytes), new TextDecoder().decode(vkey).trim());
        if (!r.ok) throw badInput(`${what}: ${p}, evidence of ${party.name}, does not verify: ${r.reason}. Nothing was imported.`);
        if (!newest || r.treeSize > newest.size) newest = { origin: r.origin, size: r.treeSize, rootHash: r.rootHash };
      }
      if (newest) checkpoints.push({ uscc: party.uscc, ...newest });
    }
    return { all, evidence, checkpoints };
  }

  /** Every envelope this workspace exported or imported, newest first. */
  list(orgId?: string): EnvelopeSummary[] {
    const rows = this.s.workspace.db.prepare<[], Row>('SELECT * FROM envelopes ORDER BY updated_at DESC').all();
    if (rows.length === 0) return [];
    const ours = this.org(orgId).uscc;
    return rows.map((row) => this.summary(row, new Uint8Array(this.s.documents.bytesOf(this.s.documents.get(row.document_id).currentSha256)), ours));
  }

  /** What a received envelope claims, before anything is checked: which roots the user must confirm out of band. */
  peek(zip: Uint8Array, what: string): EnvelopePeek {
    const trusted = new Set(this.s.trust.anchors().map((a) => sha256(a)));
    for (const o of this.s.pki.listOrgs()) trusted.add(sha256(this.s.pki.certificateDer(this.s.pki.org(o.id).rootSerial)));
    return peekEnvelope(zip, what, trusted);
  }

  /** Whether the document travels in an envelope. */
  has(documentId: string): boolean {
    return this.row(documentId) !== undefined;
  }

  /** The envelope of a document, as this workspace last saw it. */
  show(documentId: string, orgId?: string): EnvelopeSummary {
    const row = this.row(documentId);
    const doc = this.s.documents.get(documentId);
    if (!row) throw new AffixError('NOT_FOUND', `Document ${doc.name} does not travel in an envelope.`);
    return this.summary(row, new Uint8Array(this.s.documents.bytesOf(doc.currentSha256)), this.org(orgId).uscc);
  }

  private summary(row: Row, pdf: Uint8Array, ours: string): EnvelopeSummary {
    const order = EnvelopeOrderSchema.parse(JSON.parse(row.order_json));
    let signedFields = new Set<string>();
    try {
      signedFields = new Set(
        readFormFields(PdfReader.open(pdf, 'the document'))
          .filter((f) => f.type === 'Sig' && f.hasValue)
          .map((f) => f.fullName),
      );
    } catch {
      // An unreadable PDF shows every step as unsigned; verification says why.
    }
    const steps = order.steps.map((s) => ({
      step: s.step,
      label: s.label,
      party: s.party,
      field: s.field,
      signed: signedFields.has(s.field),
      ours: s.party === ours,
    }));
    const next = steps.find((s) => !s.signed) ?? null;
    return {
      envelopeId: order.envelopeId,
      documentId: row.document_id,
      sequence: row.last_sequence,
      status: row.status,
      reason: row.reason,
      initiator: order.parties.find((p) => p.uscc === order.initiator)!,
      parties: order.parties.map((p) => ({ ...p, safetyNumber: p.rootSha256.match(/.{4}/g)!.join(' ') })),
      steps,
      next: next?.step ?? null,
      ourTurn: row.status === 'open' && next !== null && next.ours,
    };
  }
}
