/**
 * Government electronic certificates: templates, the register of issued
 * certificates, revocation and the signed status list. Issuing a batch is
 * in issuance.ts. Every issuance, revocation and published list is anchored
 * on the ledger with digests and salted commitments only (the register in
 * the workspace keeps the printed values; the ledger never does).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PDFDocument } from '@cantoo/pdf-lib';
import { createHash } from 'node:crypto';
import { csvLine } from '../../../../shared/certificates/csv';
import { parseFieldMap, type FieldMap } from '../../../../shared/certificates/field-map';
import { OFFICE_KEYS_FORMAT, kidOf, type OfficeKeysFile } from '../../../../shared/certificates/office-keys';
import { signStatusList } from '../../../../shared/certificates/status-list';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { Workspace } from '../../core/workspace/workspace';
import type { LedgerService } from '../../domain/ledger/ledger-service';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { readWholeFile } from '../../core/fs/input-file';
import { sealAppearanceFor, type SealFace } from '../../domain/seals/seal-appearance';
import { renderPdfPage } from '../../engines/pdf-pages/render-pdf-page';
import { sealAppearance } from '../../engines/appearance/seal';
import { CertificateFiller } from './fill';
import { openOfficeSigner, type OfficeSignerDeps } from './office-signer';
import { acroFormFields, buildMaster, layoutOf } from './template-master';

export interface TemplateView {
  name: string;
  type: string;
  pdfSha256: string;
  source: 'field-map' | 'acroform' | 'both';
  fields: string[];
  fieldMap: FieldMap;
  createdAt: string;
}

export interface RegisterRow {
  number: string;
  template: string;
  type: string;
  sealId: string;
  personId: string;
  statusUri: string;
  statusIndex: number;
  holder: string;
  holderId: string | null;
  issuedAt: string;
  validFrom: string | null;
  validUntil: string | null;
  sha256: string;
  outputPath: string;
  qr: string;
  ledgerIndex: number | null;
  revokedAt: string | null;
  revokeReason: string | null;
}

interface RegisterDbRow {
  number: string;
  template: string;
  type: string;
  seal_id: string;
  person_id: string;
  status_uri: string;
  status_index: number;
  holder: string;
  holder_id: string | null;
  issued_at: string;
  valid_from: string | null;
  valid_until: string | null;
  sha256: string;
  output_path: string;
  qr: string;
  ledger_index: number | null;
  revoked_at: string | null;
  revoke_reason: string | null;
}

const toView = (r: RegisterDbRow): RegisterRow => ({
  number: r.number,
  template: r.template,
  type: r.type,
  sealId: r.seal_id,
  personId: r.person_id,
  statusUri: r.status_uri,
  statusIndex: r.status_index,
  holder: r.holder,
  holderId: r.holder_id,
  issuedAt: r.issued_at,
  validFrom: r.valid_from,
  validUntil: r.valid_until,
  sha256: r.sha256,
  outputPath: r.output_path,
  qr: r.qr,
  ledgerIndex: r.ledger_index,
  revokedAt: r.revoked_at,
  revokeReason: r.revoke_reason,
});

const TEMPLATE_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;
const MAX_TEMPLATE_BYTES = 50 * 1024 * 1024;
export const REVOCATION_REASONS = ['revoked', 'superseded', 'withdrawn', 'error', 'fraud', 'cessation'] as const;

export const sha256Hex = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** The services the register uses: the workspace, its ledger, and what opening the office seal needs. */
export interface CertificatesDeps extends OfficeSignerDeps {
  readonly workspace: Workspace;
  readonly ledger: LedgerService;
}

export class CertificatesService {
  constructor(readonly services: CertificatesDeps) {}

  private get db() {
    return this.services.workspace.db;
  }

  // ── templates ───────────────────────────────────────────────────────────

  async addTemplate(input: { name: string; pdfPath: string; fieldsPath?: string; type?: string }): Promise<TemplateView> {
    if (!TEMPLATE_NAME.test(input.name)) throw badInput(`Template name "${input.name.slice(0, 80)}" must be 1–64 letters, digits, ".", "_" or "-".`);
    if (this.db.prepare('SELECT 1 FROM cert_templates WHERE name = ?').get(input.name))
      throw new AffixError('CONFLICT', `A template named ${input.name} exists already.`);
    const pdf = readWholeFile(input.pdfPath);
    if (pdf.length > MAX_TEMPLATE_BYTES) throw badInput(`${input.pdfPath} is larger than 50 MB; a certificate template should be far smaller.`);
    let map: FieldMap;
    if (input.fieldsPath) {
      let json: unknown;
      try {
        json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(readWholeFile(input.fieldsPath)));
      } catch (error) {
        if (error instanceof AffixError) throw error;
        throw badInput(`${input.fieldsPath} is not a JSON field map (${(error as Error).message}).`);
      }
      try {
        map = parseFieldMap(json);
      } catch (error) {
        throw badInput(`${input.fieldsPath}: ${(error as Error).message}`);
      }
    } else map = parseFieldMap({});
    if (input.type) map = { ...map, type: input.type };
    let doc: PDFDocument;
    try {
      doc = await PDFDocument.load(pdf, { updateMetadata: false });
    } catch (error) {
      throw badInput(`${input.pdfPath} is not a PDF pdf-lib can read (${(error as Error).message}).`);
    }
    if (doc.isEncrypted) throw badInput(`${input.pdfPath} is encrypted; remove the encryption first.`);
    const form = acroFormFields(doc);
    const layout = layoutOf(doc, map, form);
    if (Object.keys(layout.fields).length === 0)
      throw badInput(`${input.pdfPath} has no AcroForm text fields and no field map was given (--fields MAP.json): nothing would be printed.`);
    const fromForm = Object.keys(form.fields).length > 0;
    const fromMap = Object.keys(map.fields).length > 0;
    const source = fromForm && fromMap ? 'both' : fromForm ? 'acroform' : 'field-map';
    // The form's fields are recorded in the map, so the template lists (and checks) every printed column.
    map = { ...map, fields: layout.fields, qr: map.qr ?? form.qr, seal: map.seal ?? form.seal };
    const sha = this.services.workspace.blobs.put(pdf);
    this.db
      .prepare('INSERT INTO cert_templates (name, pdf_sha256, field_map, source, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(input.name, sha, JSON.stringify(map), source, new Date().toISOString());
    return this.template(input.name);
  }

  template(name: string): TemplateView {
    const row = this.db
      .prepare<[string], { name: string; pdf_sha256: string; field_map: string; source: TemplateView['source']; created_at: string }>(
        'SELECT * FROM cert_templates WHERE name = ?',
      )
      .get(name);
    if (!row) throw new AffixError('NOT_FOUND', `No certificate template ${name} (see \`affix cert template list\`).`);
    const map = parseFieldMap(JSON.parse(row.field_map));
    return {
      name: row.name,
      type: map.type ?? row.name,
      pdfSha256: row.pdf_sha256,
      source: row.source,
      fields: Object.keys(map.fields),
      fieldMap: map,
      createdAt: row.created_at,
    };
  }

  listTemplates(): TemplateView[] {
    return this.db
      .prepare<[], { name: string }>('SELECT name FROM cert_templates ORDER BY created_at, name')
      .all()
      .map((r) => this.template(r.name));
  }

  /** The template's master (AcroForm fields flattened, seal field, fill placeholders) and a filler for it. */
  async prepare(name: string, seal: SealFace): Promise<{ template: TemplateView; filler: CertificateFiller; fields: string[] }> {
    const template = this.template(name);
    const pdf = this.services.workspace.blobs.get(template.pdfSha256);
    const spec = sealAppearanceFor(seal);
    const { bytes, layout } = await buildMaster(
      pdf,
      template.fieldMap,
      sealAppearance({ orgName: spec.orgName, sealText: spec.sealText, code: spec.code, shape: spec.shape }),
    );
    return { template, filler: new CertificateFiller(bytes, layout), fields: Object.keys(layout.fields) };
  }

  /** A PNG of the template's first page filled with sample values (each field shows its own name unless given). */
  async preview(
    name: string,
    outputPath: string,
    sample: Record<string, string> = {},
    scale = 2,
  ): Promise<{ outputPath: string; width: number; height: number }> {
    const { filler, fields } = await this.prepare(name, { legalName: '示例发证机关', name: '示例发证机关', uscc: '', type: 'official' });
    const values = Object.fromEntries(fields.map((f) => [f, sample[f] ?? f]));
    const { pdf } = await filler.fill(values, 'AFX1:' + 'PREVIEW'.repeat(40));
    const png = await renderPdfPage(pdf, 0, scale);
    writeFileAtomic(outputPath, png.png);
    return { outputPath, width: png.width, height: png.height };
  }

  // ── status lists ────────────────────────────────────────────────────────

  /** The status list of a seal (one per office seal key): its URI and key id, created on first use. */
  statusListOf(sealId: string, certificateDer: Uint8Array): { uri: string; kid: string } {
    const kid = Buffer.from(kidOf(certificateDer)).toString('hex');
    const uri = `afx:sl:${kid.slice(0, 8)}`;
    this.db.prepare('INSERT OR IGNORE INTO cert_status_lists (seal_id, uri, kid, next_index) VALUES (?, ?, ?, 0)').run(sealId, uri, kid);
    return { uri, kid };
  }

  /** Reserves `n` consecutive indexes (a crash leaves a gap, never a reuse). */
  reserveIndexes(sealId: string, n: number): number {
    return this.db
      .transaction(() => {
        const row = this.db.prepare<[string], { next_index: number }>('SELECT next_index FROM cert_status_lists WHERE seal_id = ?').get(sealId);
        if (!row) throw new AffixError('INTERNAL', `no status list for seal ${sealId}`);
        this.db.prepare('UPDATE cert_status_lists SET next_index = next_index + ? WHERE seal_id = ?').run(n, sealId);
        return row.next_index;
      })
      .immediate();
  }

  /** Signs and writes the status list of every seal that issued certificates (or one), anchoring each. */
  async publishStatusList(input: {
    sealId?: string;
    personId: string;
    passphrase: string;
    outputPath: string;
    validDays?: number;
  }): Promise<{ outputPath: string; uri: string; issuedAt: string; expiresAt: string; size: number; revoked: number; sha256: string; ledgerIndex: number }> {
    const lists = this.db
      .prepare<[], { seal_id: string; uri: string; next_index: number }>('SELECT seal_id, uri, next_index FROM cert_status_lists ORDER BY seal_id')
      .all();
    const chosen = input.sealId ? lists.filter((l) => l.seal_id === input.sealId) : lists;
    if (chosen.length === 0)
      throw badInput(
        input.sealId
          ? `Seal ${input.sealId} has issued no certificates: it has no status list.`
          : 'No certificates were issued in this workspace: there is no status list.',
      );
    if (chosen.length > 1) throw badInput(`Several seals issued certificates (${chosen.map((l) => l.seal_id).join(', ')}); name one with --seal.`);
    const list = chosen[0];
    const signer = openOfficeSigner(this.services, list.seal_id, input.personId, input.passphrase);
    const revoked = this.db
      .prepare<[string], { status_index: number }>('SELECT status_index FROM cert_register WHERE status_uri = ? AND revoked_at IS NOT NULL')
      .all(list.uri)
      .map((r) => r.status_index);
    const now = new Date();
    const issuedAt = Math.floor(now.getTime() / 1000);
    const validDays = input.validDays ?? 7;
    const expiresAt = issuedAt + validDays * 86400;
    const bytes = await signStatusList({ uri: list.uri, issuedAt, expiresAt, ttl: 86400, size: list.next_index, revoked }, signer.kid, signer.signRaw);
    const sha = sha256Hex(bytes);
    const ledgerIndex = this.db
      .transaction(() => {
        const receipt = this.services.ledger.append({
          type: 'ecert.status-list',
          subjects: [sha],
          actorKeyId: signer.seal.certSerial,
          refs: { sealId: list.seal_id, uri: list.uri, size: String(list.next_index), revoked: String(revoked.length), issuedAt: now.toISOString() },
        });
        this.db
          .prepare('INSERT INTO cert_status_published (seal_id, uri, issued_at, sha256, size, revoked, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(list.seal_id, list.uri, new Date(issuedAt * 1000).toISOString(), sha, list.next_index, revoked.length, receipt.index);
        return receipt.index;
      })
      .immediate();
    writeFileAtomic(input.outputPath, bytes);
    return {
      outputPath: input.outputPath,
      uri: list.uri,
      issuedAt: new Date(issuedAt * 1000).toISOString(),
      expiresAt: new Date(expiresAt * 1000).toISOString(),
      size: list.next_index,
      revoked: revoked.length,
      sha256: sha,
      ledgerIndex,
    };
  }

  /** The office keys file for verifiers: every seal that issued certificates (or the one given). */
  officeKeys(sealId?: string): OfficeKeysFile {
    const seals = sealId
      ? [sealId]
      : this.db
          .prepare<[], { seal_id: string }>('SELECT seal_id FROM cert_status_lists ORDER BY seal_id')
          .all()
          .map((r) => r.seal_id);
    if (seals.length === 0) throw badInput('No seal has issued certificates yet; name one with --seal.');
    return {
      format: OFFICE_KEYS_FORMAT,
      version: 1,
      offices: seals.map((id) => {
        const seal = this.services.seals.get(id);
        const der = this.services.pki.certificateDer(seal.certSerial);
        return { kid: Buffer.from(kidOf(der)).toString('hex'), name: seal.legalName, uscc: seal.uscc, certificate: der.toString('base64') };
      }),
    };
  }

  // ── register ────────────────────────────────────────────────────────────

  get(number: string): RegisterRow {
    const row = this.db.prepare<[string], RegisterDbRow>('SELECT * FROM cert_register WHERE number = ?').get(number);
    if (!row) throw new AffixError('NOT_FOUND', `No certificate ${number} in the register.`);
    return toView(row);
  }

  find(number: string): RegisterRow | null {
    const row = this.db.prepare<[string], RegisterDbRow>('SELECT * FROM cert_register WHERE number = ?').get(number);
    return row ? toView(row) : null;
  }

  list(filter: { search?: string; limit?: number } = {}): RegisterRow[] {
    const limit = filter.limit ?? 1_000_000;
    const rows = filter.search
      ? this.db
          .prepare<[string, string, number], RegisterDbRow>(
            "SELECT * FROM cert_register WHERE number LIKE ? ESCAPE '\\' OR holder LIKE ? ESCAPE '\\' ORDER BY issued_at, number LIMIT ?",
          )
          .all(...([`%${escapeLike(filter.search)}%`, `%${escapeLike(filter.search)}%`, limit] as [string, string, number]))
      : this.db.prepare<[number], RegisterDbRow>('SELECT * FROM cert_register ORDER BY issued_at, number LIMIT ?').all(limit);
    return rows.map(toView);
  }

  /** The register as CSV, every cell safe against formula injection. */
  exportCsv(outputPath: string): { outputPath: string; rows: number } {
    const rows = this.list();
    const header = [
      'number',
      'type',
      'holder',
      'holder_id',
      'issued_at',
      'valid_from',
      'valid_until',
      'status',
      'revoked_at',
      'revoke_reason',
      'seal_id',
      'sha256',
      'ledger_index',
    ];
    const lines = [csvLine(header)];
    for (const r of rows) {
      lines.push(
        csvLine([
          r.number,
          r.type,
          r.holder,
          r.holderId ?? '',
          r.issuedAt,
          r.validFrom ?? '',
          r.validUntil ?? '',
          r.revokedAt ? 'revoked' : 'issued',
          r.revokedAt ?? '',
          r.revokeReason ?? '',
          r.sealId,
          r.sha256,
          r.ledgerIndex === null ? '' : String(r.ledgerIndex),
        ]),
      );
    }
    writeFileAtomic(outputPath, '\ufeff' + lines.join(''));
    return { outputPath, rows: rows.length };
  }

  revoke(number: string, reason: string): RegisterRow {
    if (!(REVOCATION_REASONS as readonly string[]).includes(reason))
      throw badInput(`--reason must be one of ${REVOCATION_REASONS.join(', ')}, not "${reason.slice(0, 40)}".`);
    const row = this.get(number);
    if (row.revokedAt) throw new AffixError('CONFLICT', `Certificate ${number} was revoked already on ${row.revokedAt}.`);
    const now = new Date().toISOString();
    this.db
      .transaction(() => {
        const receipt = this.services.ledger.append({
          type: 'ecert.revoked',
          subjects: [row.sha256],
          refs: { sealId: row.sealId, statusUri: row.statusUri, statusIndex: String(row.statusIndex), reason },
          time: now,
        });
        this.db
          .prepare('UPDATE cert_register SET revoked_at = ?, revoke_reason = ?, revoke_ledger_index = ? WHERE number = ? AND revoked_at IS NULL')
          .run(now, reason, receipt.index, number);
      })
      .immediate();
    return this.get(number);
  }

  newSalt(): string {
    return randomBytes(16).toString('hex');
  }
}

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Reads a file given on the command line whole (small inputs: templates, maps, status lists). */
export const readSmallFile = (path: string): Buffer => readFileSync(path);
