/**
 * A workspace set up as an issuing office (organisation, verified officer,
 * official seal authorised for them), a template PDF with a field map, and
 * CSV batches, for the certificate tests and the bench.
 */
import { writeFileSync } from 'node:fs';
import { PDFDocument, StandardFonts, rgb } from '@cantoo/pdf-lib';
import { organisationCodeCheckChar, usccCheckChar } from '../../../shared/identity/uscc';
import { Workbench } from '../identity/fixtures';

export { PASSPHRASE, ENV } from '../identity/fixtures';

export const FIELD_MAP = {
  type: '营业执照',
  fields: {
    number: { page: 1, box: [330, 770, 220, 18], fontSize: 10, align: 'right' },
    holder: { page: 1, box: [160, 640, 360, 24], fontSize: 16, align: 'left' },
    uscc: { page: 1, box: [160, 600, 360, 20], fontSize: 12, check: 'uscc' },
    representative: { page: 1, box: [160, 560, 360, 20], fontSize: 12 },
    representative_id: { page: 1, box: [160, 520, 360, 20], fontSize: 12, check: 'resident-id' },
    valid_until: { page: 1, box: [160, 480, 360, 20], fontSize: 12, check: 'date' },
  },
  qr: { page: 1, box: [60, 60, 150, 150] },
  seal: { page: 1, box: [400, 70, 119, 119] },
  payload: { holder: 'holder', holderId: 'uscc', validUntil: 'valid_until' },
};

/** A one-page A4 template as a designer would make it (static labels only). */
export async function templatePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.drawRectangle({ x: 30, y: 30, width: 535, height: 782, borderColor: rgb(0.6, 0.1, 0.1), borderWidth: 3 });
  page.drawText('BUSINESS LICENCE', { x: 200, y: 720, size: 24, font });
  for (const [label, y] of [
    ['Name', 645],
    ['USCC', 604],
    ['Representative', 564],
    ['ID number', 524],
    ['Valid until', 484],
  ] as const)
    page.drawText(label, { x: 60, y, size: 11, font });
  return doc.save();
}

/** A valid USCC whose organisation code varies with `n` (check characters computed). */
export function usccFor(n: number): string {
  const org8 = String(10000000 + n).slice(-8);
  const body = `91110000${org8}${organisationCodeCheckChar(org8)}`;
  return body + usccCheckChar(body);
}

export const HEADER = 'number,holder,uscc,representative,representative_id,valid_until';

export function rows(count: number, from = 1): string[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return `LIC-2026-${String(n).padStart(5, '0')},北京测试${n}号科技有限公司,${usccFor(n)},张三,11010519491231002X,2031-12-31`;
  });
}

export class Office extends Workbench {
  orgId = '';
  personId = '';
  sealId = '';

  async setUp(): Promise<void> {
    await this.init();
    const org = await this.createOrg();
    this.orgId = org.id;
    this.personId = (await this.verifyPerson('王五', '11010519491231002X')).id;
    const seal = await this.json<{ sealId: string }>([
      'seal',
      'create',
      '--org',
      org.id,
      '--type',
      'official',
      '--name',
      '北京测试科技有限公司',
      '--valid-until',
      '2030-12-31',
    ]);
    this.sealId = seal.sealId;
    await this.json(['seal', 'authorize', this.sealId, '--person', this.personId], false);
    writeFileSync(this.file('template.pdf'), await templatePdf());
    writeFileSync(this.file('fields.json'), JSON.stringify(FIELD_MAP));
    await this.json(['cert', 'template', 'add', 'licence', '--pdf', this.file('template.pdf'), '--fields', this.file('fields.json')], false);
  }

  issueArgs(data: string, out: string): string[] {
    return ['cert', 'issue', '--template', 'licence', '--data', data, '--seal', this.sealId, '--as', this.personId, '-o', out];
  }
}
