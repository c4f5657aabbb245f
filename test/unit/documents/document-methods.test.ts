/**
 * The documents methods the Documents page uses, through the router:
 * importing bytes, reading a version back, page geometry (checked against
 * poppler's pdfinfo), finding text, the ledger timeline, and the summary's
 * signature count, signing-order progress and anchoring state.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { DocumentSummary, PageGeometry, TimelineEvent } from '../../../shared/contract/documents';
import { contractPdf, PARTY_AT, PARTY_TEXT } from '../../support/appearance-fixtures';
import { tool } from '../../support/pdf-tools';
import { corpusSkip } from '../../support/corpus';
import { Bench, corpusPdf, somePdf } from '../plans/fixtures';

let bench: Bench;
before(() => {
  bench = new Bench();
});
after(() => bench.close());

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** pdfinfo's view of page `n`: rotation and boxes. */
async function pdfinfoPage(path: string, n: number): Promise<{ rotate: number; mediaBox: number[]; cropBox: number[]; pages: number }> {
  const r = await tool('pdfinfo', ['-f', String(n), '-l', String(n), '-box', path]);
  assert.equal(r.code, 0, r.stderr);
  const box = (name: string) => new RegExp(`Page\\s+${n} ${name}:\\s+(.*)$`, 'm').exec(r.stdout)![1].trim().split(/\s+/).map(Number);
  return {
    rotate: Number(new RegExp(`Page\\s+${n} rot:\\s+(\\d+)`).exec(r.stdout)![1]),
    mediaBox: box('MediaBox'),
    cropBox: box('CropBox'),
    pages: Number(/^Pages:\s+(\d+)/m.exec(r.stdout)![1]),
  };
}

const close = (a: number[], b: number[]): boolean => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) < 0.01);

test('documents.importBytes imports a PDF from base64 and refuses bad base64 and non-PDFs by name', async () => {
  const pdf = await contractPdf();
  const doc = await bench.call<DocumentSummary>('documents.importBytes', { name: '合同.pdf', base64: b64(pdf) });
  assert.equal(doc.name, '合同.pdf');
  assert.equal(doc.bytes, pdf.length);
  assert.equal(doc.versions, 1);
  assert.deepEqual(Buffer.from((await bench.call<{ base64: string }>('documents.content', { id: doc.id })).base64, 'base64'), Buffer.from(pdf));
  const again = await bench.call<DocumentSummary>('documents.importBytes', { name: 'copy.pdf', base64: b64(pdf) });
  assert.equal(again.id, doc.id, 'the same bytes are the same document');

  const count = bench.services.documents.list().length;
  const garbled = await bench.fail('documents.importBytes', { name: 'scan.pdf', base64: `${b64(pdf).slice(0, 40)}%%%${b64(pdf).slice(40)}` });
  assert.equal(garbled.code, 'BAD_INPUT');
  assert.match(garbled.message, /scan\.pdf: .*not valid base64/);
  const notPdf = await bench.fail('documents.importBytes', { name: 'notes.txt', base64: b64(Buffer.from('just some text, not a PDF at all')) });
  assert.equal(notPdf.code, 'BAD_INPUT');
  assert.match(notPdf.message, /notes\.txt is not a PDF/);
  const cut = await bench.fail('documents.importBytes', { name: 'cut.pdf', base64: b64(pdf.subarray(0, pdf.length - 100)) });
  assert.match(cut.message, /cut\.pdf is truncated/);
  assert.equal(bench.services.documents.list().length, count, 'nothing refused was registered');
});

test('documents.pages reports each page, a /Rotate of 90 and a crop box smaller than the media box as pdfinfo does', { skip: corpusSkip }, async () => {
  for (const name of ['issue14497.pdf', 'bug1872721.pdf', 'issue13447.pdf']) {
    const doc = await bench.importCorpus(name);
    const pages = await bench.call<PageGeometry[]>('documents.pages', { id: doc.id });
    const first = await pdfinfoPage(corpusPdf(name), 1);
    assert.equal(pages.length, first.pages, name);
    assert.deepEqual(
      pages.map((p) => p.page),
      Array.from({ length: first.pages }, (_, i) => i + 1),
    );
    for (const p of pages.slice(0, 3)) {
      const info = p.page === 1 ? first : await pdfinfoPage(corpusPdf(name), p.page);
      assert.equal(p.rotate, info.rotate, `${name} page ${p.page} rotation`);
      assert.ok(close(p.mediaBox, info.mediaBox), `${name} page ${p.page} media box ${p.mediaBox} vs ${info.mediaBox}`);
      assert.ok(close(p.cropBox, info.cropBox), `${name} page ${p.page} crop box ${p.cropBox} vs ${info.cropBox}`);
    }
  }
  const rotated = await bench.importCorpus('issue14497.pdf');
  assert.equal((await bench.call<PageGeometry[]>('documents.pages', { id: rotated.id }))[0].rotate, 90);
  const cropped = await bench.importCorpus('bug1872721.pdf');
  const [page] = await bench.call<PageGeometry[]>('documents.pages', { id: cropped.id });
  assert.notDeepEqual(page.cropBox, page.mediaBox);
});

test('documents.findText gives the 1-based page and box of the first occurrence, or null', async () => {
  const doc = await bench.call<DocumentSummary>('documents.importBytes', { name: 'contract.pdf', base64: b64(await contractPdf()) });
  const hit = await bench.call<{ page: number; box: number[] } | null>('documents.findText', { id: doc.id, text: PARTY_TEXT });
  assert.ok(hit);
  assert.equal(hit.page, 1);
  const [x, y, w, h] = hit.box;
  assert.ok(Math.abs(x - PARTY_AT.x) < 1, `x ${x}`);
  assert.ok(y <= PARTY_AT.y && y + h >= PARTY_AT.y + PARTY_AT.size * 0.5, `y ${y}, h ${h}`);
  assert.ok(w > PARTY_AT.size * 4 && w < PARTY_AT.size * 8, `w ${w}`);
  assert.equal(await bench.call('documents.findText', { id: doc.id, text: '丙方（盖章）' }), null);
  assert.equal((await bench.fail('documents.findText', { id: 'no-such-document', text: 'x' })).code, 'NOT_FOUND');
});

test('documents.content returns a named version only when it belongs to the document', async () => {
  const doc = await bench.importCorpus('issue13447.pdf');
  const other = await bench.call<DocumentSummary>('documents.importBytes', { name: 'other.pdf', base64: b64(await contractPdf()) });
  const key = await bench.call<{ id: string }>('keys.create', { label: 'Content Key', passphrase: 'key passphrase' });
  const signed = await bench.call<{ sha256: string }>('signing.sign', { documentId: doc.id, keyId: key.id, passphrase: 'key passphrase' });
  const newest = await bench.call<{ sha256: string; base64: string }>('documents.content', { id: doc.id });
  assert.equal(newest.sha256, signed.sha256);
  const original = await bench.call<{ sha256: string; base64: string }>('documents.content', { id: doc.id, sha256: doc.sha256 });
  assert.deepEqual(Buffer.from(original.base64, 'base64'), readFileSync(somePdf('issue13447.pdf')));
  const foreign = await bench.fail('documents.content', { id: doc.id, sha256: other.sha256 });
  assert.equal(foreign.code, 'NOT_FOUND');
  assert.match(foreign.message, /has no version with SHA-256/);
  assert.equal((await bench.fail('documents.content', { id: doc.id, sha256: 'ABC' })).code, 'BAD_INPUT');
});

test('the timeline lists the ledger entries naming any version; summaries count signatures and say how far the ledger anchors them', async () => {
  const { ledger, documents, workspace } = bench.services;
  const doc = await bench.call<DocumentSummary>('documents.importBytes', { name: 'timeline.pdf', base64: b64(readFileSync(somePdf('issue16063.pdf'))) });
  assert.equal(doc.signatures, 0);
  assert.equal(doc.plan, null);
  assert.equal(doc.anchored, 'logged');
  ledger.checkpoint();
  assert.equal((await bench.call<DocumentSummary>('documents.get', { id: doc.id })).anchored, 'checkpointed');

  const key = await bench.call<{ id: string }>('keys.create', { label: 'Timeline Key', passphrase: 'key passphrase' });
  const signed = await bench.call<{ sha256: string; ledgerIndex: number; field: string }>('signing.sign', {
    documentId: doc.id,
    keyId: key.id,
    passphrase: 'key passphrase',
  });
  const now = await bench.call<DocumentSummary>('documents.get', { id: doc.id });
  assert.equal(now.signatures, 1);
  assert.equal(now.versions, 2);
  assert.equal(now.anchored, 'logged', 'the new version is logged but no checkpoint covers it yet');
  assert.deepEqual(
    (await bench.call<DocumentSummary[]>('documents.list', {})).find((d) => d.id === doc.id),
    now,
  );

  const timeline = await bench.call<TimelineEvent[]>('documents.timeline', { id: doc.id });
  assert.deepEqual(
    timeline.map((e) => e.type),
    ['document.anchored', 'document.versioned', 'signature.added'],
  );
  assert.deepEqual(
    timeline.map((e) => e.sha256),
    [doc.sha256, signed.sha256, signed.sha256],
  );
  assert.deepEqual(
    timeline.map((e) => e.checkpointed),
    [true, false, false],
  );
  const added = timeline[2];
  assert.equal(added.ledgerIndex, signed.ledgerIndex);
  assert.equal(added.refs.field, signed.field);
  assert.equal(added.refs.documentId, doc.id);
  assert.equal(added.actorKeyId, key.id);
  assert.ok(timeline.every((e, i) => i === 0 || e.ledgerIndex > timeline[i - 1].ledgerIndex));
  for (const e of timeline) assert.equal(ledger.entry(e.ledgerIndex).entry.type, e.type);

  ledger.checkpoint();
  assert.equal(documents.get(doc.id).anchored, 'checkpointed');
  // A version recorded before versions kept their ledger index is found through the ledger (and remembered).
  workspace.db.prepare('UPDATE document_versions SET ledger_index = NULL WHERE document_id = ?').run(doc.id);
  assert.equal(documents.get(doc.id).anchored, 'checkpointed');
  const kept = workspace.db
    .prepare<[string], number | null>('SELECT ledger_index FROM document_versions WHERE document_id = ? ORDER BY seq DESC')
    .pluck()
    .get(doc.id);
  assert.equal(kept, timeline[1].ledgerIndex);
});
