/**
 * `affix cert …`: government electronic certificates — templates, batch
 * issuance with signed QR codes, the register, revocation, the status list,
 * and offline verification of a certificate's QR code.
 */
import { readFileSync } from 'node:fs';
import { parseOfficeKeys, type OfficeKey } from '../../../shared/certificates/office-keys';
import { NotACertificateCode, verifyCertificateQr, type CertVerification } from '../../../shared/certificates/verify-certificate';
import { CertificatesService, REVOCATION_REASONS, type RegisterRow } from '../../services/usecases/certificates/certificates-service';
import { certVerifierHtml } from '../../services/usecases/certificates/cert-verifier-html';
import { issueBatch, type IssueEvent } from '../../services/usecases/certificates/issuance';
import { qrFromFile } from '../../services/usecases/certificates/qr-image';
import { writeFileAtomic } from '../../services/core/fs/atomic-write';
import { defineCommand, optionalString, requireString, UsageError, type CommandContext } from '../command';
import { EXIT, type ExitStatus } from '../exit-status';
import { passphraseOption, stringList, workspacePassphrase } from './workspace-passphrase';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** Text from files (CSV values, QR claims) made safe for a terminal: control and direction-override characters shown as escapes. */
const safe = (s: string): string => s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const service = (ctx: CommandContext): CertificatesService => new CertificatesService(ctx.services());

function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    throw new UsageError(`${what} ${path} cannot be read`);
  }
}

const describeRow = (r: RegisterRow): string =>
  `${safe(r.number)}  ${safe(r.type)}  ${safe(r.holder)}${r.holderId ? ` (${safe(r.holderId)})` : ''}  issued ${r.issuedAt}${r.revokedAt ? `  REVOKED ${r.revokedAt} (${r.revokeReason})` : ''}`;

export const VERDICT_EXIT: Record<CertVerification['verdict'], ExitStatus> = {
  VALID: EXIT.OK,
  REVOKED: EXIT.VERIFICATION_FAILED,
  FAILED: EXIT.VERIFICATION_FAILED,
  INDETERMINATE: EXIT.INDETERMINATE,
};

function humanAge(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

export const certificateCommands = [
  defineCommand({
    name: 'cert template add',
    summary: 'Add a certificate template: a PDF with a field map, or a PDF with AcroForm text fields.',
    usage: 'NAME --pdf T.pdf [--fields MAP.json] [--type TEXT]',
    positionals: { min: 1, max: 1, names: 'NAME' },
    options: {
      pdf: { type: 'string', description: 'the designed certificate (any tool)', valueName: 'T.pdf' },
      fields: {
        type: 'string',
        description:
          'field map: {"fields": {column: {page, box: [x,y,w,h], fontSize, align, check}}, "qr": {page, box}, "seal": {page, box}, "payload": {holder, holderId, validFrom, validUntil}}',
        valueName: 'MAP.json',
      },
      type: { type: 'string', description: 'the certificate type carried in the QR code (default: the name)', valueName: 'TEXT' },
    },
    details:
      'AcroForm text fields become printed fields named like the field (a field named "qr" or "seal" gives that box). Boxes are in PDF points from the lower left. Checks: uscc, resident-id, date, none.',
    run: async (ctx, args) => {
      const t = await service(ctx).addTemplate({
        name: args.positionals[0],
        pdfPath: requireString(args, 'pdf'),
        fieldsPath: optionalString(args, 'fields'),
        type: optionalString(args, 'type'),
      });
      ctx.print(t, () => `Added template ${safe(t.name)} (${t.source}): fields ${t.fields.map(safe).join(', ') || '(from the form)'}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'cert template list',
    summary: 'List certificate templates.',
    run: (ctx) => {
      const list = service(ctx).listTemplates();
      ctx.print(list, () =>
        list.length === 0
          ? 'No templates.'
          : list.map((t) => `${safe(t.name)}  ${safe(t.type)}  ${t.source}  fields: ${t.fields.map(safe).join(', ')}`).join('\n'),
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'cert template preview',
    summary: 'Render a template filled with sample values (each field shows its name) to a PNG.',
    usage: 'NAME -o preview.png [--sample column=value ...]',
    positionals: { min: 1, max: 1, names: 'NAME' },
    options: {
      out: { type: 'string', short: 'o', description: 'the PNG to write', valueName: 'FILE.png' },
      sample: { type: 'string', multiple: true, description: 'a sample value for a column', valueName: 'COLUMN=VALUE' },
    },
    run: async (ctx, args) => {
      const sample: Record<string, string> = {};
      for (const s of stringList(args, 'sample')) {
        const i = s.indexOf('=');
        if (i <= 0) throw new UsageError(`--sample must be COLUMN=VALUE, got "${s}"`);
        sample[s.slice(0, i)] = s.slice(i + 1);
      }
      const r = await service(ctx).preview(args.positionals[0], requireString(args, 'out'), sample);
      ctx.print(r, () => `Wrote ${r.outputPath} (${r.width}×${r.height})`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'cert issue',
    summary: 'Issue certificates from a CSV: fill, QR code, seal (PAdES) and anchor each; resumable.',
    usage: '--template NAME --data ROWS.csv --seal SEAL_ID --as PERSON_ID -o DIR [--id-column C] [--passphrase-env VAR]',
    options: {
      template: { type: 'string', description: 'the template', valueName: 'NAME' },
      data: { type: 'string', description: 'UTF-8 CSV with a header row', valueName: 'ROWS.csv' },
      seal: { type: 'string', description: "the office's seal", valueName: 'SEAL_ID' },
      as: { type: 'string', description: 'the person authorised to use the seal', valueName: 'PERSON_ID' },
      out: { type: 'string', short: 'o', description: 'folder for the certificates (NUMBER.pdf)', valueName: 'DIR' },
      'id-column': { type: 'string', description: 'column with the certificate number (default "number")', valueName: 'C' },
      ...passphraseOption,
    },
    details:
      'Each bad row (missing column, invalid USCC/ID check character, over-long value, formula-like value, non-UTF-8) is reported with its line and skipped; the others are issued. Re-running skips rows already in the register. --json prints one JSON object per line per row, then the summary. Exit 0 when every row was issued or skipped, 2 when any row was refused.',
    run: async (ctx, args) => {
      const svc = service(ctx);
      const tty = !ctx.json && process.stderr.isTTY === true;
      let seen = 0;
      let total = 0;
      const onEvent = (e: IssueEvent): void => {
        seen++;
        if (ctx.json) ctx.out(JSON.stringify(e));
        else if (e.kind === 'error') ctx.err(`line ${e.line}: ${safe(e.message)}`);
        if (tty && total > 0) process.stderr.write(`\r[${'#'.repeat(Math.round((seen / total) * 30)).padEnd(30)}] ${seen}/${total}`);
      };
      try {
        total = Math.max(0, readInput(requireString(args, 'data'), 'data file').toString('latin1').split('\n').length - 1);
      } catch (error) {
        if (error instanceof UsageError) throw error;
      }
      const summary = await issueBatch(
        svc,
        {
          template: requireString(args, 'template'),
          dataPath: requireString(args, 'data'),
          sealId: requireString(args, 'seal'),
          personId: requireString(args, 'as'),
          passphrase: workspacePassphrase(ctx, args),
          outDir: requireString(args, 'out'),
          idColumn: optionalString(args, 'id-column'),
        },
        onEvent,
      );
      if (tty) process.stderr.write('\n');
      if (ctx.json) ctx.out(JSON.stringify({ kind: 'summary', ...summary }));
      else
        ctx.out(
          `${summary.issued} issued, ${summary.skipped} already issued, ${summary.repaired} completed after a crash, ${summary.errors} refused (of ${summary.rows} rows) in ${summary.seconds.toFixed(1)} s` +
            (summary.qr ? `; QR codes ${summary.qr.minChars}–${summary.qr.maxChars} characters, version ≤ ${summary.qr.maxVersion}` : ''),
        );
      return summary.errors > 0 ? EXIT.BAD_INPUT : EXIT.OK;
    },
  }),
  defineCommand({
    name: 'cert list',
    summary: 'The register of issued certificates (or export it as CSV, safe against formula injection).',
    usage: '[--search TEXT] [--csv OUT.csv]',
    options: {
      search: { type: 'string', description: 'number or holder contains', valueName: 'TEXT' },
      csv: { type: 'string', description: 'write the whole register as CSV', valueName: 'OUT.csv' },
    },
    run: (ctx, args) => {
      const svc = service(ctx);
      const csv = optionalString(args, 'csv');
      if (csv) {
        const r = svc.exportCsv(csv);
        ctx.print(r, () => `Wrote ${r.rows} certificates to ${r.outputPath}`);
        return EXIT.OK;
      }
      const rows = svc.list({ search: optionalString(args, 'search') });
      ctx.print(rows, () => (rows.length === 0 ? 'No certificates.' : rows.map(describeRow).join('\n')));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'cert revoke',
    summary: 'Revoke an issued certificate (it shows as REVOKED once a new status list is published).',
    usage: `NUMBER --reason ${REVOCATION_REASONS.join('|')}`,
    positionals: { min: 1, max: 1, names: 'NUMBER' },
    options: { reason: { type: 'string', description: REVOCATION_REASONS.join(', '), valueName: 'R' } },
    run: (ctx, args) => {
      const r = service(ctx).revoke(args.positionals[0], requireString(args, 'reason'));
      ctx.print(r, () => `Revoked ${describeRow(r)}\nPublish the status list (affix cert status-list) for verifiers to see it.`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'cert status-list',
    summary: 'Write the signed, dated status list (IETF Token Status List, CWT) and anchor it.',
    usage: '-o LIST.cwt --as PERSON_ID [--seal SEAL_ID] [--valid-days N] [--passphrase-env VAR]',
    options: {
      out: { type: 'string', short: 'o', description: 'the status list token', valueName: 'LIST.cwt' },
      seal: { type: 'string', description: 'the seal whose list (default: the only one)', valueName: 'SEAL_ID' },
      as: { type: 'string', description: 'the person authorised to use the seal', valueName: 'PERSON_ID' },
      'valid-days': { type: 'string', description: 'days until the list expires (default 7)', valueName: 'N' },
      ...passphraseOption,
    },
    run: async (ctx, args) => {
      const days = optionalString(args, 'valid-days');
      if (days !== undefined && !/^\d{1,4}$/.test(days)) throw new UsageError(`--valid-days must be a whole number of days, got "${days}"`);
      const r = await service(ctx).publishStatusList({
        sealId: optionalString(args, 'seal'),
        personId: requireString(args, 'as'),
        passphrase: workspacePassphrase(ctx, args),
        outputPath: requireString(args, 'out'),
        validDays: days === undefined ? undefined : Number(days),
      });
      ctx.print(
        r,
        () =>
          `Wrote ${r.outputPath}: ${r.uri}, ${r.size} entries, ${r.revoked} revoked, issued ${r.issuedAt}, expires ${r.expiresAt}; ledger entry ${r.ledgerIndex}`,
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'cert office-keys',
    summary: "Write the office keys file verifiers pin (each issuing seal's certificate and key id).",
    usage: '-o OFFICE.json [--seal SEAL_ID]',
    options: {
      out: { type: 'string', short: 'o', description: 'the file to write', valueName: 'OFFICE.json' },
      seal: { type: 'string', description: 'only this seal', valueName: 'SEAL_ID' },
    },
    run: (ctx, args) => {
      const keys = service(ctx).officeKeys(optionalString(args, 'seal'));
      const out = requireString(args, 'out');
      writeFileAtomic(out, JSON.stringify(keys, null, 2) + '\n');
      ctx.print({ outputPath: out, offices: keys.offices.map((o) => ({ kid: o.kid, name: o.name, uscc: o.uscc })) }, () =>
        keys.offices.map((o) => `${o.kid}  ${safe(o.name)}  ${o.uscc}`).join('\n'),
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'cert verifier',
    summary: 'Write cert-verifier.html: an offline page that reads a QR code (image or camera) with the office keys pinned.',
    usage: '-o cert-verifier.html [--seal SEAL_ID]',
    options: {
      out: { type: 'string', short: 'o', description: 'the page to write', valueName: 'FILE.html' },
      seal: { type: 'string', description: 'pin only this seal (default: every seal that issued certificates)', valueName: 'SEAL_ID' },
    },
    run: (ctx, args) => {
      const keys = service(ctx).officeKeys(optionalString(args, 'seal'));
      const out = requireString(args, 'out');
      writeFileAtomic(out, certVerifierHtml(keys));
      ctx.print({ outputPath: out, pinned: keys.offices.map((o) => o.kid) }, () => `Wrote ${out} with ${keys.offices.length} office key(s) pinned`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'cert verify',
    summary: "Verify a certificate's QR code offline: signature by a pinned office key, dates, status list.",
    usage: '(--qr TEXT | --image FILE.png|FILE.pdf) (--trust-policy OFFICE.json | --office-key CERT.pem ...) [--status-list LIST.cwt ...]',
    options: {
      qr: { type: 'string', description: 'the QR text (AFX1:…)', valueName: 'TEXT' },
      image: { type: 'string', description: 'a scan (PNG) or the certificate PDF', valueName: 'FILE' },
      'trust-policy': { type: 'string', description: 'office keys file (affix cert office-keys)', valueName: 'F' },
      'office-key': { type: 'string', multiple: true, description: "an office seal's certificate (PEM/DER) or office keys file", valueName: 'FILE' },
      'status-list': { type: 'string', multiple: true, description: 'status lists held; the newest that applies is used', valueName: 'LIST' },
    },
    details:
      'Exit 0 valid, 1 failed or revoked, 2 bad input, 3 indeterminate (no pinned key for the code, or the newest list held has expired). No workspace is needed.',
    run: async (ctx, args) => {
      const qr = optionalString(args, 'qr');
      const image = optionalString(args, 'image');
      if ((qr === undefined) === (image === undefined)) throw new UsageError('give exactly one of --qr TEXT or --image FILE');
      const offices: OfficeKey[] = [];
      for (const f of [...stringList(args, 'trust-policy'), ...stringList(args, 'office-key')]) {
        try {
          offices.push(...parseOfficeKeys(readInput(f, 'office key file')));
        } catch (error) {
          if (error instanceof UsageError) throw error;
          throw new UsageError(`${f}: ${(error as Error).message}`);
        }
      }
      const lists = stringList(args, 'status-list').map((f) => new Uint8Array(readInput(f, 'status list')));
      let text = qr;
      if (image !== undefined) {
        readInput(image, 'image');
        const found = await qrFromFile(image);
        // Nothing to verify: a problem with the input (a blurred scan, the wrong page), not a failed check.
        if (found === null) throw new UsageError(`no QR code could be read in ${image}`);
        text = found;
      }
      let v: CertVerification;
      try {
        v = await verifyCertificateQr(text!, { offices, statusLists: lists });
      } catch (error) {
        if (error instanceof NotACertificateCode) throw new UsageError(error.message);
        throw error;
      }
      ctx.print(v, () => {
        const c = v.claims;
        const lines = [`${v.verdict}: ${safe(v.reason)}`];
        if (c) {
          lines.push(`  certificate  ${safe(c.number)}  ${safe(c.type)}`);
          lines.push(`  holder       ${safe(c.holder)}${c.holderId ? ` (${safe(c.holderId)})` : ''}`);
          lines.push(`  issuer       ${safe(v.office?.name ?? '')} ${safe(c.issuerUscc)}`);
          lines.push(
            `  issued       ${new Date(c.issuedAt * 1000).toISOString()}${c.validUntil ? `, valid until ${new Date(c.validUntil * 1000).toISOString().slice(0, 10)}` : ''}`,
          );
        }
        if (v.statusList)
          lines.push(`  status list  of ${v.statusList.issuedAt} (${humanAge(v.statusList.ageSeconds)} old)${v.statusList.expired ? ', EXPIRED' : ''}`);
        for (const ch of v.checks) lines.push(`  [${ch.ok === true ? 'ok' : ch.ok === false ? 'FAIL' : '??'}] ${ch.id}: ${safe(ch.detail)}`);
        for (const i of v.ignoredLists) lines.push(`  ignored ${safe(i)}`);
        return lines.join('\n');
      });
      return VERDICT_EXIT[v.verdict];
    },
  }),
];
