/**
 * The documents a workspace knows: each import is stored content-addressed and
 * every later version (a new signature revision) is recorded beside it, so the
 * audit trail can always say which bytes existed when.
 */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { DocumentSummary, PageGeometry, TimelineEvent } from '../../../../shared/contract/documents';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { Anchor, AuditTrail } from '../../../../shared/ledger/entry-types';
import { openRuns, readWholeFile, type InputFile } from '../../core/fs/input-file';
import type { Workspace } from '../../core/workspace/workspace';
import { decodeBase64 } from './base64-pdf';
import { documentTimeline } from './document-timeline';
import { pageGeometry } from './page-geometry';
import { assertLooksLikePdf } from './pdf-sniff';
import { assertImportable } from './import-checks';

/** What documents need of the ledger: appending, reading entries by subject, and how far checkpoints reach. */
export interface DocumentLedger extends Anchor, AuditTrail {
  latestCheckpoint(): { size: number } | null;
}

export type PlanProgress = NonNullable<DocumentSummary['plan']>;

/** Signing-order progress, kept by the plans module (which builds on documents, so it is handed in). */
export interface PlanProgressSource {
  progressByDocument(): Map<string, PlanProgress>;
  progress(documentId: string): PlanProgress | null;
}

/**
 * Searches a PDF's text (the pdf.js engine, engines/pdf-pages/text-locator.ts):
 * a port, so documents stay below the engines that read pages.
 */
export type TextFinder = (pdf: Uint8Array, needle: string, what: string) => Promise<{ pageIndex: number; box: [number, number, number, number] } | null>;

export interface TextHit {
  page: number;
  box: [number, number, number, number];
}

interface Row {
  id: string;
  name: string;
  sha256: string;
  bytes: number;
  imported_at: string;
  current_sha256: string;
  current_seq: number;
  current_ledger_index: number | null;
  versions: number;
  signatures: number;
}

const SELECT = `SELECT d.id, d.name, d.sha256, d.bytes, d.imported_at, cur.sha256 AS current_sha256, cur.seq AS current_seq,
  cur.ledger_index AS current_ledger_index,
  (SELECT COUNT(*) FROM document_versions v WHERE v.document_id = d.id) AS versions,
  (SELECT COUNT(*) FROM document_versions v WHERE v.document_id = d.id AND v.reason = 'signed') AS signatures
  FROM documents d
  JOIN document_versions cur ON cur.document_id = d.id AND cur.seq = (SELECT MAX(seq) FROM document_versions v WHERE v.document_id = d.id)`;

/** A new version's bytes: whole, or (a signature's incremental update) appended to one of the document's versions. */
export type VersionContent =
  | { kind: 'whole'; bytes: Uint8Array }
  /** `sha256` is the digest of the base's `baseLength` bytes followed by `appended`, as the signing engine computed it. */
  | { kind: 'appended'; base: string; baseLength: number; appended: Uint8Array; sha256: string };

export class DocumentsService {
  private readonly importedSignatures = new Map<string, number>();

  constructor(
    private readonly ws: Workspace,
    private readonly textFinder: TextFinder,
    private readonly ledger?: DocumentLedger,
    private readonly plans?: PlanProgressSource,
  ) {}

  list(): DocumentSummary[] {
    const rows = this.ws.db.prepare<[], Row>(`${SELECT} ORDER BY d.imported_at DESC, d.rowid DESC`).all();
    const progress = this.plans?.progressByDocument() ?? new Map<string, PlanProgress>();
    const checkpointSize = this.checkpointSize();
    return rows.map((r) => this.toSummary(r, progress.get(r.id) ?? null, checkpointSize));
  }

  get(id: string): DocumentSummary {
    const row = this.ws.db.prepare<[string], Row>(`${SELECT} WHERE d.id = ?`).get(id);
    if (!row) throw new AffixError('NOT_FOUND', `No document with id ${id}.`);
    return this.toSummary(row, this.plans?.progress(id) ?? null, this.checkpointSize());
  }

  /** Finds a document by id, or by the digest of any of its versions. */
  findBySha256(sha256: string): DocumentSummary | null {
    const row = this.ws.db.prepare<[string], { document_id: string }>('SELECT document_id FROM document_versions WHERE sha256 = ? LIMIT 1').get(sha256);
    return row ? this.get(row.document_id) : null;
  }

  importFile(path: string, name?: string): DocumentSummary {
    return this.importBytes(readWholeFile(path), name ?? basename(path));
  }

  /** A PDF the window read from a dropped or chosen file. */
  importBase64(name: string, base64: string): DocumentSummary {
    return this.importBytes(decodeBase64(base64, name), name);
  }

  importBytes(bytes: Uint8Array, name: string): DocumentSummary {
    assertLooksLikePdf(bytes, name);
    assertImportable(bytes, name);
    const sha256 = this.ws.blobs.put(bytes);
    const existing = this.findBySha256(sha256);
    if (existing) return existing;
    const id = randomUUID();
    const now = new Date().toISOString();
    this.ws.db.transaction(() => {
      this.ws.db.prepare('INSERT INTO documents (id, name, sha256, bytes, imported_at) VALUES (?, ?, ?, ?, ?)').run(id, name, sha256, bytes.length, now);
      const receipt = this.ledger?.append({ type: 'document.anchored', subjects: [sha256], refs: { documentId: id }, time: now });
      this.ws.db
        .prepare("INSERT INTO document_versions (document_id, seq, sha256, bytes, created_at, reason, ledger_index) VALUES (?, 1, ?, ?, ?, 'imported', ?)")
        .run(id, sha256, bytes.length, now, receipt?.index ?? null);
    })();
    return this.get(id);
  }

  /** Records a new version (e.g. after signing): complete PDF bytes, or an incremental update appended to one of the document's versions. */
  addVersion(documentId: string, content: VersionContent, reason: string): DocumentSummary {
    const doc = this.get(documentId);
    const sha256 = this.store(documentId, content);
    const length = content.kind === 'whole' ? content.bytes.length : content.baseLength + content.appended.length;
    const now = new Date().toISOString();
    this.ws.db.transaction(() => {
      const receipt = this.ledger?.append({
        type: 'document.versioned',
        subjects: [sha256, doc.sha256],
        refs: { documentId, reason },
        time: now,
      });
      this.ws.db
        .prepare('INSERT INTO document_versions (document_id, seq, sha256, bytes, created_at, reason, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(documentId, doc.versions + 1, sha256, length, now, reason, receipt?.index ?? null);
    })();
    return this.get(documentId);
  }

  private store(documentId: string, content: VersionContent): string {
    if (content.kind === 'whole') return this.ws.blobs.put(content.bytes);
    if (!this.versionDigests(documentId).includes(content.base)) {
      throw new AffixError('INTERNAL', `version ${content.sha256} builds on ${content.base}, which is not a version of document ${documentId}`);
    }
    return this.ws.blobs.putAppended(content.base, content.baseLength, content.appended, content.sha256);
  }

  /**
   * Runs `fn` in one IMMEDIATE transaction on the workspace database, so a
   * caller can check state, record a version and its own rows with nothing
   * changing in between (and nothing kept if any part throws).
   */
  atomically<T>(fn: () => T): T {
    return this.ws.db.transaction(fn).immediate();
  }

  bytesOf(sha256: string): Buffer {
    return this.ws.blobs.get(sha256);
  }

  /**
   * A version opened for one pass over it in place (signing reads it this
   * way: whole in memory, a large version would cost more than the pass).
   * The caller closes it.
   */
  openVersion(sha256: string, what: string): InputFile {
    const recorded = this.ws.db.prepare<[string], number>('SELECT bytes FROM document_versions WHERE sha256 = ? LIMIT 1').pluck().get(sha256);
    if (recorded === undefined) throw new AffixError('NOT_FOUND', `${what}: no version with SHA-256 ${sha256}.`);
    const input = openRuns(this.ws.blobs.runsOf(sha256), what);
    if (input.length !== recorded) {
      input.close();
      throw badInput(
        `Cannot read ${what}: its stored copy has ${input.length} bytes, not the ${recorded} recorded for it (the workspace's files were changed outside Affix).`,
      );
    }
    return input;
  }

  /** The bytes of the newest version, or of `sha256` when it is one of this document's versions. */
  content(id: string, sha256?: string): { sha256: string; base64: string } {
    const doc = this.get(id);
    const wanted = sha256 ?? doc.currentSha256;
    if (!this.versionDigests(id).includes(wanted)) {
      throw new AffixError('NOT_FOUND', `Document ${doc.name} has no version with SHA-256 ${wanted}.`);
    }
    return { sha256: wanted, base64: this.bytesOf(wanted).toString('base64') };
  }

  /** Page boxes and rotation of the newest version. */
  pages(id: string): PageGeometry[] {
    const doc = this.get(id);
    return pageGeometry(this.bytesOf(doc.currentSha256), `Document ${doc.name}`);
  }

  /** Where `text` first occurs in the newest version, or null when it does not. */
  async findText(id: string, text: string): Promise<TextHit | null> {
    const doc = this.get(id);
    const hit = await this.textFinder(this.bytesOf(doc.currentSha256), text, `Document ${doc.name}`);
    return hit && { page: hit.pageIndex + 1, box: hit.box };
  }

  /** The ledger entries naming any version of the document, oldest first. */
  timeline(id: string): TimelineEvent[] {
    this.get(id);
    if (!this.ledger) return [];
    return documentTimeline(this.versionDigests(id), this.ledger, this.checkpointSize());
  }

  /** The digests of every version, oldest first. */
  versionDigests(id: string): string[] {
    return this.ws.db.prepare<[string], string>('SELECT sha256 FROM document_versions WHERE document_id = ? ORDER BY seq').pluck().all(id);
  }

  private checkpointSize(): number | null {
    return this.ledger?.latestCheckpoint()?.size ?? null;
  }

  private toSummary(r: Row, plan: PlanProgress | null, checkpointSize: number | null): DocumentSummary {
    const ledgerIndex = r.current_ledger_index ?? this.findVersionEntry(r);
    return {
      id: r.id,
      name: r.name,
      sha256: r.sha256,
      bytes: r.bytes,
      importedAt: r.imported_at,
      currentSha256: r.current_sha256,
      versions: r.versions,
      signatures: this.signaturesAtImport(r.sha256) + r.signatures,
      plan,
      anchored: ledgerIndex === null ? 'none' : checkpointSize !== null && ledgerIndex < checkpointSize ? 'checkpointed' : 'logged',
    };
  }

  /**
   * Signatures the imported PDF already carried (signed elsewhere), counted once per original: each
   * signature dictionary has one /ByteRange, written uncompressed so it can be patched in place
   * (ISO 32000-2 §12.8.1), so a byte scan finds them without parsing the file.
   */
  private signaturesAtImport(sha256: string): number {
    let n = this.importedSignatures.get(sha256);
    if (n === undefined) {
      n = 0;
      const bytes = this.bytesOf(sha256);
      for (let at = bytes.indexOf('/ByteRange'); at !== -1; at = bytes.indexOf('/ByteRange', at + 10)) n++;
      this.importedSignatures.set(sha256, n);
    }
    return n;
  }

  /** For versions recorded before their ledger index was kept: the first entry naming the version, remembered once found. */
  private findVersionEntry(r: Row): number | null {
    const first = this.ledger?.findBySubject(r.current_sha256)[0];
    if (!first) return null;
    this.ws.db.prepare('UPDATE document_versions SET ledger_index = ? WHERE document_id = ? AND seq = ?').run(first.index, r.id, r.current_seq);
    return first.index;
  }
}
