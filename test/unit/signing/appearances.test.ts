/**
 * Visible appearances, checked the way a reader sees them: poppler renders
 * the page (pdftoppm) and extracts its text (pdftotext); pdfsig confirms
 * each signature is still valid. Chinese text is drawn with the shipped font.
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SignatureOptions } from '../../../shared/contract/signing';
import { signBytes } from '../../../main/services/usecases/signing/signing-service';
import { PdfDict, PdfRef } from '../../../shared/pdf/objects';
import { PdfReader } from '../../../shared/pdf/reader';
import { PARTY_AT, PARTY_TEXT, RED_SQUARE_SVG, contractPdf, countPixels, isSealRed, redDiscPng, renderPage } from '../../support/appearance-fixtures';
import { pdfsig, tool } from '../../support/pdf-tools';
import { outputOf, tempDir } from '../../support/signing-fixtures';
import { createTestSigner, type TestSigner } from '../../support/throwaway-signer';

let tmp: ReturnType<typeof tempDir>;
let signer: TestSigner;
before(async () => {
  tmp = tempDir('affix-appearance-');
  signer = await createTestSigner('ecdsa-p256-sha256', { commonName: '李四 Li Si' });
});
after(() => tmp.cleanup());

async function signAll(input: Uint8Array, steps: SignatureOptions[]): Promise<string> {
  let pdf = input;
  for (const step of steps) pdf = outputOf(await signBytes(pdf, step, signer.signer, 'The contract'));
  const path = join(tmp.dir, `signed-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(path, pdf);
  const sig = await pdfsig(path);
  assert.equal(sig.signatures.length, steps.length, sig.output);
  assert.ok(
    sig.signatures.every((s) => s.valid),
    sig.output,
  );
  return path;
}

const notWhite = ([r, g, b]: [number, number, number]): boolean => r < 200 || g < 200 || b < 200;
const inkBlue = ([r, , b]: [number, number, number]): boolean => b > r + 40 && b > 90;

describe('visible appearances', () => {
  const seal: [number, number, number, number] = [60, 500, 119, 119];
  const ellipse: [number, number, number, number] = [220, 517, 128, 85];
  const person: [number, number, number, number] = [60, 380, 200, 70];
  let path: string;

  before(async () => {
    path = await signAll(await contractPdf(), [
      { appearance: { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '合同专用章', code: '1101080012345' }, placement: { page: 1, rect: seal } },
      { appearance: { kind: 'seal', orgName: '上海测试有限公司', sealText: '财务专用章', shape: 'ellipse' }, placement: { page: 1, rect: ellipse } },
      { appearance: { kind: 'person' }, reason: '同意 Approved', placement: { page: 1, rect: person } },
    ]);
  });

  it('draws the official seal in red: ring, star at the centre, white between', async () => {
    const img = await renderPage(path, tmp.dir, 'seals');
    const [x, y, w, h] = seal;
    assert.ok(isSealRed(img.rgb(x + w / 2, y + h / 2 + 2)), `star centre is red: ${img.rgb(x + w / 2, y + h / 2 + 2)}`);
    assert.ok(countPixels(img, [x, y + h / 2 - 5, 4, 10], isSealRed) >= 5, 'the ring is red at the left edge');
    assert.deepEqual(img.rgb(x + 2, y + 2), [255, 255, 255], 'outside the ring, the page shows');
    const red = countPixels(img, seal, isSealRed);
    assert.ok(red > 0.08 * w * h && red < 0.6 * w * h, `plausible amount of red in the seal: ${red} of ${w * h}`);
    assert.ok(countPixels(img, ellipse, isSealRed) > 0.05 * ellipse[2] * ellipse[3], 'the elliptical seal is drawn');
  });

  it('draws the personal block with the certificate name', async () => {
    const img = await renderPage(path, tmp.dir, 'person');
    assert.ok(countPixels(img, person, inkBlue) > 500, 'ink in the block');
    assert.equal(countPixels(img, [person[0], person[1] - 30, person[2], 25], notWhite), 0, 'nothing drawn below the block');
  });

  it('keeps Chinese text extractable (pdftotext)', async () => {
    const raw = (await tool('pdftotext', [path, '-'])).stdout;
    const text = Buffer.from(raw, 'latin1')
      .toString('utf8')
      .replace(/[ \t]+/g, ' ');
    // The large name line may come out in pieces (poppler's word grouping); its words must all be there.
    for (const s of ['合同专用章', '财务专用章', '李四', 'Li', 'Si', '原因 Reason: 同意 Approved'])
      assert.ok(text.includes(s), `pdftotext finds "${s}" in:\n${text}`);
  });

  it('embeds only the glyphs used (a subset), not the 8 MB font', () => {
    const { size } = statSync(path);
    assert.ok(size < 400_000, `signed file is ${size} bytes`);
  });
});

describe('imported seal images', () => {
  /** Signs with the image in `rect`, renders, and checks: red at the centre, the page (white) at an inset corner. */
  async function assertImageDrawn(file: string, bytes: string | Buffer, rect: [number, number, number, number], what: string): Promise<void> {
    const path = join(tmp.dir, file);
    writeFileSync(path, bytes);
    const signed = await signAll(await contractPdf(), [{ appearance: { kind: 'image', path }, placement: { page: 1, rect } }]);
    const img = await renderPage(signed, tmp.dir, file);
    const [x, y, w, h] = rect;
    assert.ok(isSealRed(img.rgb(x + w / 2, y + h / 2)), `centre: ${img.rgb(x + w / 2, y + h / 2)}`);
    assert.deepEqual(img.rgb(x + 3, y + 3), [255, 255, 255], what);
  }

  it('draws a PNG with transparency: the disc is red, its transparent corners show the page', () =>
    assertImageDrawn('seal.png', redDiscPng(), [100, 300, 100, 100], 'transparent corner'));

  it('draws an SVG as vector paths', () => assertImageDrawn('seal.svg', RED_SQUARE_SVG, [300, 300, 100, 100], 'outside the square (10% margin)'));

  it('refuses a file that is neither PNG nor SVG', async () => {
    const bad = join(tmp.dir, 'seal.gif');
    writeFileSync(bad, 'GIF89a....');
    await assert.rejects(
      signBytes(await contractPdf(), { appearance: { kind: 'image', path: bad }, placement: { page: 1, rect: [10, 10, 50, 50] } }, signer.signer, 'x'),
      /neither a PNG nor an SVG/,
    );
  });
});

describe('placement by keyword', () => {
  it(`puts the seal over the first "${PARTY_TEXT}"`, async () => {
    const path = await signAll(await contractPdf(), [
      { appearance: { kind: 'seal', orgName: '北京测试科技有限公司', sealText: '合同专用章' }, placement: { atText: PARTY_TEXT } },
    ]);
    const reader = PdfReader.open(readFileSync(path));
    const page = reader.pages()[0];
    const annots = reader.resolve(page.dict.get('Annots'));
    assert.ok(Array.isArray(annots));
    const widget = reader.resolve(annots.at(-1) as PdfRef) as PdfDict;
    const rect = (reader.resolve(widget.get('Rect')) as number[]).map((v) => reader.resolve(v) as number);
    const textCentre = { x: PARTY_AT.x + (PARTY_AT.size * [...PARTY_TEXT].length) / 2, y: PARTY_AT.y + PARTY_AT.size * 0.35 };
    const centre = { x: (rect[0] + rect[2]) / 2, y: (rect[1] + rect[3]) / 2 };
    assert.ok(
      Math.abs(centre.x - textCentre.x) < 6 && Math.abs(centre.y - textCentre.y) < 6,
      `seal centre ${JSON.stringify(centre)} vs text ${JSON.stringify(textCentre)}`,
    );
    assert.ok(Math.abs(rect[2] - rect[0] - 119) < 0.01, 'default seal size: 42 mm');
    const img = await renderPage(path, tmp.dir, 'keyword');
    assert.ok(isSealRed(img.rgb(centre.x, centre.y + 2)), 'the star is drawn over the text');
  });
});
