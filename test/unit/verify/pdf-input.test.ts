/**
 * The verifier reads a file piece by piece (shared/verify/pdf-input.ts).
 * Markers split across pieces must be found exactly as a search of the whole
 * array finds them: every scan is run with tiny pieces so that each marker
 * lands on a boundary at every possible split, and whole verifications read
 * piece by piece must give the same report as verifying the bytes in memory.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { memoryFile } from '../../../shared/pdf/source';
import { verifyPdf } from '../../../shared/verify';
import { PdfInput } from '../../../shared/verify/pdf-input';
import { duplicateObjects, isRevisionEnd, revisionEnds } from '../../../shared/verify/revisions';
import { generateCorpus, type CraftedFile } from '../../support/attacks/generate';
import { corpusDir, corpusSkip } from '../../support/corpus';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const CHUNKS = [1, 2, 3, 4, 5, 6, 7, 8, 11, 64, 1 << 20];

/** The same bytes as every kind of input, at every piece size. */
const inputs = (bytes: Uint8Array): { name: string; input: PdfInput }[] =>
  CHUNKS.flatMap((chunk) => [
    { name: `memory, chunk ${chunk}`, input: PdfInput.of(bytes, chunk) },
    { name: `file, chunk ${chunk}`, input: PdfInput.of(memoryFile(bytes), chunk) },
  ]);

function naiveFind(hay: Uint8Array, needle: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + needle.length <= hay.length; i++) {
    if (needle.every((c, k) => hay[i + k] === c)) {
      out.push(i);
      i += needle.length - 1;
    }
  }
  return out;
}

describe('PdfInput.findAll', () => {
  it('finds a needle at every offset from a piece boundary, including split across two or more pieces', () => {
    const needle = enc('/ByteRange');
    for (let pad = 0; pad < 24; pad++) {
      const bytes = enc(`${'x'.repeat(pad)}/ByteRange/ByteRange y/ByteRang z/ByteRange`);
      const expected = naiveFind(bytes, needle);
      for (const { name, input } of inputs(bytes)) {
        const found: number[] = [];
        input.findAll(needle, 0, bytes.length, (at) => found.push(at));
        assert.deepEqual(found, expected, `pad ${pad}, ${name}`);
      }
    }
  });

  it('keeps to [from, to): a needle running past `to` or starting before `from` is not found', () => {
    const bytes = enc('obj obj obj');
    for (const { name, input } of inputs(bytes)) {
      const found: number[] = [];
      input.findAll(enc('obj'), 1, 10, (at) => found.push(at));
      assert.deepEqual(found, [4], name);
    }
  });
});

describe('revisionEnds on pieces', () => {
  it('takes the end-of-line after %%EOF when it lies in the next piece', () => {
    for (let pad = 0; pad < 12; pad++) {
      const bytes = enc(`${'a'.repeat(pad)}%%EOF\r\nb%%EOF\nc%%EOF\r%%EOF`);
      const expected = revisionEnds(PdfInput.of(bytes, bytes.length));
      assert.deepEqual(expected, [pad + 7, pad + 14, pad + 21, pad + 26]);
      for (const { name, input } of inputs(bytes)) assert.deepEqual(revisionEnds(input), expected, `pad ${pad}, ${name}`);
    }
  });

  it('reads the bytes before a byte range end from the file', () => {
    const bytes = enc('head %%EOF\r\ntail');
    const input = PdfInput.of(memoryFile(bytes), 2);
    const ends = revisionEnds(input);
    assert.deepEqual(ends, [12]);
    assert.equal(isRevisionEnd(input, ends, 10), true, 'the end-of-line left out');
    assert.equal(isRevisionEnd(input, ends, 11), false, '%%EOF\\r without its \\n is not an end');
    assert.equal(isRevisionEnd(input, ends, 12), true);
  });
});

describe('duplicateObjects on pieces', () => {
  it('reads "N G obj" headers split across pieces, and headers reaching back past the look-behind', () => {
    const long = ' '.repeat(200);
    const text = `1 0 obj\n<<>>\nendobj\n12 0 obj 1 endobj\n12${long}0\n\nobj 2 endobj 3 0 objx 4 0 obj 4 0 obj\n7 0${long}obj\n7 0 obj`;
    const bytes = enc(text);
    for (let from = 0; from < 6; from++) {
      const expected = duplicateObjects(PdfInput.of(bytes, bytes.length), from, bytes.length);
      if (from === 0) assert.deepEqual(expected.sort(), [12, 4, 7].sort());
      for (const { name, input } of inputs(bytes)) assert.deepEqual(duplicateObjects(input, from, bytes.length), expected, `from ${from}, ${name}`);
    }
  });

  it('does not take a header from bytes before `from`', () => {
    const bytes = enc('5 0 obj x 5 0 obj');
    for (const { name, input } of inputs(bytes)) assert.deepEqual(duplicateObjects(input, 2, bytes.length), [], name);
  });
});

describe('PdfInput.digest', () => {
  it('hashes byte ranges read piece by piece as the joined bytes', async () => {
    const bytes = new Uint8Array(10_000).map((_, i) => (i * 31 + 7) & 0xff);
    const ranges: [number, number][] = [
      [0, 4321],
      [4400, 10_000],
    ];
    const expected = createHash('sha384').update(bytes.subarray(0, 4321)).update(bytes.subarray(4400)).digest('hex');
    for (const { name, input } of inputs(bytes)) {
      assert.equal(Buffer.from(await input.digest('SHA-384', ranges)).toString('hex'), expected, name);
    }
  });
});

describe('verifyPdf on a file read piece by piece', () => {
  let files: CraftedFile[] = [];
  before(async () => {
    const corpus = await generateCorpus();
    const others = corpusSkip
      ? []
      : readdirSync(join(corpusDir, 'signed-by-others'))
          .filter((f) => f.endsWith('.pdf'))
          .map((f) => ({ name: f, bytes: readFileSync(join(corpusDir, 'signed-by-others', f)) }));
    files = [...corpus.clean, ...corpus.attacks, ...others];
  });

  it('gives the report verifying the bytes in memory gives, at any piece size', async () => {
    assert.ok(files.length > 10);
    const now = new Date('2026-01-01T00:00:00Z');
    const root = corpusSkip ? [] : [readFileSync(join(corpusDir, 'signed-by-others', 'sample-root-ca.pem'))];
    for (const f of files) {
      const expected = await verifyPdf(f.bytes, { now, trustAnchors: root });
      for (const chunk of [7, 4096]) {
        assert.deepEqual(await verifyPdf(memoryFile(f.bytes), { now, trustAnchors: root, chunkBytes: chunk }), expected, `${f.name}, chunk ${chunk}`);
        assert.deepEqual(await verifyPdf(f.bytes, { now, trustAnchors: root, chunkBytes: chunk }), expected, `${f.name}, in memory, chunk ${chunk}`);
      }
    }
  });
});
