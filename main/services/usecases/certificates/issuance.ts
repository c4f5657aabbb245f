/**
 * Issuing a batch of certificates from a CSV file: each valid row is filled
 * into the template, given its signed QR code, sealed (PAdES, the seal's key
 * used on behalf of the authorised person) and anchored.
 *
 * Crash safety — no certificate is ever half-issued: a group of rows is
 * produced, each written durably as a pending file (DIR/.NAME.pdf.pending);
 * then one transaction records their register rows and ledger entries
 * (ecert.issued, seal.used); only then are the pending files renamed to
 * their names. A crash before the commit leaves pending files and nothing
 * recorded (the re-run issues those rows afresh); a crash after it leaves
 * recorded certificates whose pending files the re-run renames (checked
 * against the recorded SHA-256). Re-running skips every row whose number is
 * in the register. Status-list indexes are reserved before signing, so a
 * crash can leave a gap in the list but never reuses an index.
 *
 * Speed: the template (master), font, seal drawing and key are prepared
 * once; each row costs two small incremental updates, one ECDSA signature
 * for the QR and one for the PDF; the ledger appends of a group share one
 * transaction.
 */
import { closeSync, existsSync, fdatasyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { commitField } from '../../../../shared/identity/commitment';
import { parseCsv } from '../../../../shared/certificates/csv';
import { encodeQrText, type CertificateClaims } from '../../../../shared/certificates/payload';
import { checkHeader, checkRow, columnRules, type RowError } from '../../../../shared/certificates/rows';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { NewLedgerEntry } from '../../../../shared/ledger/entry-types';
import { syncDir } from '../../core/fs/atomic-write';
import { signPdf } from '../../engines/pdf-signing/sign-pdf';
import { sha256Hex, type CertificatesService } from './certificates-service';
import { openOfficeSigner } from './office-signer';
import { SEAL_FIELD } from './template-master';

export interface IssueInput {
  template: string;
  dataPath: string;
  sealId: string;
  personId: string;
  passphrase: string;
  outDir: string;
  /** The column holding the certificate number (default "number"). */
  idColumn?: string;
  /** Rows recorded per transaction (default 25). */
  groupSize?: number;
  /** Test hook: called after a group's pending files are written, before its transaction. */
  beforeCommit?: (numbers: string[]) => void;
}

export type IssueEvent =
  | { kind: 'issued'; line: number; number: string; outputPath: string; sha256: string; qrChars: number; qrVersion: number; ledgerIndex: number }
  | { kind: 'skipped'; line: number; number: string; reason: string }
  | { kind: 'repaired'; line: number; number: string; outputPath: string }
  | ({ kind: 'error' } & RowError);

export interface IssueSummary {
  rows: number;
  issued: number;
  skipped: number;
  repaired: number;
  errors: number;
  seconds: number;
  qr: { minChars: number; maxChars: number; maxVersion: number } | null;
}

const MAX_DATA_BYTES = 64 * 1024 * 1024;
const PENDING = '.pending';

/** A file name for a certificate number: letters, digits, . _ - kept; anything else makes it "_" plus a short digest. */
export function fileNameOf(number: string): string {
  const safe = number
    .replace(/[^\p{L}\p{N}._-]/gu, '_')
    .replace(/^\.+/, '_')
    .slice(0, 100);
  return safe === number ? `${safe}.pdf` : `${safe}-${sha256Hex(Buffer.from(number, 'utf8')).slice(0, 8)}.pdf`;
}

const pendingOf = (path: string): string => join(resolve(path, '..'), `.${basename(path)}${PENDING}`);

/**
 * A pending file: written and flushed to the device, under its pending name
 * (never the certificate's own), so a crash leaves at worst a pending file
 * the next run replaces. The folder is synced once per group, not per file.
 */
function writeDurably(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w', 0o644);
  try {
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A full collection every few groups keeps a long batch's RSS flat: each
 * certificate leaves a few hundred kB of short-lived pdf-lib and CMS objects,
 * which V8 would otherwise let pile up to well over the batch's working set
 * before collecting (measured: heap after collection stays ~50 MB from row 50
 * to row 300, while RSS without this grew by ~100 MB over 1,000 rows).
 */
let gcFunction: (() => void) | null = null;

function collectGarbage(): void {
  if (!gcFunction) {
    gcFunction = () => {};
    try {
      setFlagsFromString('--expose_gc');
      const gc = runInNewContext('gc') as unknown;
      if (typeof gc === 'function') gcFunction = gc as () => void;
    } catch {
      // Without it the batch still works; RSS merely grows until V8 collects.
    }
  }
  gcFunction();
}

const dayStart = (d: string): number => Date.parse(`${d}T00:00:00Z`) / 1000;
const dayEnd = (d: string): number => dayStart(d) + 86399;

export async function issueBatch(svc: CertificatesService, input: IssueInput, onEvent: (e: IssueEvent) => void = () => {}): Promise<IssueSummary> {
  const started = Date.now();
  const services = svc.services;
  const summary: IssueSummary = { rows: 0, issued: 0, skipped: 0, repaired: 0, errors: 0, seconds: 0, qr: null };
  const emit = (e: IssueEvent): void => {
    if (e.kind === 'issued') {
      summary.issued++;
      const q = summary.qr ?? { minChars: Infinity, maxChars: 0, maxVersion: 0 };
      summary.qr = { minChars: Math.min(q.minChars, e.qrChars), maxChars: Math.max(q.maxChars, e.qrChars), maxVersion: Math.max(q.maxVersion, e.qrVersion) };
    } else if (e.kind === 'skipped') summary.skipped++;
    else if (e.kind === 'repaired') summary.repaired++;
    else summary.errors++;
    onEvent(e);
  };
  const done = (): IssueSummary => ({ ...summary, seconds: (Date.now() - started) / 1000 });

  const template = svc.template(input.template);
  const idColumn = input.idColumn ?? template.fieldMap.payload.number ?? 'number';
  let size: number;
  try {
    size = statSync(input.dataPath).size;
  } catch {
    throw badInput(`${input.dataPath} cannot be read.`);
  }
  if (size > MAX_DATA_BYTES) throw badInput(`${input.dataPath} is larger than 64 MB; split the batch.`);
  const bytes = readFileSync(input.dataPath);
  const { records, errors: csvErrors } = parseCsv(bytes, 64 * 1024);
  const header = records.shift();
  for (const e of csvErrors.filter((e) => !header || e.line < header.line))
    emit({ kind: 'error', line: e.line, column: null, check: 'csv', message: e.message });
  if (!header) {
    if (csvErrors.length === 0)
      emit({ kind: 'error', line: 1, column: null, check: 'empty', message: `${input.dataPath} holds no header row (the file is empty)` });
    return done();
  }
  for (const e of csvErrors.filter((e) => e.line > header.line)) emit({ kind: 'error', line: e.line, column: null, check: 'csv', message: e.message });
  const names = header.fields.map((h) => h.trim());
  const rules = columnRules(template.fieldMap, idColumn);
  const headerProblems = checkHeader(names, rules);
  if (headerProblems.length > 0) {
    for (const p of headerProblems) emit({ kind: 'error', line: header.line, column: null, check: 'header', message: p });
    // Every data row is unusable without those columns: each is reported, none issued.
    for (const r of records) emit({ kind: 'error', line: r.line, column: null, check: 'header', message: `not issued: ${headerProblems[0]}` });
    summary.rows = records.length;
    return done();
  }
  summary.rows = records.length;

  const signer = openOfficeSigner(services, input.sealId, input.personId, input.passphrase);
  const { filler } = await svc.prepare(input.template, signer.seal);
  const list = svc.statusListOf(signer.seal.sealId, signer.certificate);
  mkdirSync(input.outDir, { recursive: true });
  const outDir = resolve(input.outDir);

  type Ready = { line: number; number: string; values: Record<string, string> };
  const seen = new Set<string>();
  const ready: Ready[] = [];
  for (const record of records) {
    const checked = checkRow(names, record, rules);
    if ('check' in checked) {
      emit({ kind: 'error', ...checked });
      continue;
    }
    const number = checked.values[idColumn];
    if (seen.has(number)) {
      emit({
        kind: 'error',
        line: record.line,
        column: idColumn,
        check: 'duplicate',
        message: `certificate number ${number} appears more than once in the file`,
      });
      continue;
    }
    seen.add(number);
    const known = svc.find(number);
    if (known) {
      const path = known.outputPath;
      if (!existsSync(path) && existsSync(pendingOf(path)) && sha256Hex(readFileSync(pendingOf(path))) === known.sha256) {
        renameSync(pendingOf(path), path);
        emit({ kind: 'repaired', line: record.line, number, outputPath: path });
      } else if (!existsSync(path)) {
        emit({
          kind: 'error',
          line: record.line,
          column: idColumn,
          check: 'missing-output',
          message: `certificate ${number} is in the register but its file ${path} is gone`,
        });
      } else emit({ kind: 'skipped', line: record.line, number, reason: 'already issued' });
      continue;
    }
    ready.push({ line: record.line, number, values: checked.values });
  }

  const groupSize = input.groupSize ?? 25;
  const map = template.fieldMap.payload;
  for (let g = 0; g < ready.length; g += groupSize) {
    const group = ready.slice(g, g + groupSize);
    const now = services.seals.now();
    const refused = services.seals.refusal(services.seals.get(signer.seal.sealId), input.personId, now);
    if (refused) services.seals.checkUse(signer.seal.sealId, input.personId, now); // anchors seal.refused and throws
    const firstIndex = svc.reserveIndexes(signer.seal.sealId, group.length);
    const produced: {
      row: Ready;
      path: string;
      sha256: string;
      qr: string;
      qrVersion: number;
      claims: CertificateClaims;
      cose: string;
      signedAttrs: string;
      filledSha256: string;
      salt: string;
    }[] = [];
    for (const [k, row] of group.entries()) {
      const v = row.values;
      const claims: CertificateClaims = {
        number: row.number,
        type: template.type,
        holder: v[map.holder],
        holderId: map.holderId && v[map.holderId] ? v[map.holderId] : undefined,
        issuerUscc: signer.seal.uscc,
        issuedAt: Math.floor(now.getTime() / 1000),
        validFrom: map.validFrom && v[map.validFrom] ? dayStart(v[map.validFrom]) : undefined,
        validUntil: map.validUntil && v[map.validUntil] ? dayEnd(v[map.validUntil]) : undefined,
        status: { idx: firstIndex + k, uri: list.uri },
      };
      let result;
      try {
        const { text, cose } = await encodeQrText(claims, signer.kid, signer.signRaw);
        const { pdf: filled, qrVersion } = await filler.fill(v, text);
        let signedAttrs = '';
        const signed = await signPdf(
          filled,
          { field: SEAL_FIELD, appearance: { kind: 'invisible' }, signingTime: now, reason: template.type },
          signer.pdfKey((d) => (signedAttrs = d)),
        );
        const out = new Uint8Array(signed.original.length + signed.appended.length);
        out.set(signed.original, 0);
        out.set(signed.appended, signed.original.length);
        const path = join(outDir, fileNameOf(row.number));
        writeDurably(pendingOf(path), out);
        result = {
          row,
          path,
          sha256: signed.sha256,
          qr: text,
          qrVersion: qrVersion ?? 0,
          claims,
          cose: sha256Hex(cose),
          signedAttrs,
          filledSha256: signed.inputSha256,
          salt: svc.newSalt(),
        };
      } catch (error) {
        if (error instanceof AffixError && error.code === 'BAD_INPUT') {
          emit({ kind: 'error', line: row.line, column: null, check: 'fill', message: error.message });
          continue;
        }
        throw error;
      }
      produced.push(result);
    }
    syncDir(outDir);
    input.beforeCommit?.(produced.map((p) => p.row.number));
    const issuedAt = now.toISOString();
    const db = services.workspace.db;
    const insert = db.prepare(
      'INSERT INTO cert_register (number, template, type, seal_id, person_id, status_uri, status_index, holder, holder_id, issued_at, valid_from, valid_until, sha256, output_path, qr, salt, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const receipts = db
      .transaction(() => {
        const entries: NewLedgerEntry[] = [];
        for (const p of produced) {
          entries.push({
            type: 'seal.used',
            subjects: [signer.seal.recordSha256, p.signedAttrs, p.filledSha256],
            actorKeyId: signer.seal.certSerial,
            refs: { sealId: signer.seal.sealId, personId: input.personId },
            time: issuedAt,
          });
          entries.push({
            type: 'ecert.issued',
            subjects: [p.sha256, p.cose],
            commitments: [commitField('number', p.row.number, p.salt), commitField('holder', p.claims.holder, p.salt)],
            actorKeyId: signer.seal.certSerial,
            refs: { template: template.name, sealId: signer.seal.sealId, statusUri: list.uri, statusIndex: String(p.claims.status.idx) },
            time: issuedAt,
          });
        }
        const appended = services.ledger.appendMany(entries);
        produced.forEach((p, i) => {
          const c = p.claims;
          insert.run(
            p.row.number,
            template.name,
            template.type,
            signer.seal.sealId,
            input.personId,
            list.uri,
            c.status.idx,
            c.holder,
            c.holderId ?? null,
            issuedAt,
            map.validFrom ? p.row.values[map.validFrom] || null : null,
            map.validUntil ? p.row.values[map.validUntil] || null : null,
            p.sha256,
            p.path,
            p.qr,
            p.salt,
            appended[2 * i + 1].index,
          );
        });
        return appended;
      })
      .immediate();
    for (const p of produced) renameSync(pendingOf(p.path), p.path);
    // Not needed for safety (a lost rename is redone by the re-run), but a finished batch should stay finished.
    if (produced.length > 0) syncDir(outDir);
    if ((g / groupSize) % 4 === 3) collectGarbage();
    produced.forEach((p, i) => {
      emit({
        kind: 'issued',
        line: p.row.line,
        number: p.row.number,
        outputPath: p.path,
        sha256: p.sha256,
        qrChars: p.qr.length,
        qrVersion: p.qrVersion,
        ledgerIndex: receipts[2 * i + 1].index,
      });
    });
  }
  // Pending files no register row names are from a run that crashed before its commit: never issued.
  for (const r of ready) {
    const pending = pendingOf(join(outDir, fileNameOf(r.number)));
    if (existsSync(pending) && !svc.find(r.number)) rmSync(pending, { force: true });
  }
  return done();
}
