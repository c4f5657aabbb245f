/**
 * A template that is a PDF with AcroForm text fields (no field map): the
 * fields become printed fields (their boxes, font sizes and alignment), a
 * field named "qr" gives the QR code's box, and the issued certificate has
 * the values drawn flat (pdftotext finds them, Chinese included) and no
 * editable field left but the signed seal.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { PDFDocument, PDFName, PDFNumber } from '@cantoo/pdf-lib';
import { pdfsig, tool } from '../../support/pdf-tools';
import { Office, usccFor } from './fixtures';

async function formTemplate(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const form = doc.getForm();
  const add = (name: string, x: number, y: number, w: number, h: number, size?: number, q?: number): void => {
    const f = form.createTextField(name);
    f.addToPage(page, { x, y, width: w, height: h });
    if (size) f.setFontSize(size);
    if (q !== undefined) f.acroField.dict.set(PDFName.of('Q'), PDFNumber.of(q));
  };
  add('number', 350, 780, 200, 20, 10, 2);
  add('holder', 100, 650, 400, 26, 16);
  add('uscc', 100, 610, 400, 20, 12);
  add('qr', 60, 60, 150, 150);
  return doc.save();
}

describe('AcroForm templates', () => {
  const office = new Office();
  before(async () => {
    await office.setUp();
    writeFileSync(office.file('form.pdf'), await formTemplate());
  });
  after(() => office.cleanup());

  it('takes its fields from the form and issues certificates with the values drawn flat', async () => {
    const t = await office.json<{ source: string; fields: string[] }>(
      ['cert', 'template', 'add', 'permit', '--pdf', office.file('form.pdf'), '--type', '许可证'],
      false,
    );
    assert.equal(t.source, 'acroform');
    assert.deepEqual(t.fields.sort(), ['holder', 'number', 'uscc']);
    writeFileSync(office.file('rows.csv'), `number,holder,uscc\nP-1,上海某某餐饮有限公司,${usccFor(7)}\nP-2,广州某某贸易有限公司,${usccFor(8)}\n`);
    const r = await office.run([
      'cert',
      'issue',
      '--template',
      'permit',
      '--data',
      office.file('rows.csv'),
      '--seal',
      office.sealId,
      '--as',
      office.personId,
      '-o',
      office.file('out'),
      '--json',
    ]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const issued = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((e) => e.kind === 'issued') as { outputPath: string }[];
    assert.equal(issued.length, 2);
    const text = await tool('pdftotext', ['-enc', 'UTF-8', issued[0].outputPath, '-']);
    const utf8 = Buffer.from(text.stdout, 'latin1').toString('utf8');
    assert.ok(utf8.includes('上海某某餐饮有限公司'), utf8);
    assert.ok(utf8.includes('P-1'));
    const sig = await pdfsig(issued[0].outputPath);
    assert.match(sig.output, /Signature is Valid/);
    const doc = await PDFDocument.load(readFileSync(issued[0].outputPath), { ignoreEncryption: true });
    assert.deepEqual(
      doc
        .getForm()
        .getFields()
        .map((f) => f.getName()),
      ['Seal'],
    );
    const keys = office.file('office.json');
    assert.equal((await office.plain(['cert', 'office-keys', '-o', keys])).status, 0);
    const v = await office.plain(['cert', 'verify', '--image', issued[1].outputPath, '--trust-policy', keys, '--json']);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    const claims = JSON.parse(v.stdout).claims as { type: string; holder: string; number: string };
    assert.deepEqual([claims.type, claims.holder, claims.number], ['许可证', '广州某某贸易有限公司', 'P-2']);
  });

  it('refuses a PDF without form fields and without a field map, and a field map with errors', async () => {
    const plain = await PDFDocument.create();
    plain.addPage();
    writeFileSync(office.file('plain.pdf'), await plain.save());
    const r = await office.plain(['cert', 'template', 'add', 'empty', '--pdf', office.file('plain.pdf')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no AcroForm text fields and no field map/);
    writeFileSync(office.file('bad.json'), JSON.stringify({ fields: { a: { page: 0, box: [1, 2] } } }));
    const b = await office.plain(['cert', 'template', 'add', 'bad', '--pdf', office.file('plain.pdf'), '--fields', office.file('bad.json')]);
    assert.equal(b.status, 2);
    assert.match(b.stderr, /field map is not valid/);
    writeFileSync(office.file('notpdf.pdf'), 'hello');
    assert.equal((await office.plain(['cert', 'template', 'add', 'x', '--pdf', office.file('notpdf.pdf'), '--fields', office.file('bad.json')])).status, 2);
  });
});
