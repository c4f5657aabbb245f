/**
 * The certificates contract methods (listed in handlers.ts). Issued
 * certificates are kept in the workspace folder (certificates/TEMPLATE/),
 * the register points at them, and the window downloads each one: the user
 * never types an output folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOfficeKeys } from '../../shared/certificates/office-keys';
import { NotACertificateCode, verifyCertificateQr } from '../../shared/certificates/verify-certificate';
import type { z } from 'zod';
import type { CertIssueEventSchema } from '../../shared/contract/certificates';
import { AffixError, badInput } from '../../shared/errors/affix-error';
import { CertificatesService, type RegisterRow } from '../services/usecases/certificates/certificates-service';
import { fileNameOf, issueBatch } from '../services/usecases/certificates/issuance';
import { qrFromFile } from '../services/usecases/certificates/qr-image';
import type { Services } from '../services/composition/container';
import { decodeBase64 } from '../services/domain/documents/base64-pdf';
import type { Handlers } from './router';
import { withScratch } from './scratch-dir';

/** Refused rows kept in a job's result; a 10,000-row file of bad rows must not make the answer huge. */
const MAX_REFUSED = 500;

const registerView = ({ outputPath: _path, qr: _qr, statusUri: _uri, statusIndex: _index, ...row }: RegisterRow) => row;

export function certificatesHandlers(s: Services): Handlers['certificates'] {
  const svc = () => new CertificatesService(s);
  return {
    templates: () =>
      svc()
        .listTemplates()
        .map(({ fieldMap: _map, ...t }) => t),
    addTemplate: ({ name, pdf, fields, type }) =>
      withScratch(s.workspace.home, async (scratch) => {
        const { fieldMap: _map, ...t } = await svc().addTemplate({
          name,
          pdfPath: scratch.put(pdf.name, decodeBase64(pdf.base64, pdf.name)),
          fieldsPath: fields && scratch.put(fields.name, decodeBase64(fields.base64, fields.name)),
          type,
        });
        return t;
      }),
    preview: ({ name }) =>
      withScratch(s.workspace.home, async (scratch) => {
        const r = await svc().preview(name, scratch.path('preview.png'), {}, 1);
        return { png: readFileSync(r.outputPath).toString('base64'), width: r.width, height: r.height };
      }),
    issueStart: ({ template, data, sealId, personId, passphrase, idColumn }) => {
      const csv = decodeBase64(data.base64, data.name);
      svc().template(template);
      const total = Math.max(
        1,
        csv
          .toString('latin1')
          .split('\n')
          .filter((l) => l.trim()).length - 1,
      );
      const jobId = s.jobs.start('certificates.issue', total, (ctx) =>
        withScratch(s.workspace.home, async (scratch) => {
          const dataPath = scratch.put(data.name, csv);
          const refused: z.infer<typeof CertIssueEventSchema>[] = [];
          let done = 0;
          const summary = await issueBatch(
            svc(),
            { template, dataPath, sealId, personId, passphrase, outDir: join(s.workspace.home, 'certificates', template), idColumn },
            (e) => {
              done++;
              ctx.progress(done, total);
              if (e.kind === 'error' && refused.length < MAX_REFUSED)
                refused.push({ line: e.line, number: null, column: e.column, check: e.check, message: e.message.replaceAll(dataPath, data.name) });
              // Stops between groups: what was issued stays issued (and is skipped when the same file is issued again).
              if (e.kind === 'issued' && ctx.signal.aborted) throw new AffixError('CANCELLED', 'The job was cancelled.');
            },
          );
          const { seconds: _seconds, ...counts } = summary;
          return { kind: 'certificates.issue' as const, summary: { ...counts, refused } };
        }),
      );
      return { jobId };
    },
    list: ({ search, limit }) =>
      svc()
        .list({ search, limit: limit ?? 1000 })
        .map(registerView),
    revoke: ({ number, reason }) => registerView(svc().revoke(number, reason)),
    download: ({ number }) => {
      const row = svc().get(number);
      let bytes: Buffer;
      try {
        bytes = readFileSync(row.outputPath);
      } catch {
        throw new AffixError('NOT_FOUND', `The file of certificate ${number} is no longer in the workspace; issue it again from its CSV.`);
      }
      return { fileName: fileNameOf(number), base64: bytes.toString('base64') };
    },
    publishStatusList: ({ personId, passphrase, sealId, validDays }) =>
      withScratch(s.workspace.home, async (scratch) => {
        const r = await svc().publishStatusList({ personId, passphrase, sealId, validDays, outputPath: scratch.path('status-list.cwt') });
        const { outputPath, sha256: _sha, ...info } = r;
        return { ...info, fileName: `status-list-${r.issuedAt.slice(0, 10)}.cwt`, base64: readFileSync(outputPath).toString('base64') };
      }),
    verify: ({ qr, image, statusLists }) =>
      withScratch(s.workspace.home, async (scratch) => {
        if ((qr === undefined) === (image === undefined)) throw badInput('Give the QR text or a scan or PDF of the certificate (one of them).');
        let text = qr;
        if (image) {
          const found = await qrFromFile(scratch.put(image.name, decodeBase64(image.base64, image.name)));
          if (found === null) throw badInput(`No QR code could be read in ${image.name}; scan it again, sharper and straight.`);
          text = found;
        }
        const offices = parseOfficeKeys(Buffer.from(JSON.stringify(svc().officeKeys())));
        try {
          return await verifyCertificateQr(text!, { offices, statusLists: statusLists.map((l) => new Uint8Array(decodeBase64(l.base64, l.name))) });
        } catch (error) {
          if (error instanceof NotACertificateCode) throw badInput(error.message);
          throw error;
        }
      }),
  };
}
