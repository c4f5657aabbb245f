/**
 * The documents a workspace knows: each import is stored content-addressed and
 * every later version (a new signature revision) is recorded beside it, so the
 * audit trail can always say which bytes existed when.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { DocumentSummary } from '../../../shared/contract/documents';
import { AffixError, badInput } from '../../../shared/errors/affix-error';
import type { Anchor } from '../../../shared/ledger/entry-types';
import type { Workspace } from '../workspace/workspace';
import { assertLooksLikePdf } from './pdf-sniff';

interface Row {
  id: string;
  name: string;
  sha256: string;
  bytes: number;
  imported_at: string;
  current_sha256: string;
  versions: number;
}

const SELECT = `SELECT d.id, d.name, d.sha256, d.bytes, d.imported_at,
  (SELECT v.sha256 FROM document_versions v WHERE v.document_id = d.id ORDER BY v.seq DESC LIMIT 1) AS current_sha256,
  (SELECT COUNT(*) FROM document_versions v WHERE v.document_id = d.id) AS versions
  FROM documents d`;

const toSummary = (r: Row): DocumentSummary => ({
  id: r.id,
  name: r.name,
  sha256: r.sha256,
  bytes: r.bytes,
  importedAt: r.imported_at,
  currentSha256: r.current_sha256,
  versions: r.versions,
});

export class DocumentsService {
  constructor(
    private readonly ws: Workspace,
    private readonly anchor?: Anchor,
  ) {}

  list(): DocumentSummary[] {
    return this.ws.db.prepare<[], Row>(`${SELECT} ORDER BY d.imported_at DESC, d.rowid DESC`).all().map(toSummary);
  }

  get(id: string): DocumentSummary {
    const row = this.ws.db.prepare<[string], Row>(`${SELECT} WHERE d.id = ?`).get(id);
    if (!row) throw new AffixError('NOT_FOUND', `No document with id ${id}.`);
    return toSummary(row);
  }

  /** Finds a document by id, or by the digest of any of its versions. */
  findBySha256(sha256: string): DocumentSummary | null {
    const row = this.ws.db
      .prepare<[string], { document_id: string }>('SELECT document_id FROM document_versions WHERE sha256 = ? LIMIT 1')
      .get(sha256);
    return row ? this.get(row.document_id) : null;
  }

  importFile(path: string, name?: string): DocumentSummary {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw badInput(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, error);
    }
    return this.importBytes(bytes, name ?? basename(path));
  }

  importBytes(bytes: Uint8Array, name: string): DocumentSummary {
    assertLooksLikePdf(bytes, name);
    const sha256 = this.ws.blobs.put(bytes);
    const existing = this.findBySha256(sha256);
    if (existing) return existing;
    const id = randomUUID();
    const now = new Date().toISOString();
    this.ws.db.transaction(() => {
      this.ws.db
        .prepare('INSERT INTO documents (id, name, sha256, bytes, imported_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, name, sha256, bytes.length, now);
      this.ws.db
        .prepare("INSERT INTO document_versions (document_id, seq, sha256, bytes, created_at, reason) VALUES (?, 1, ?, ?, ?, 'imported')")
        .run(id, sha256, bytes.length, now);
      this.anchor?.append({ type: 'document.anchored', subjects: [sha256], refs: { documentId: id }, time: now });
    })();
    return this.get(id);
  }

  /** Records a new version (e.g. after signing); the bytes must already be a complete PDF. */
  addVersion(documentId: string, bytes: Uint8Array, reason: string): DocumentSummary {
    const doc = this.get(documentId);
    const sha256 = this.ws.blobs.put(bytes);
    const now = new Date().toISOString();
    this.ws.db.transaction(() => {
      this.ws.db
        .prepare('INSERT INTO document_versions (document_id, seq, sha256, bytes, created_at, reason) VALUES (?, ?, ?, ?, ?, ?)')
        .run(documentId, doc.versions + 1, sha256, bytes.length, now, reason);
      this.anchor?.append({
        type: 'document.versioned',
        subjects: [sha256, doc.sha256],
        refs: { documentId, reason },
        time: now,
      });
    })();
    return this.get(documentId);
  }

  bytesOf(sha256: string): Buffer {
    return this.ws.blobs.get(sha256);
  }
}
