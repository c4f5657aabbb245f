import * as asn1js from 'asn1js';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signPdf, type SignOptions } from '../../../main/services/engines/pdf-signing/sign-pdf';
import type { SignatureAlgorithm } from '../../../main/services/domain/keys/signing-key';
import { PdfDict, PdfRef, PdfString } from '../../../shared/pdf/objects';
import { PdfReader } from '../../../shared/pdf/reader';
import { handmadePdf } from '../../support/handmade-pdf';
import { extractSignatures, opensslCmsPrint, opensslCmsVerify, pdfsig, qpdfCheck, tool, type ExtractedSignature } from '../../support/pdf-tools';
import { corpusDir, corpusSkip } from '../../support/corpus';
import { outputOf, pdfWithEmptySignatureField, pixelAt, redBox, tempDir } from '../../support/signing-fixtures';
import { createTestSigner, type TestSigner } from '../../support/throwaway-signer';

let tmp: ReturnType<typeof tempDir>;
let p256: TestSigner;
let rsa: TestSigner;
before(async () => {
  tmp = tempDir();
  [p256, rsa] = await Promise.all([createTestSigner('ecdsa-p256-sha256'), createTestSigner('rsa-pkcs1-sha256')]);
});
after(() => tmp.cleanup());

let counter = 0;
function save(bytes: Uint8Array): string {
  const path = join(tmp.dir, `out-${++counter}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

async function expectCode(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (e: Error & { code?: string }) => {
    assert.equal(e.code, code, `expected ${code}, got ${e.code}: ${e.message}`);
    assert.match(e.message, pattern);
    return true;
  });
}

/** pdfsig finds `n` signatures, all valid, only the last covering the whole file; qpdf is clean; openssl verifies each CMS. */
async function assertAllValid(pdf: Uint8Array, n: number, rootPem: string): Promise<void> {
  const path = save(pdf);
  const sig = await pdfsig(path);
  assert.equal(sig.signatures.length, n, sig.output);
  sig.signatures.forEach((s, i) => {
    assert.equal(s.valid, true, `signature ${i + 1}: ${s.validation}`);
    assert.equal(s.totalDocumentSigned, i === n - 1, `signature ${i + 1} total-document flag`);
  });
  const q = await qpdfCheck(path);
  assert.equal(q.code, 0, q.stdout + q.stderr);
  for (const s of extractSignatures(pdf)) {
    const v = await opensslCmsVerify(s, rootPem);
    assert.equal(v.code, 0, v.stderr);
  }
}

describe('signPdf: incremental updates', () => {
  for (const style of ['table', 'stream', 'hybrid'] as const) {
    it(`appends a revision in the file's own ${style} style and leaves the input bytes untouched`, async () => {
      // The page (3) lives in an object stream, so signing must rewrite it as a plain object.
      const input = handmadePdf({ style, compressed: [2, 3, 5] });
      const copy = Buffer.from(input);
      const before = PdfReader.open(input);
      const r = await signPdf(input, {}, p256.signer);
      const out = outputOf(r);
      assert.deepEqual(input, copy, 'input buffer modified');
      assert.deepEqual(out.subarray(0, input.length), input, 'output does not start with the input');
      const after = PdfReader.open(out);
      assert.equal(after.xref.sections[0].kind, style === 'stream' ? 'stream' : 'table');
      assert.equal(after.trailer.get('Prev'), before.xref.startxref);
      assert.equal(after.entry(3)?.type, 'offset', 'the rewritten page is a plain object');
      const id = after.trailer.get('ID') as PdfString[];
      assert.equal(id.length, 2);
      await assertAllValid(out, 1, p256.rootPem);
    });
  }

  it('reports field, revision count and the output digest', { skip: corpusSkip }, async () => {
    const input = readFileSync(join(corpusDir, 'pdfjs', 'issue16063.pdf')); // 4 revisions, xref streams, linearised
    const r = await signPdf(input, {}, p256.signer);
    const out = outputOf(r);
    assert.equal(r.field, 'Signature1');
    assert.equal(r.revision, 5);
    assert.equal(r.sha256, createHash('sha256').update(out).digest('hex'));
    assert.equal(r.inputSha256, createHash('sha256').update(input).digest('hex'));
    assert.equal(r.bytes, out.length);
    // Linearised: /Prev must name the section at the final startxref (the first-page one), not the main table.
    const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(input.toString('latin1'))![1]);
    assert.equal(PdfReader.open(out).trailer.get('Prev'), startxref);
    await assertAllValid(out, 1, p256.rootPem);
  });

  it('retries with a bigger placeholder when the signature does not fit', async () => {
    const r = await signPdf(handmadePdf({ style: 'table' }), { reservedBytes: 64 }, rsa.signer);
    assert.equal(r.attempts, 2);
    assert.ok(r.reservedBytes >= r.cmsBytes);
    await assertAllValid(outputOf(r), 1, rsa.rootPem);
  });

  it('sizes the first placeholder from the chain, so a normal signature fits at once', async () => {
    const r = await signPdf(handmadePdf({ style: 'table' }), {}, rsa.signer);
    assert.equal(r.attempts, 1);
    assert.ok(r.reservedBytes - r.cmsBytes >= 6000, 'room for a timestamp token');
  });
});

describe('signPdf: CMS', () => {
  const expected: Record<SignatureAlgorithm, RegExp> = {
    'ecdsa-p256-sha256': /algorithm: ecdsa-with-SHA256/,
    'ecdsa-p384-sha384': /algorithm: ecdsa-with-SHA384/,
    'rsa-pkcs1-sha256': /algorithm: sha256WithRSAEncryption/,
    // RSASSA-PSS-params: [0] sha256, [1] mgf1(sha256), [2] salt length 32.
    'rsa-pss-sha256':
      /algorithm: rsassaPss[\s\S]*cont \[ 0 \][\s\S]*:sha256[\s\S]*cont \[ 1 \][\s\S]*:mgf1[\s\S]*:sha256[\s\S]*cont \[ 2 \][\s\S]*INTEGER\s+:20/,
    ed25519: /algorithm: ED25519/,
  };
  for (const alg of Object.keys(expected) as SignatureAlgorithm[]) {
    it(`${alg}: openssl verifies the CMS and sees the right algorithm identifier`, async () => {
      const s = await createTestSigner(alg);
      const r = await signPdf(handmadePdf({ style: 'stream', compressed: [5] }), {}, s.signer);
      const [sig] = extractSignatures(outputOf(r));
      if (alg === 'ed25519') {
        // OpenSSL 3.0's CMS code has no Ed25519 support at all; check the pieces with pkeyutl instead.
        await assertEd25519Cms(sig, s.leafPem);
      } else {
        const v = await opensslCmsVerify(sig, s.rootPem);
        assert.equal(v.code, 0, v.stderr);
      }
      const printed = await opensslCmsPrint(sig.der);
      assert.match(printed, expected[alg]);
      const digest = alg === 'ecdsa-p384-sha384' ? 'sha384' : alg === 'ed25519' ? 'sha512' : 'sha256';
      assert.match(printed, new RegExp(`digestAlgorithm: \\s*algorithm: ${digest}`));
      if (alg !== 'ed25519') {
        // poppler 22 (NSS) has no Ed25519; the other algorithms must satisfy it too.
        const ps = await pdfsig(save(outputOf(r)));
        assert.equal(ps.signatures[0]?.valid, true, ps.output);
      }
    });
  }

  it('PAdES (ETSI.CAdES.detached): content-type, message-digest, signing-certificate-v2; no signing-time; /M set', async () => {
    const r = await signPdf(handmadePdf({ style: 'table' }), { signingTime: new Date('2025-03-04T05:06:07Z') }, p256.signer);
    const out = outputOf(r);
    const [sig] = extractSignatures(out);
    const printed = await opensslCmsPrint(sig.der);
    assert.match(printed, /object: contentType/);
    assert.match(printed, /object: messageDigest/);
    assert.match(printed, /object: id-smime-aa-signingCertificateV2/);
    assert.doesNotMatch(printed, /signingTime/);
    // ESSCertIDv2 carries the SHA-256 of the signer certificate.
    const certHash = createHash('sha256').update(p256.signer.certificates[0]).digest('hex').toUpperCase();
    assert.ok(printed.replace(/\s/g, '').includes(certHash), 'ESSCertIDv2 hash of the signer certificate');
    assert.match(out.toString('latin1'), /\/SubFilter \/ETSI\.CAdES\.detached/);
    assert.match(out.toString('latin1'), /\/M \(D:20250304050607\+00'00'\)/);
    const ps = await pdfsig(save(out));
    assert.equal(ps.signatures[0].subFilter, 'ETSI.CAdES.detached');
  });

  it('adbe.pkcs7.detached on request, with a signing-time attribute', async () => {
    const r = await signPdf(handmadePdf({ style: 'table' }), { subFilter: 'adbe.pkcs7.detached' }, rsa.signer);
    const [sig] = extractSignatures(outputOf(r));
    assert.match(await opensslCmsPrint(sig.der), /object: signingTime/);
    const ps = await pdfsig(save(outputOf(r)));
    assert.equal(ps.signatures[0].subFilter, 'adbe.pkcs7.detached');
    assert.equal(ps.signatures[0].valid, true);
  });

  it('includes the certificate chain', async () => {
    const r = await signPdf(handmadePdf({ style: 'table' }), {}, p256.signer);
    const printed = await opensslCmsPrint(extractSignatures(outputOf(r))[0].der);
    assert.match(printed, /subject: CN=Affix Test Signer \(ecdsa-p256-sha256\), O=Affix Tests/);
    assert.match(printed, /subject: CN=Affix Test Root CA, O=Affix Tests/);
  });

  it('refuses a key that does not match its certificate, naming the problem', async () => {
    const bad = await createTestSigner('ecdsa-p256-sha256', { mismatchedKey: true });
    await expectCode(signPdf(handmadePdf({ style: 'table' }), {}, bad.signer), 'BAD_INPUT', /does not match its certificate/);
  });
});

/**
 * Ed25519 CMS check without OpenSSL's CMS code: the message-digest attribute
 * must be SHA-512 of the signed bytes, and `openssl pkeyutl` must accept the
 * signature over the DER SET OF signed attributes with the leaf's public key.
 */
async function assertEd25519Cms(sig: ExtractedSignature, leafPem: string): Promise<void> {
  const ci = asn1js.fromBER(sig.der).result as asn1js.Sequence;
  const signedData = (ci.valueBlock.value[1] as asn1js.Constructed).valueBlock.value[0] as asn1js.Sequence;
  const signerInfos = signedData.valueBlock.value[signedData.valueBlock.value.length - 1] as asn1js.Set;
  const signerInfo = signerInfos.valueBlock.value[0] as asn1js.Sequence;
  const attrs = signerInfo.valueBlock.value[3];
  const attrsDer = Buffer.from(attrs.valueBeforeDecodeView);
  attrsDer[0] = 0x31; // [0] IMPLICIT → SET OF, as signed
  const signature = Buffer.from((signerInfo.valueBlock.value[5] as asn1js.OctetString).valueBlock.valueHexView);
  const digest = createHash('sha512').update(sig.content).digest();
  assert.ok(attrsDer.includes(digest), 'message-digest attribute is SHA-512 of the signed ranges');
  const dir = tempDir('affix-ed25519-');
  try {
    writeFileSync(join(dir.dir, 'cert.pem'), leafPem);
    writeFileSync(join(dir.dir, 'attrs.der'), attrsDer);
    writeFileSync(join(dir.dir, 'sig.bin'), signature);
    const pub = await tool('openssl', ['x509', '-in', join(dir.dir, 'cert.pem'), '-pubkey', '-noout']);
    writeFileSync(join(dir.dir, 'pub.pem'), pub.stdout);
    const v = await tool('openssl', [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      join(dir.dir, 'pub.pem'),
      '-rawin',
      '-in',
      join(dir.dir, 'attrs.der'),
      '-sigfile',
      join(dir.dir, 'sig.bin'),
    ]);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  } finally {
    dir.cleanup();
  }
}

describe('signPdf: several signers', () => {
  it('certifies (DocMDP P=2) then adds two approval signatures; all stay valid', async () => {
    const s3 = await createTestSigner('ecdsa-p384-sha384');
    let pdf: Uint8Array = handmadePdf({ style: 'stream', compressed: [2, 3, 5] });
    const r1 = await signPdf(pdf, { certify: 2, reason: '合同签署', location: 'Shanghai' }, p256.signer);
    pdf = outputOf(r1);
    const r2 = await signPdf(pdf, {}, rsa.signer);
    pdf = outputOf(r2);
    const r3 = await signPdf(pdf, { field: 'Approver' }, s3.signer);
    pdf = outputOf(r3);
    assert.deepEqual([r1.field, r2.field, r3.field], ['Signature1', 'Signature2', 'Approver']);
    assert.deepEqual([r1.revision, r2.revision, r3.revision], [2, 3, 4]);
    const path = save(pdf);
    const ps = await pdfsig(path);
    assert.deepEqual(
      ps.signatures.map((s) => [s.field, s.valid, s.totalDocumentSigned]),
      [
        ['Signature1', true, false],
        ['Signature2', true, false],
        ['Approver', true, true],
      ],
    );
    assert.equal((await qpdfCheck(path)).code, 0);
    for (const [i, sig] of extractSignatures(pdf).entries()) {
      assert.equal((await opensslCmsVerify(sig, [p256, rsa, s3][i].rootPem)).code, 0);
    }
    // The catalog's /Perms /DocMDP names the first signature, whose /Reference carries P=2.
    const reader = PdfReader.open(pdf);
    const perms = reader.dict(reader.catalog().get('Perms'), 'Perms');
    const sigDict = reader.dict(perms.get('DocMDP'), 'DocMDP signature');
    const ref = reader.dict((sigDict.get('Reference') as PdfDict[])[0], 'SigRef');
    assert.equal(ref.name('TransformMethod'), 'DocMDP');
    assert.equal((ref.get('TransformParams') as PdfDict).get('P'), 2);
    assert.equal(reader.dict(reader.catalog().get('AcroForm'), 'form').get('SigFlags'), 3);
    assert.equal((sigDict.get('Reason') as PdfString).asText(), '合同签署');
  });

  it('refuses an approval signature on a document certified with P=1', async () => {
    const r1 = await signPdf(handmadePdf({ style: 'table' }), { certify: 1 }, p256.signer);
    await expectCode(signPdf(outputOf(r1), {}, rsa.signer), 'REFUSED', /P=1/);
  });

  it('refuses a certification signature on an already signed document', async () => {
    const r1 = await signPdf(handmadePdf({ style: 'table' }), {}, p256.signer);
    await expectCode(signPdf(outputOf(r1), { certify: 2 }, rsa.signer), 'REFUSED', /first signature/);
  });

  it('signs an existing empty signature field in place, once', async () => {
    for (const style of ['table', 'stream'] as const) {
      const input = pdfWithEmptySignatureField('Employee', style);
      const r = await signPdf(input, { field: 'Employee' }, p256.signer);
      assert.equal(r.field, 'Employee');
      const out = outputOf(r);
      const reader = PdfReader.open(out);
      const field = reader.dict(new PdfRef(9, 0), 'field');
      assert.ok(field.get('V') instanceof PdfRef, 'the field now has a value');
      const annots = reader.resolve(reader.pages()[0].dict.get('Annots')) as unknown[];
      assert.equal(annots.length, 1, 'no extra widget');
      await assertAllValid(out, 1, p256.rootPem);
      await expectCode(signPdf(out, { field: 'Employee' }, rsa.signer), 'REFUSED', /already signed/);
    }
  });

  it('draws a visible appearance into an existing field, at the field position', async () => {
    const r = await signPdf(pdfWithEmptySignatureField(), { field: 'Employee', appearance: { kind: 'visible', draw: redBox } }, p256.signer);
    const path = save(outputOf(r));
    assert.deepEqual(await pixelAt(path, 200, 130, 842, tmp.dir), [255, 0, 0]);
    await assertAllValid(outputOf(r), 1, p256.rootPem);
  });

  it('adds a FieldMDP lock to a new field', async () => {
    const r = await signPdf(handmadePdf({ style: 'table' }), { field: 'Boss', lock: { action: 'All' } }, p256.signer);
    const reader = PdfReader.open(outputOf(r));
    const fields = reader.resolve(reader.dict(reader.catalog().get('AcroForm'), 'form').get('Fields')) as PdfRef[];
    const widget = reader.dict(fields[0], 'field');
    assert.equal(reader.dict(widget.get('Lock'), 'lock').name('Action'), 'All');
    const sigDict = reader.dict(widget.get('V'), 'signature');
    const ref = reader.dict((sigDict.get('Reference') as PdfDict[])[0], 'SigRef');
    assert.equal(ref.name('TransformMethod'), 'FieldMDP');
    await assertAllValid(outputOf(r), 1, p256.rootPem);
  });

  it('keeps signatures made by another implementation (pyHanko) valid', { skip: corpusSkip }, async () => {
    const input = readFileSync(join(corpusDir, 'signed-by-others', 'pyhanko-certified-then-approval-cjk.pdf'));
    const r = await signPdf(input, {}, p256.signer);
    const ps = await pdfsig(save(outputOf(r)));
    assert.deepEqual(
      ps.signatures.map((s) => [s.field, s.valid, s.totalDocumentSigned]),
      [
        ['Cert1', true, false],
        ['Approve1', true, false],
        ['Signature1', true, true],
      ],
    );
  });
});

describe('signPdf: placement and field names', () => {
  it('places a visible signature on the requested page and rectangle', { skip: corpusSkip }, async () => {
    const input = readFileSync(join(corpusDir, 'pdfjs', 'three_pages_with_number.pdf'));
    const options: SignOptions = { appearance: { kind: 'visible', draw: redBox, placement: { pageIndex: 0, rect: [50, 60, 120, 40] } } };
    const r = await signPdf(input, options, p256.signer);
    const out = outputOf(r);
    const reader = PdfReader.open(out);
    const page = reader.pages()[0];
    const annots = reader.resolve(page.dict.get('Annots')) as PdfRef[];
    const widget = reader.dict(annots[annots.length - 1], 'widget');
    assert.deepEqual(widget.get('Rect'), [50, 60, 170, 100]);
    assert.ok(reader.dict(widget.get('AP'), 'AP').get('N') instanceof PdfRef);
    const path = save(out);
    assert.deepEqual(await pixelAt(path, 110, 80, page.mediaBox[3], tmp.dir), [255, 0, 0]);
    await assertAllValid(out, 1, p256.rootPem);
  });

  it('refuses a page or rectangle out of range, and bad field names', async () => {
    const input = handmadePdf({ style: 'table' });
    const visible = (pageIndex: number, rect: [number, number, number, number]): SignOptions => ({
      appearance: { kind: 'visible', draw: redBox, placement: { pageIndex, rect } },
    });
    await expectCode(signPdf(input, visible(3, [10, 10, 50, 50]), p256.signer), 'BAD_INPUT', /Page 4 is out of range: the document has 1 page/);
    await expectCode(signPdf(input, visible(0, [500, 10, 200, 50]), p256.signer), 'BAD_INPUT', /out of range.*page 1/);
    await expectCode(signPdf(input, visible(0, [10, 10, 0, 50]), p256.signer), 'BAD_INPUT', /positive width/);
    await expectCode(signPdf(input, { appearance: { kind: 'invisible', pageIndex: -1 } }, p256.signer), 'BAD_INPUT', /out of range/);
    await expectCode(signPdf(input, { field: 'a.b' }, p256.signer), 'BAD_INPUT', /cannot contain "\."/);
    const withField = pdfWithEmptySignatureField('Employee');
    await expectCode(signPdf(withField, { field: 'Employee', ...visible(0, [10, 10, 50, 50]) }, p256.signer), 'BAD_INPUT', /only be given for a new field/);
  });
});

describe('signPdf: bad input', { skip: corpusSkip }, () => {
  const pdfjs = (f: string): string => join(corpusDir, 'pdfjs', f);

  it('refuses encrypted PDFs, naming the encryption', async () => {
    for (const f of ['issue9972-3.pdf', 'empty_protected.pdf', 'pr6531_1.pdf']) {
      await expectCode(signPdf(pdfjs(f), {}, p256.signer), 'BAD_INPUT', /is encrypted/);
    }
  });

  it('refuses non-PDF, truncated and damaged files', async () => {
    await expectCode(signPdf(Buffer.from('GIF89a not a pdf'), {}, p256.signer), 'BAD_INPUT', /not a PDF/);
    const whole = readFileSync(pdfjs('issue5734.pdf'));
    await expectCode(signPdf(whole.subarray(0, whole.length - 600), {}, p256.signer), 'BAD_INPUT', /startxref|truncated|Damaged/);
    await expectCode(signPdf(handmadePdf({ style: 'table', misplace: 1 }), {}, p256.signer), 'BAD_INPUT', /object 1/);
    await expectCode(signPdf(join(tmp.dir, 'missing.pdf'), {}, p256.signer), 'BAD_INPUT', /Cannot read .*ENOENT/);
  });

  it('survives random corruption of a real PDF with BAD_INPUT or a valid signature, never a crash', async () => {
    const base = readFileSync(pdfjs('issue17998.pdf'));
    let seed = 42;
    const rand = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    let refused = 0;
    let signed = 0;
    for (let i = 0; i < 40; i++) {
      const damaged = Buffer.from(base);
      for (let k = 0; k < 8; k++) damaged[rand(damaged.length)] = rand(256);
      try {
        const r = await signPdf(damaged, {}, p256.signer);
        const [sig] = extractSignatures(outputOf(r)).slice(-1);
        assert.equal((await opensslCmsVerify(sig)).code, 0, 'a signature we wrote must verify');
        signed++;
      } catch (e) {
        assert.equal((e as { code?: string }).code, 'BAD_INPUT', (e as Error).stack);
        refused++;
      }
    }
    assert.equal(refused + signed, 40);
  });
});
