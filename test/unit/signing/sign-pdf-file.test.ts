import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { signPdf, signPdfFile } from '../../../main/services/engines/pdf-signing/sign-pdf';
import { PdfDict, PdfName, PdfRef, PdfStream, PdfString, type PdfObject } from '../../../shared/pdf/objects';
import { PdfReader } from '../../../shared/pdf/reader';
import type { ByteSource } from '../../../shared/pdf/source';
import { handmadePdf } from '../../support/handmade-pdf';
import { pdfsig, qpdfCheck } from '../../support/pdf-tools';
import { corpusDir, corpusSkip } from '../../support/corpus';
import { outputOf, tempDir } from '../../support/signing-fixtures';
import { createTestSigner, type TestSigner } from '../../support/throwaway-signer';

let tmp: ReturnType<typeof tempDir>;
let signer: TestSigner;
before(async () => {
  tmp = tempDir('affix-sign-file-');
  // RSA PKCS#1 v1.5 signatures are deterministic: only the revision's fresh /ID tells the two engines' outputs apart.
  signer = await createTestSigner('rsa-pkcs1-sha256');
});
after(() => tmp.cleanup());

let counter = 0;
function saved(bytes: Uint8Array): string {
  const path = join(tmp.dir, `in-${++counter}.pdf`);
  writeFileSync(path, bytes);
  return path;
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * A partial source whose unread bytes are poison ("0 0 obj endstream" over
 * and over): a reader that looked past what it asked for would parse it.
 */
function poisonedSource(bytes: Uint8Array): ByteSource & { read: number } {
  const view = Buffer.alloc(bytes.length, '0 0 obj endstream ');
  const source = {
    length: bytes.length,
    complete: false,
    read: 0,
    range(start: number, end: number): Uint8Array {
      const from = Math.max(0, start);
      const to = Math.min(bytes.length, end);
      if (to > from) {
        view.set(bytes.subarray(from, to), from);
        source.read += to - from;
      }
      return view;
    },
  };
  return source;
}

function describeObject(o: PdfObject | undefined, depth = 0): string {
  if (depth > 8) return '…';
  if (o instanceof PdfStream) return `stream(${describeObject(o.dict, depth + 1)}, ${sha256(o.data)})`;
  if (o instanceof PdfDict) return `<<${[...o.map].map(([k, v]) => `/${k} ${describeObject(v, depth + 1)}`).join(' ')}>>`;
  if (Array.isArray(o)) return `[${o.map((x) => describeObject(x, depth + 1)).join(' ')}]`;
  if (o instanceof PdfRef) return `${o.num} ${o.gen} R`;
  if (o instanceof PdfString) return `(${Buffer.from(o.bytes).toString('hex')})`;
  if (o instanceof PdfName) return `/${o.value}`;
  return JSON.stringify(o);
}

/** Everything a reader makes of a file: its objects (or the error reading each), pages, or the error opening it. */
function readAll(open: () => PdfReader): string {
  let reader: PdfReader;
  try {
    reader = open();
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
  const out = [describeObject(reader.trailer), String(reader.xref.startxref)];
  for (const num of [...reader.xref.entries.keys()].slice(0, 300)) {
    try {
      out.push(`${num}: ${describeObject(reader.getObject(num))}`);
    } catch (error) {
      out.push(`${num}: error: ${(error as Error).message}`);
    }
  }
  try {
    out.push(`pages ${reader.pages().length}`);
  } catch (error) {
    out.push(`pages: error: ${(error as Error).message}`);
  }
  return out.join('\n');
}

describe('PdfReader on a partial source', () => {
  it('reads exactly what it reads from the whole file, for every corpus PDF and damaged copies of them', { skip: corpusSkip }, () => {
    const files = readdirSync(join(corpusDir, 'pdfjs')).filter((f) => f.endsWith('.pdf'));
    let partial = 0;
    let seed = 11;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed % n;
    };
    for (const file of files) {
      const whole = readFileSync(join(corpusDir, 'pdfjs', file));
      const copies = [whole];
      for (let k = 0; k < 3; k++) {
        const damaged = Buffer.from(whole);
        const at = random(2) === 0 ? damaged.length - 1 - random(Math.min(damaged.length, 2000)) : random(damaged.length);
        damaged[at] = [0x20, 0x3c, 0x3e, 0x2f, 0x28, 0x30 + random(10)][random(6)];
        copies.push(damaged);
      }
      for (const bytes of copies) {
        const source = poisonedSource(bytes);
        assert.equal(
          readAll(() => PdfReader.open(source)),
          readAll(() => PdfReader.open(bytes)),
          file,
        );
        if (source.read < bytes.length) partial++;
      }
    }
    // Even reading every object, some files are read only in part: the poison was there to be misread.
    assert.ok(partial >= 20, `only ${partial} of ${files.length * 4} reads were partial`);
  });
});

describe('signPdfFile', () => {
  const inputs: [string, () => Uint8Array][] = [
    ['a table-style file', () => handmadePdf({ style: 'table' })],
    ['an xref-stream file', () => handmadePdf({ style: 'stream', compressed: [2, 3] })],
    ['a hybrid file', () => handmadePdf({ style: 'hybrid', compressed: [2, 3] })],
  ];
  if (!corpusSkip) inputs.push(['a corpus file', () => readFileSync(join(corpusDir, 'pdfjs', '160F-2019.pdf'))]);
  for (const [label, make] of inputs) {
    it(`writes the same signed bytes as signPdf for ${label}, valid for pdfsig and qpdf, input untouched`, async () => {
      const input = saved(make());
      const before = sha256(readFileSync(input));
      const output = join(tmp.dir, `signed-${counter}.pdf`);
      const signingTime = new Date('2026-01-02T03:04:05Z');
      const r = await signPdfFile(input, output, { signingTime, reason: 'ok' }, signer.signer);
      const inMemory = await signPdf(readFileSync(input), { signingTime, reason: 'ok' }, signer.signer);
      const written = readFileSync(output);
      const expected = outputOf(inMemory);
      // Identical but for the fresh /ID element(s) each revision gets (and so the CMS, which signs them).
      const [, start, end] = inMemory.byteRange;
      const withoutNewId = (b: Buffer): string =>
        b
          .subarray(end)
          .toString('latin1')
          .replace(/\/ID\s*\[\s*<[0-9a-fA-F]*>\s*<[0-9a-fA-F]*>\s*\]/, '/ID [<new>]');
      assert.equal(written.length, expected.length);
      assert.ok(written.subarray(0, start).equals(expected.subarray(0, start)), 'bytes before /Contents differ');
      assert.equal(withoutNewId(written), withoutNewId(expected));
      assert.notEqual(withoutNewId(written), written.subarray(end).toString('latin1'), 'the trailer has no /ID to mask');
      assert.equal(r.sha256, sha256(written));
      assert.equal(r.inputSha256, before);
      assert.equal(r.bytes, written.length);
      assert.equal(r.revision, inMemory.revision);
      assert.deepEqual(r.byteRange, inMemory.byteRange);
      assert.equal(sha256(readFileSync(input)), before, 'the input changed');
      const sig = await pdfsig(output);
      assert.equal(sig.signatures.length, 1, sig.output);
      assert.equal(sig.signatures[0].valid, true, sig.output);
      const q = await qpdfCheck(output);
      assert.equal(q.code, 0, q.stdout + q.stderr);
    });
  }

  it('refuses a damaged file with a message, leaving no output and no temp file', async () => {
    const whole = handmadePdf({ style: 'table' });
    const input = saved(whole.subarray(0, Math.floor(whole.length / 2)));
    const dir = join(tmp.dir, 'damaged');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir);
    await assert.rejects(signPdfFile(input, join(dir, 'out.pdf'), {}, signer.signer), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'BAD_INPUT');
      assert.match(e.message, /startxref|truncated/);
      return true;
    });
    assert.deepEqual(readdirSync(dir), []);
  });

  it('names the output when it cannot be written', async () => {
    const input = saved(handmadePdf({ style: 'table' }));
    const output = join(tmp.dir, 'no-such-dir', 'out.pdf');
    await assert.rejects(signPdfFile(input, output, {}, signer.signer), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'BAD_INPUT');
      assert.match(e.message, /Cannot write .*no-such-dir.*ENOENT/);
      return true;
    });
  });

  it('refuses a missing input and an output that is the input', async () => {
    await assert.rejects(signPdfFile(join(tmp.dir, 'nope.pdf'), join(tmp.dir, 'o.pdf'), {}, signer.signer), /Cannot read .*ENOENT/);
    const input = saved(handmadePdf({ style: 'table' }));
    const size = statSync(input).size;
    await assert.rejects(signPdfFile(input, input, {}, signer.signer), /different file/);
    assert.equal(statSync(input).size, size);
    assert.equal(existsSync(join(tmp.dir, 'o.pdf')), false);
  });
});
