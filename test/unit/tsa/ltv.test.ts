/**
 * PAdES B-LT / B-LTA through the CLI: a DSS with the chain and the CRL, a
 * document timestamp, two renewals — a chain of three document timestamps,
 * each proven by the next — verified by Affix (and checked by qpdf); then
 * the air-gapped two-step form through the TSA's file mode.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { signPdf } from '../../../main/services/engines/pdf-signing/sign-pdf';
import { startTsaServer, type TsaServer } from '../../../main/services/usecases/tsa/tsa-http';
import { verifyPdf } from '../../../shared/verify';
import { PdfReader } from '../../../shared/pdf/reader';
import { readDss } from '../../../shared/verify/dss';
import { affix } from '../../support/cli';
import { handmadePdf } from '../../support/handmade-pdf';
import { extractSignatures, qpdfCheck } from '../../support/pdf-tools';
import { opensslP12 } from '../../support/key-fixtures';
import { parseCms } from '../../../shared/verify/cms';
import { outputOf } from '../../support/signing-fixtures';
import { contractSealKey } from '../../support/seal-fixtures';
import { PASSPHRASE, tsaBench, type TsaBench } from './fixtures';

const YEAR = 365 * 86400_000;

describe('B-LT / B-LTA', () => {
  let b: TsaBench;
  let server: TsaServer;
  let signed: string;
  const cli = (args: string[]) => affix([...args, '--home', b.home], { AFFIX_PASSPHRASE: PASSPHRASE });

  before(async () => {
    b = await tsaBench();
    server = await startTsaServer(b.engine, { host: '127.0.0.1', port: 0 });
    const org = b.services.pki.listOrgs()[0];
    const { key } = await contractSealKey(b.services, org.id, PASSPHRASE);
    signed = b.file('signed.pdf');
    writeFileSync(signed, outputOf(await signPdf(handmadePdf({ style: 'table' }), {}, key)));
    await b.services.pki.issueCrl(org.id, PASSPHRASE);
  });
  after(async () => {
    await server.close();
    b.close();
  });

  it('ltv, then two renewals: three document timestamps, each proven by the next, all TOTAL-PASSED', async () => {
    const lt1 = b.file('lta-1.pdf');
    const lt2 = b.file('lta-2.pdf');
    const lt3 = b.file('lta-3.pdf');
    const r1 = await cli(['ltv', signed, '-o', lt1, '--tsa', server.url, '--json']);
    assert.equal(r1.status, 0, r1.stderr);
    const first = JSON.parse(r1.stdout) as { dss: { certs: number; crls: number } };
    assert.ok(first.dss.certs >= 3 && first.dss.crls === 1, r1.stdout);
    const dss = readDss(PdfReader.open(readFileSync(lt1)));
    assert.equal(dss.crls.length, 1);
    assert.equal((await cli(['ltv', 'renew', lt1, '-o', lt2, '--tsa', server.url])).status, 0);
    assert.equal((await cli(['tsa', 'url', server.url])).status, 0);
    const r3 = await cli(['ltv', 'renew', lt2, '-o', lt3]);
    assert.equal(r3.status, 0, r3.stderr);
    assert.equal((await qpdfCheck(lt3)).code, 0);

    const report = await verifyPdf(readFileSync(lt3), { trustAnchors: [readFileSync(b.rootPem)] });
    assert.equal(report.signatures.length, 4);
    assert.equal(report.document.indication, 'TOTAL-PASSED', JSON.stringify(report.signatures.map((s) => s.status)));
    const [seal, ts1, ts2, ts3] = report.signatures;
    assert.deepEqual([seal.kind, ts1.kind, ts2.kind, ts3.kind], ['approval', 'document-timestamp', 'document-timestamp', 'document-timestamp']);
    assert.equal(seal.time?.checkedAtSource, 'document-timestamp');
    assert.equal(ts1.time?.checkedAtSource, 'document-timestamp');
    assert.equal(ts2.time?.checkedAtSource, 'document-timestamp');
    assert.equal(ts3.time?.checkedAtSource, 'now', 'the newest is proven by nothing later');
    assert.equal(seal.time?.checkedAt, ts1.time?.timestamp, 'the signature is checked when the first document timestamp proves it existed');
    assert.ok(
      seal.notes.some((n) => /not revoked according to its issuer's CRL/.test(n)),
      seal.notes.join('\n'),
    );
    for (const s of report.signatures)
      assert.deepEqual(
        s.modifications.filter((m) => !m.allowed),
        [],
        s.field,
      );

    const verified = await affix(['verify', lt3, '--trust', b.rootPem, '--home', b.file('no-workspace')]);
    assert.equal(verified.status, 0, verified.stdout);

    // Eleven years on (past the issuing CA too), no timestamp's authority is valid any more and nothing later proves them: not passed.
    const late = await verifyPdf(readFileSync(lt3), { trustAnchors: [readFileSync(b.rootPem)], now: new Date(Date.now() + 11 * YEAR) });
    assert.equal(late.document.indication, 'INDETERMINATE');
  });

  it('renew refuses a file without a document timestamp', async () => {
    const r = await cli(['ltv', 'renew', signed, '-o', b.file('never.pdf'), '--tsa', server.url]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /no document timestamp to renew/);
  });

  it('air-gapped: timestamp request → tsa stamp (file mode) → timestamp apply', async () => {
    const q = b.file('lta.tsq');
    const prepared = b.file('lta.prepared.pdf');
    const reply = b.file('lta.tsr');
    const out = b.file('lta-airgapped.pdf');
    const req = await cli(['timestamp', 'request', signed, '-o', q, '--prepared', prepared]);
    assert.equal(req.status, 0, req.stderr);
    const stamp = await cli(['tsa', 'stamp', q, '-o', reply]);
    assert.equal(stamp.status, 0, stamp.stderr);
    // A reply to another query does not fit this revision.
    writeFileSync(b.file('other.pdf'), handmadePdf({ style: 'table' }));
    const otherQ = b.file('other.tsq');
    assert.equal((await cli(['timestamp', 'request', b.file('other.pdf'), '-o', otherQ, '--prepared', b.file('other.prepared.pdf')])).status, 0);
    assert.equal((await cli(['tsa', 'stamp', otherQ, '-o', b.file('other.tsr')])).status, 0);
    const wrong = await cli(['timestamp', 'apply', prepared, b.file('other.tsr'), '-o', b.file('wrong.pdf')]);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /answers a different query/);

    const applied = await cli(['timestamp', 'apply', prepared, reply, '-o', out]);
    assert.equal(applied.status, 0, applied.stderr);
    const report = await verifyPdf(readFileSync(out), { trustAnchors: [readFileSync(b.rootPem)] });
    assert.equal(report.document.indication, 'TOTAL-PASSED', JSON.stringify(report.signatures.map((s) => s.status)));
    assert.equal(report.signatures.at(-1)?.kind, 'document-timestamp');
    const again = await cli(['timestamp', 'apply', out, reply, '-o', b.file('twice.pdf')]);
    assert.equal(again.status, 2);
  });

  it('tsa stamp refuses a query that is not one, with exit 2 and no reply file', async () => {
    writeFileSync(b.file('junk.tsq'), 'not a query');
    const r = await cli(['tsa', 'stamp', b.file('junk.tsq'), '-o', b.file('junk.tsr')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /refused/);
    assert.equal(existsSync(b.file('junk.tsr')), false);
  });
});

describe('checkpoint timestamps', () => {
  let b: TsaBench;
  let server: TsaServer;
  const cli = (args: string[]) => affix([...args, '--home', b.home], { AFFIX_PASSPHRASE: PASSPHRASE });
  before(async () => {
    b = await tsaBench();
    server = await startTsaServer(b.engine, { host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await server.close();
    b.close();
  });

  it("an entry's proven time is the earliest timestamped checkpoint including it; a later entry has none", async () => {
    const first = b.services.ledger.append({ type: 'document.anchored', subjects: ['a'.repeat(64)] });
    b.services.ledger.checkpoint();
    const stamp = await cli(['ledger', 'timestamp', '--tsa', server.url, '--json']);
    assert.equal(stamp.status, 0, stamp.stderr);
    const stamped = JSON.parse(stamp.stdout) as { size: number; genTime: string };
    assert.ok(stamped.size > first.index);
    const later = b.services.ledger.append({ type: 'document.anchored', subjects: ['b'.repeat(64)] });
    b.services.ledger.checkpoint();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal((await cli(['ledger', 'timestamp', '--tsa', server.url])).status, 0);

    const proven = await cli(['ledger', 'proven-time', '--index', String(first.index), '--json']);
    assert.equal(proven.status, 0, proven.stderr);
    const p = JSON.parse(proven.stdout) as { provenTime: string; checkpointSize: number; tsa: string };
    assert.equal(p.provenTime, stamped.genTime, 'the earliest of the two checkpoints that include it');
    assert.equal(p.checkpointSize, stamped.size);
    assert.match(p.tsa, /Affix Test TSA/);
    const laterProven = await cli(['ledger', 'proven-time', '--index', String(later.index), '--json']);
    assert.equal(laterProven.status, 0);
    const lp = JSON.parse(laterProven.stdout) as { provenTime: string; checkpointSize: number };
    assert.ok(lp.checkpointSize > later.index && lp.provenTime > stamped.genTime, laterProven.stdout);

    const unproven = b.services.ledger.append({ type: 'document.anchored', subjects: ['c'.repeat(64)] });
    const none = await cli(['ledger', 'proven-time', '--index', String(unproven.index)]);
    assert.equal(none.status, 3);
    assert.match(none.stdout, /only the node's claim/);
  });
});

describe('the Settings TSA for workspace documents', () => {
  let b: TsaBench;
  let server: TsaServer;
  before(async () => {
    b = await tsaBench();
    server = await startTsaServer(b.engine, { host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await server.close();
    b.close();
  });

  it('signing a workspace document (as a signing-order step does) is PAdES B-T once a TSA is set, B-B after --clear', async () => {
    const p12 = opensslP12(b.dir, { key: 'ec', name: 'settings' });
    const source = { kind: 'pkcs12' as const, path: p12.path, password: p12.password };
    writeFileSync(b.file('doc.pdf'), handmadePdf({ style: 'table' }));
    const doc = b.services.documents.importFile(b.file('doc.pdf'));
    const cli = (args: string[]) => affix([...args, '--home', b.home]);
    assert.equal((await cli(['tsa', 'url', server.url])).status, 0);
    const signed = await b.services.signing.signDocument(doc.id, {}, source);
    const cms = parseCms(extractSignatures(b.services.documents.bytesOf(signed.sha256)).at(-1)!.der);
    assert.ok(cms.timestampToken, 'B-T: the signature carries a timestamp token');
    const report = await verifyPdf(b.services.documents.bytesOf(signed.sha256), { trustAnchors: [Buffer.from(p12.certPem), readFileSync(b.rootPem)] });
    assert.equal(report.signatures[0].time?.checkedAtSource, 'timestamp');

    assert.equal((await cli(['tsa', 'url', '--clear'])).status, 0);
    const plain = await b.services.signing.signDocument(doc.id, {}, source);
    assert.equal(parseCms(extractSignatures(b.services.documents.bytesOf(plain.sha256)).at(-1)!.der).timestampToken, undefined);
  });
});
