/**
 * The certificates contract methods (listed in handlers.ts). Issued
 * certificates are kept in the workspace folder (certificates/TEMPLATE/),
 * the register points at them, and the window downloads each one: the user
 * never types an output folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { CertIssueEventSchema } from '../../shared/contract/certificates';
import { AffixError, badInput } from '../../shared/errors/affix-error';
import type { RegisterRow } from '../services/usecases/certificates/certificates-service';
import type { Services } from '../services/composition/container';
import { decodeBase64 } from '../services/domain/documents/base64-pdf';
import type { Handlers } from './router';
import { withScratch } from './scratch-dir';

/** Refused rows kept in a job's result; a 10,000-row file of bad rows must not make the answer huge. */
const MAX_REFUSED = 500;

const registerView = ({ outputPath: _path, qr: _qr, statusUri: _uri, statusIndex: _index, ...row }: RegisterRow) => row;

export function certificatesHandlers(s: Services): Handlers['certificates'] {
  // The service, issuance and QR reading are loaded on first use: they pull in pdf-lib, pdf.js and the
  // canvas, which every other router method (and the lean CLI's `status`) must not pay for.
  const svc = async () => new (await import('../services/usecases/certificates/certificates-service')).CertificatesService(s);
  const issuance = () => import('../services/usecases/certificates/issuance');
  return {
    templates: async () => (await svc()).listTemplates().map(({ fieldMap: _map, ...t }) => t),
    addTemplate: ({ name, pdf, fields, type }) =>
      withScratch(s.workspace.home, async (scratch) => {
        const { fieldMap: _map, ...t } = await (
          await svc()
        ).addTemplate({
          name,
          pdfPath: scratch.put(pdf.name, decodeBase64(pdf.base64, pdf.name)),
          fieldsPath: fields && scratch.put(fields.name, decodeBase64(fields.base64, fields.name)),
          type,
        });
        return t;
      }),
    preview: ({ name }) =>
      withScratch(s.workspace.home, async (scratch) => {
        const r = await (await svc()).preview(name, scratch.path('preview.png'), {}, 1);
        return { png: readFileSync(r.outputPath).toString('base64'), width: r.width, height: r.height };
      }),
    issueStart: async ({ template, data, sealId, personId, passphrase, idColumn }) => {
      const csv = decodeBase64(data.base64, data.name);
      const service = await svc();
      const { issueBatch } = await issuance();
      service.template(template);
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
            service,
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
    list: async ({ search, limit }) => (await svc()).list({ search, limit: limit ?? 1000 }).map(registerView),
    revoke: async ({ number, reason }) => registerView((await svc()).revoke(number, reason)),
    download: async ({ number }) => {
      const row = (await svc()).get(number);
      let bytes: Buffer;
      try {
        bytes = readFileSync(row.outputPath);
      } catch {
        throw new AffixError('NOT_FOUND', `The file of certificate ${number} is no longer in the workspace; issue it again from its CSV.`);
      }
      return { fileName: (await issuance()).fileNameOf(number), base64: bytes.toString('base64') };
    },
    publishStatusList: ({ personId, passphrase, sealId, validDays }) =>
      withScratch(s.workspace.home, async (scratch) => {
        const r = await (await svc()).publishStatusList({ personId, passphrase, sealId, validDays, outputPath: scratch.path('status-list.cwt') });
        const { outputPath, sha256: _sha, ...info } = r;
        return { ...info, fileName: `status-list-${r.issuedAt.slice(0, 10)}.cwt`, base64: readFileSync(outputPath).toString('base64') };
      }),
    verify: ({ qr, image, statusLists }) =>
      withScratch(s.workspace.home, async (scratch) => {
        if ((qr === undefined) === (image === undefined)) throw badInput('Give the QR text or a scan or PDF of the certificate (one of them).');
        let text = qr;
        if (image) {
          const { qrFromFile } = await import('../services/usecases/certificates/qr-image');
          const found = await qrFromFile(scratch.put(image.name, decodeBase64(image.base64, image.name)));
          if (found === null) throw badInput(`No QR code could be read in ${image.name}; scan it again, sharper and straight.`);
          text = found;
        }
        const [{ parseOfficeKeys }, { NotACertificateCode, verifyCertificateQr }] = await Promise.all([
          import('../../shared/certificates/office-keys'),
          import('../../shared/certificates/verify-certificate'),
        ]);
        const offices = parseOfficeKeys(Buffer.from(JSON.stringify((await svc()).officeKeys())));
        try {
          return await verifyCertificateQr(text!, { offices, statusLists: statusLists.map((l) => new Uint8Array(decodeBase64(l.base64, l.name))) });
        } catch (error) {
          if (error instanceof NotACertificateCode) throw badInput(error.message);
          throw error;
        }
      }),
  };
}
