/**
 * The verdict defects of issue 16, as classes:
 * - after a DocMDP P=1 certification every later revision fails — metadata
 *   (Info, XMP), outline, an unreferenced object, a re-saved unchanged object,
 *   an empty update — except DSS data (ISO 32000-2 Table 257); the same
 *   harmless updates pass under P=2;
 * - a field empty when an approval signature was made may be filled and
 *   corrected any number of times, unless a signature locks it; a value present
 *   at signing may not be overwritten (shadow-replace);
 * - a reason repeated by hundreds of revisions is said once, with its count.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PdfDict, PdfRef, type PdfObject } from '../../../shared/pdf/objects';
import { PdfReader } from '../../../shared/pdf/reader';
import { ByteWriter, writeObject } from '../../../shared/pdf/serialize';
import { verifyPdf } from '../../../shared/verify';
import { summariseReasons } from '../../../shared/verify/verdict-rules';
import { signPdf, type SignOptions } from '../../../main/services/engines/pdf-signing/sign-pdf';
import { appendRevision } from '../../support/attacks/append-revision';
import { handmadePdf } from '../../support/handmade-pdf';
import { outputOf } from '../../support/signing-fixtures';
import { createTestSigner } from '../../support/throwaway-signer';

const signerP = createTestSigner();

async function signed(input: Uint8Array, options: SignOptions): Promise<Buffer> {
  return outputOf(await signPdf(input, options, (await signerP).signer));
}

async function verdict(
  bytes: Uint8Array,
): Promise<{ indication: string; reason: string; modifications: { allowed: boolean; detail: string; attack?: string }[] }> {
  const report = await verifyPdf(bytes, { trustAnchors: [Buffer.from((await signerP).rootPem)] });
  const s = report.signatures[0];
  return { indication: s.status.indication, reason: 'reason' in s.status ? String(s.status.reason) : '', modifications: s.modifications };
}

const text = (o: PdfObject): string => {
  const w = new ByteWriter();
  writeObject(w, o);
  return Buffer.from(w.toBytes()).toString('latin1');
};

/** The newest catalog with `extra` entries, as the body of an update rewriting it. */
function catalogWith(pdf: Uint8Array, extra: Record<string, PdfObject>): { num: number; body: string } {
  const r = PdfReader.open(pdf);
  const catalog = new PdfDict(r.catalog().map);
  for (const [k, v] of Object.entries(extra)) catalog.set(k, v);
  return { num: r.rootRef.num, body: text(catalog) };
}

const nextNum = (pdf: Uint8Array): number => PdfReader.open(pdf).size;

/** The "harmless" updates, each appended to a signed file. */
const HARMLESS: { name: string; apply(pdf: Buffer): Buffer }[] = [
  {
    name: 'document information (/Info) only',
    apply: (pdf) => {
      const n = nextNum(pdf);
      return appendRevision(pdf, { [n]: '<< /Title (Changed title) /Producer (Some editor) >>' }, { trailerExtra: `/Info ${n} 0 R` });
    },
  },
  {
    name: 'XMP metadata only',
    apply: (pdf) => {
      const n = nextNum(pdf);
      const xmp = '<x:xmpmeta xmlns:x="adobe:ns:meta/"/>';
      const cat = catalogWith(pdf, { Metadata: new PdfRef(n, 0) });
      return appendRevision(pdf, { [n]: `<< /Type /Metadata /Subtype /XML /Length ${xmp.length} >>\nstream\n${xmp}\nendstream`, [cat.num]: cat.body });
    },
  },
  {
    name: 'an unreferenced new object',
    apply: (pdf) => appendRevision(pdf, { [nextNum(pdf)]: '<< /Note (nothing points here) >>' }),
  },
  {
    name: 'an unchanged object saved again',
    apply: (pdf) => {
      const r = PdfReader.open(pdf);
      const page = r.resolve((r.resolve(r.catalog().get('Pages')) as PdfDict).get('Kids')) as PdfObject[];
      const ref = page[0] as PdfRef;
      return appendRevision(pdf, { [ref.num]: text(r.getObject(ref.num)!) });
    },
  },
  { name: 'an empty update (xref and trailer only)', apply: (pdf) => appendRevision(pdf, {}) },
];

describe('DocMDP P=1: any change after certification fails', () => {
  for (const h of HARMLESS) {
    it(`${h.name}: TOTAL-FAILED under P=1, TOTAL-PASSED under P=2`, async () => {
      const base = handmadePdf({ style: 'table' });
      const p1 = await verdict(h.apply(await signed(base, { certify: 1 })));
      assert.equal(p1.indication, 'TOTAL-FAILED', JSON.stringify(p1));
      assert.match(p1.reason, /P=1/);
      const p2 = await verdict(h.apply(await signed(base, { certify: 2 })));
      assert.equal(p2.indication, 'TOTAL-PASSED', JSON.stringify(p2));
    });
  }

  it('an outline added after P=1 fails (and after P=2 too)', async () => {
    const base = handmadePdf({ style: 'table' });
    for (const certify of [1, 2] as const) {
      const pdf = await signed(base, { certify });
      const n = nextNum(pdf);
      const cat = catalogWith(pdf, { Outlines: new PdfRef(n, 0) });
      const v = await verdict(appendRevision(pdf, { [n]: '<< /Type /Outlines /Count 0 >>', [cat.num]: cat.body }));
      assert.equal(v.indication, 'TOTAL-FAILED', `P=${certify}: ${JSON.stringify(v)}`);
    }
  });

  it('DSS data alone stays allowed under P=1 (ISO 32000-2 Table 257)', async () => {
    const pdf = await signed(handmadePdf({ style: 'table' }), { certify: 1 });
    const n = nextNum(pdf);
    const cat = catalogWith(pdf, { DSS: new PdfRef(n, 0) });
    const v = await verdict(appendRevision(pdf, { [n]: '<< /Certs [] >>', [cat.num]: cat.body }));
    assert.equal(v.indication, 'TOTAL-PASSED', JSON.stringify(v));
  });
});

/** A one-page PDF with an empty (or filled) text field "Name". */
function formPdf(value?: string): Buffer {
  return handmadePdf({
    style: 'table',
    objects: {
      1: '<< /Type /Catalog /Pages 2 0 R /AcroForm 7 0 R >>',
      3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> /Annots [6 0 R] >>',
      6: `<< /FT /Tx /T (Name) /Type /Annot /Subtype /Widget /Rect [72 600 300 620] /P 3 0 R${value === undefined ? '' : ` /V (${value})`} >>`,
      7: '<< /Fields [6 0 R] >>',
    },
  });
}

const fieldBody = (value: string): string => `<< /FT /Tx /T (Name) /Type /Annot /Subtype /Widget /Rect [72 600 300 620] /P 3 0 R /V (${value}) >>`;
function fillTimes(pdf: Buffer, values: string[]): Buffer {
  return values.reduce((b, v) => appendRevision(b, { 6: fieldBody(v) }), pdf);
}

describe('form fields judged against the signed revision', () => {
  it('empty when signed: filled, then corrected 300 times — TOTAL-PASSED', async () => {
    const pdf = await signed(formPdf(), {});
    const v = await verdict(
      fillTimes(
        pdf,
        Array.from({ length: 301 }, (_, i) => `Value ${i}`),
      ),
    );
    assert.equal(v.indication, 'TOTAL-PASSED', v.reason.slice(0, 500));
    assert.ok(v.modifications.length >= 301 && v.modifications.every((m) => m.allowed));
  });

  it('empty when signed but locked by the signature: filling fails', async () => {
    const pdf = await signed(formPdf(), { lock: { action: 'Include', fields: ['Name'] } });
    const v = await verdict(fillTimes(pdf, ['Alice']));
    assert.equal(v.indication, 'TOTAL-FAILED');
    assert.match(v.reason, /locked/);
  });

  it('present when signed: overwriting it is shadow-replace, and 300 overwrites are said once with a count', async () => {
    const pdf = await signed(formPdf('Bob'), {});
    const one = await verdict(fillTimes(pdf, ['Mallory']));
    assert.equal(one.indication, 'TOTAL-FAILED');
    assert.ok(one.modifications.some((m) => m.attack === 'shadow-replace'));
    const many = await verdict(
      fillTimes(
        pdf,
        Array.from({ length: 300 }, (_, i) => `Mallory ${i}`),
      ),
    );
    assert.equal(many.indication, 'TOTAL-FAILED');
    const message = 'field "Name" filled in — it overwrites a value that was present when signed';
    assert.equal(many.reason.split(message).length - 1, 1, many.reason.slice(0, 400));
    assert.match(many.reason, /present when signed \(300 times\)$/);
  });

  it('a second signer who saw the filled value is protected; the first, who saw it empty, is not affected', async () => {
    const first = await signed(formPdf(), { field: 'First' });
    const filled = fillTimes(first, ['Alice']);
    const second = await signed(filled, { field: 'Second' });
    const report = await verifyPdf(fillTimes(second, ['Mallory']), { trustAnchors: [Buffer.from((await signerP).rootPem)] });
    const [a, b] = report.signatures;
    assert.equal(a.field, 'First');
    assert.ok(
      a.modifications.filter((m) => m.kind === 'form-filling').every((m) => m.allowed),
      JSON.stringify(a.modifications),
    );
    assert.equal(b.status.indication, 'TOTAL-FAILED');
    assert.ok(b.modifications.some((m) => m.attack === 'shadow-replace'));
  });
});

describe('summariseReasons', () => {
  it('says each distinct reason once, with its count, in first-seen order', () => {
    assert.equal(summariseReasons(['a', 'b', 'a', 'a']), 'a (3 times); b');
    assert.equal(summariseReasons(['x']), 'x');
  });
});
