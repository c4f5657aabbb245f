import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Lexer } from '../../../shared/pdf/lexer';
import { PdfDict, PdfName, PdfRef, PdfString } from '../../../shared/pdf/objects';
import { ObjectParser, parseDirectObject } from '../../../shared/pdf/parser';
import { PdfReader } from '../../../shared/pdf/reader';
import { ByteWriter, writeObject } from '../../../shared/pdf/serialize';
import { handmadePdf } from '../../support/handmade-pdf';
import { corpusDir, corpusSkip } from '../../support/corpus';

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const parse = (s: string) => parseDirectObject(bytes(s), 0);

function assertBadInput(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (e: Error & { code?: string }) => {
    assert.equal(e.code, 'BAD_INPUT', `expected BAD_INPUT, got ${e.code}: ${e.message}`);
    assert.match(e.message, pattern);
    return true;
  });
}

describe('PDF syntax', () => {
  it('reads literal strings with escapes, nesting and line ends', () => {
    const s = parse('(a\\(b\\) (nested) \\101\\n\\\\ x\\\r\ny\rz)');
    assert.ok(s instanceof PdfString);
    assert.equal(Buffer.from(s.bytes).toString('latin1'), 'a(b) (nested) A\n\\ xy\nz');
  });

  it('reads hex strings (odd length pads with 0) and names with #xx escapes', () => {
    const s = parse('<48 65 6c6C 6f7>');
    assert.ok(s instanceof PdfString && s.hex);
    assert.deepEqual([...s.bytes], [0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x70]);
    assert.equal(parse('/A#20B#2fC'), PdfName.of('A B/C'));
  });

  it('reads numbers, references, comments and nested containers', () => {
    const d = parse('<< /A -.5 /B 3. /C --4 /D 12 0 R % comment\n /E [1 2 3 4 0 R] /F null >>');
    assert.ok(d instanceof PdfDict);
    assert.equal(d.get('A'), -0.5);
    assert.equal(d.get('B'), 3);
    assert.equal(d.get('C'), -4);
    assert.deepEqual(d.get('D'), new PdfRef(12, 0));
    const e = d.get('E') as unknown[];
    assert.equal(e.length, 4);
    assert.equal(e[0], 1);
    assert.equal(e[2], 3, 'a number followed by two numbers is not a reference');
    assert.deepEqual(e[3], new PdfRef(4, 0));
    assert.equal(d.has('F'), false, 'a null value is the same as an absent key');
  });

  it('refuses pathological nesting with BAD_INPUT instead of overflowing the stack', () => {
    assertBadInput(() => parse('['.repeat(5000)), /nested too deeply/);
  });

  it('never reads past its bytes, even when told to stop further on', () => {
    const lex = new Lexer(bytes('12 (ab'), 0, 99);
    assert.deepEqual(lex.next(), { kind: 'int', value: 12 });
    assertBadInput(() => lex.next(), /unterminated string at byte 6/);
  });

  it('writes objects that read back identically', () => {
    const src = '<< /Name /A#20B /Str (x\\(y\\)\\\\\\r) /Hex <00ff10> /Num -0.25 /Arr [1 2 0 R true false] /Sub << /T (\\344) >> >>';
    const obj = parse(src);
    const w = new ByteWriter();
    writeObject(w, obj);
    assert.deepEqual(parse(Buffer.from(w.toBytes()).toString('latin1')), obj);
  });

  it('parses an indirect stream object using an indirect /Length', () => {
    const src = '7 0 obj << /Length 8 0 R >>\nstream\nabc\nendstream\nendobj';
    const obj = new ObjectParser(new Lexer(bytes(src))).parseIndirect(() => 3);
    assert.equal(obj.num, 7);
    assert.equal(Buffer.from((obj.value as { data: Uint8Array }).data).toString(), 'abc');
  });
});

describe('PdfReader', () => {
  for (const style of ['table', 'stream', 'hybrid'] as const) {
    it(`reads a ${style} cross-reference section with objects in an object stream`, () => {
      const r = PdfReader.open(handmadePdf({ style, compressed: [2, 3, 5] }));
      assert.deepEqual(
        r.xref.sections.map((s) => s.kind),
        style === 'hybrid' ? ['table', 'stream'] : [style],
      );
      assert.equal(r.pages().length, 1);
      assert.deepEqual(r.pages()[0].mediaBox, [0, 0, 595, 842]);
      const font = r.dict(new PdfRef(5, 0), 'font');
      assert.equal(font.name('BaseFont'), 'Helvetica');
      assert.equal(r.entry(3)?.type, style === 'table' ? 'offset' : 'compressed');
    });
  }

  it('refuses files whose cross-reference table points at the wrong bytes', () => {
    assertBadInput(() => PdfReader.open(handmadePdf({ style: 'table', misplace: 3 })), /object 3/);
  });

  it('refuses a startxref that does not lead to a cross-reference section', () => {
    const good = handmadePdf({ style: 'table' }).toString('latin1');
    const bad = good.replace(/startxref\n\d+/, 'startxref\n20');
    assertBadInput(() => PdfReader.open(bytes(bad)), /cross-reference/);
  });

  it('refuses a /Prev chain that loops', () => {
    const good = handmadePdf({ style: 'table' }).toString('latin1');
    const xrefAt = Number(/startxref\n(\d+)/.exec(good)![1]);
    const bad = good.replace('/Root 1 0 R', `/Root 1 0 R /Prev ${xrefAt}`);
    assertBadInput(() => PdfReader.open(bytes(bad)), /loops/);
  });

  it('refuses non-PDF files', () => {
    assertBadInput(() => PdfReader.open(bytes('hello, this is not a PDF at all')), /not a PDF/);
  });

  it('refuses truncated files', { skip: corpusSkip }, () => {
    const whole = readFileSync(join(corpusDir, 'pdfjs', 'issue5734.pdf'));
    assertBadInput(() => PdfReader.open(whole.subarray(0, Math.floor(whole.length / 2))), /startxref|truncated/);
  });

  it('reports encryption from the trailer', { skip: corpusSkip }, () => {
    const r = PdfReader.open(readFileSync(join(corpusDir, 'pdfjs', 'issue9972-3.pdf')));
    assert.equal(r.isEncrypted, true);
    assert.equal(PdfReader.open(handmadePdf({ style: 'table' })).isEncrypted, false);
  });
});
