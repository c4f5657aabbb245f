/**
 * The signer and the verifier read the form-field tree through one walker
 * (shared/pdf/form-fields.ts). This test holds them to it: on every pdf.js
 * corpus file and on hand-made hostile trees, the signer's view
 * (signature-plan.ts `formForSigning`) and the verifier's views
 * (`signatureFieldsToVerify`, `documentRoles().fields`) name the same signed
 * fields and the same terminal fields, and none of them throws or loops.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { formForSigning } from '../../../main/services/engines/pdf-signing/signature-plan';
import { signPdf } from '../../../main/services/engines/pdf-signing/sign-pdf';
import type { FormField } from '../../../shared/pdf/form-fields';
import { MAX_FIELD_DEPTH } from '../../../shared/pdf/form-fields';
import { PdfReader } from '../../../shared/pdf/reader';
import { documentRoles } from '../../../shared/verify/document-roles';
import { signatureFieldsToVerify } from '../../../shared/verify/verify-pdf';
import { corpusPath, corpusSkip } from '../../support/corpus';
import { handmadePdf } from '../../support/handmade-pdf';
import { createTestSigner } from '../../support/throwaway-signer';

/** A field as both sides must agree on it: its name and the object it lives in. */
const key = (f: FormField): string => `${f.fullName}@${f.ref?.num ?? 'direct'}`;
const keys = (fields: FormField[]): string[] => fields.map(key).sort();

interface Views {
  signer: ReturnType<typeof formForSigning>;
  verifierSigned: FormField[];
  verifierFields: FormField[];
}

function views(reader: PdfReader): Views {
  return { signer: formForSigning(reader), verifierSigned: signatureFieldsToVerify(reader), verifierFields: documentRoles(reader).fields };
}

function assertAgree(v: Views, what: string): void {
  assert.deepEqual(keys(v.signer.signatures), keys(v.verifierSigned), `${what}: signed signature fields`);
  assert.deepEqual(keys(v.signer.fields.filter((f) => f.terminal)), keys(v.verifierFields), `${what}: terminal fields`);
}

/** A one-page PDF whose catalog has /AcroForm << /Fields `fields` >> and these extra objects (numbers 6 and up). */
function formPdf(fields: string, objects: Record<number, string>): Buffer {
  return handmadePdf({ style: 'table', objects: { 1: `<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields ${fields} >> >>`, ...objects } });
}

const SIG_VALUE = '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0 0 0] /Contents <00> >>';
const widget = (name: string, extra = ''): string => `<< /Type /Annot /Subtype /Widget /FT /Sig /T (${name}) /Rect [0 0 0 0] /P 3 0 R ${extra} >>`;

describe('one form-field walker: signer and verifier agree', () => {
  it('on every PDF of the pdf.js corpus', { skip: corpusSkip }, () => {
    const files = readdirSync(corpusPath('pdfjs')).filter((f) => f.endsWith('.pdf'));
    assert.ok(files.length > 0);
    let withFields = 0;
    for (const file of files) {
      let reader: PdfReader;
      try {
        reader = PdfReader.open(readFileSync(corpusPath('pdfjs', file)), file);
      } catch {
        continue; // not readable as a PDF at all: neither side gets to its form
      }
      const v = views(reader);
      assertAgree(v, file);
      if (v.signer.fields.length > 0) withFields++;
    }
    assert.ok(withFields > 0, 'some corpus files have forms, so the comparison compared something');
  });

  it('on a /Kids loop and a field listing itself: each field once, no hang', () => {
    const pdf = formPdf('[6 0 R]', {
      6: '<< /T (a) /Kids [7 0 R 6 0 R] >>',
      7: '<< /T (b) /Kids [6 0 R 8 0 R] >>',
      8: widget('s', '/V 9 0 R'),
      9: SIG_VALUE,
    });
    const v = views(PdfReader.open(pdf));
    assertAgree(v, 'loop');
    assert.deepEqual(keys(v.signer.fields), ['a.b.s@8', 'a.b@7', 'a@6']);
    assert.deepEqual(keys(v.verifierSigned), ['a.b.s@8']);
    assert.equal(v.signer.refusal, undefined);
  });

  it('on 10,000-deep nesting: both stop at the same depth, the signer refuses with a clear error', async () => {
    const objects: Record<number, string> = {};
    const depth = 10_000;
    for (let i = 0; i < depth; i++) objects[6 + i] = `<< /T (f${i}) /Kids [${7 + i} 0 R] >>`;
    objects[6 + depth] = widget('deep', `/V ${7 + depth} 0 R`);
    objects[7 + depth] = SIG_VALUE;
    const pdf = formPdf('[6 0 R]', objects);
    const v = views(PdfReader.open(pdf));
    assertAgree(v, 'deep');
    assert.equal(v.signer.fields.length, MAX_FIELD_DEPTH + 1);
    assert.deepEqual(v.verifierSigned, []);
    assert.match(v.signer.refusal ?? '', new RegExp(`more than ${MAX_FIELD_DEPTH} levels deep`));
    const { signer } = await createTestSigner();
    await assert.rejects(
      signPdf(pdf, {}, signer),
      (e: Error & { code?: string }) => e.code === 'BAD_INPUT' && /cannot be signed: the form field tree is more than 32 levels deep/.test(e.message),
    );
  });

  it('on kids that are not dictionaries, /Kids and /Fields of the wrong type', () => {
    const pdf = formPdf('[6 0 R 42 (text) null 99 0 R /Name [1 2] 12 0 R]', {
      6: '<< /T (odd) /Kids [1 (s) null 99 0 R /N [7 0 R] 7 0 R] >>',
      7: widget('w', '/V 9 0 R'),
      9: SIG_VALUE,
      12: '<< /T (notkids) /FT /Tx /Kids 5 >>',
    });
    const v = views(PdfReader.open(pdf));
    assertAgree(v, 'odd kids');
    assert.deepEqual(keys(v.signer.fields), ['notkids@12', 'odd.w@7', 'odd@6']);
    for (const fields of ['5', '(x)', '<< /Kids [6 0 R] >>', '99 0 R']) {
      const w = views(PdfReader.open(formPdf(fields, { 6: widget('x') })));
      assertAgree(w, `/Fields ${fields}`);
      assert.deepEqual(w.signer.fields, []);
    }
  });

  it('on a kid shared by two parents and a /Parent that disagrees: it belongs to the first parent', () => {
    const pdf = formPdf('[6 0 R 7 0 R]', {
      6: '<< /T (first) /FT /Sig /Kids [8 0 R] >>',
      7: '<< /T (second) /FT /Sig /Kids [8 0 R] >>',
      8: `<< /T (shared) /Parent 7 0 R /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /V 9 0 R >>`,
      9: SIG_VALUE,
    });
    const v = views(PdfReader.open(pdf));
    assertAgree(v, 'shared kid');
    assert.deepEqual(keys(v.verifierSigned), ['first.shared@8']);
    assert.deepEqual(keys(v.signer.fields.filter((f) => f.terminal)), ['first.shared@8', 'second@7']);
  });

  it('inherits /FT, /Ff and /V from the nearest ancestor', () => {
    const pdf = formPdf('[6 0 R]', {
      6: '<< /T (p) /FT /Sig /Ff 4 /V 9 0 R /Kids [7 0 R 8 0 R] >>',
      7: '<< /T (inherits) /Kids [10 0 R] >>',
      8: '<< /T (own) /FT /Tx /Ff 1 /V (text) >>',
      9: SIG_VALUE,
      10: '<< /Type /Annot /Subtype /Widget /Rect [0 0 0 0] /P 3 0 R >>',
    });
    const v = views(PdfReader.open(pdf));
    assertAgree(v, 'inheritance');
    const byName = new Map(v.signer.fields.map((f) => [f.fullName, f]));
    assert.deepEqual([byName.get('p.inherits')?.type, byName.get('p.inherits')?.flags, byName.get('p.inherits')?.hasValue], ['Sig', 4, true]);
    assert.deepEqual([byName.get('p.own')?.type, byName.get('p.own')?.flags], ['Tx', 1]);
    assert.deepEqual(keys(v.verifierSigned), ['p.inherits@7']);
  });

  it('on an unreadable field object: both skip it, the signer refuses', () => {
    // Objects 7 and 8 are references to each other: reading either never ends in an object.
    const damaged = formPdf('[6 0 R 7 0 R]', { 6: widget('fine'), 7: '8 0 R', 8: '7 0 R' });
    const v = views(PdfReader.open(damaged));
    assertAgree(v, 'damaged');
    assert.deepEqual(keys(v.signer.fields), ['fine@6']);
    assert.match(v.signer.refusal ?? '', /cannot be read/);
  });
});
