/**
 * Government certificates end to end through the CLI: a template, a batch of
 * licences issued from CSV (each valid to pdfsig, TOTAL-PASSED in `affix
 * verify` with only the office root, its QR code read by zbarimg from a
 * 150 dpi pdftoppm render and verified by `affix cert verify --image`), the
 * QR payload decoded independently (the base45 package, node:zlib, cborg,
 * node:crypto ECDSA), revocation through the signed status list, altered
 * and foreign codes, bad CSV rows, and crash recovery.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign as nodeSign, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync, deflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { openServices } from '../../../main/services/composition/container';
import { CertificatesService, sha256Hex } from '../../../main/services/usecases/certificates/certificates-service';
import { fileNameOf, issueBatch } from '../../../main/services/usecases/certificates/issuance';
import { pdfsig, tool } from '../../support/pdf-tools';
import { affix } from '../../support/cli';
import { HEADER, Office, PASSPHRASE, rows } from './fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const base45pkg = require('base45') as { decode(s: string): Buffer; encode(b: Uint8Array): string };

const COUNT = 20;

describe('certificates: template → batch → QR → revocation', () => {
  const office = new Office();
  let out: string;
  let rootPem: string;
  let officeKeys: string;
  let issued: { number: string; outputPath: string; sha256: string; qrChars: number; qrVersion: number }[] = [];

  before(async () => {
    await office.setUp();
    out = office.file('out');
    writeFileSync(office.file('rows.csv'), [HEADER, ...rows(COUNT)].join('\n') + '\n');
  });
  after(() => office.cleanup());

  it('lists the template and renders a preview PNG', async () => {
    const list = await office.json<{ name: string; fields: string[] }[]>(['cert', 'template', 'list'], false);
    assert.deepEqual(
      list.map((t) => t.name),
      ['licence'],
    );
    assert.ok(list[0].fields.includes('holder'));
    const r = await office.plain(['cert', 'template', 'preview', 'licence', '-o', office.file('preview.png')]);
    assert.equal(r.status, 0, r.stderr);
    const png = readFileSync(office.file('preview.png'));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.length > 5000);
  });

  it(`issues ${COUNT} certificates with JSON lines and a summary`, async () => {
    const r = await office.run([...office.issueArgs(office.file('rows.csv'), out), '--json']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string } & Record<string, unknown>);
    const summary = lines.at(-1)!;
    assert.equal(summary.kind, 'summary');
    assert.equal(summary.issued, COUNT);
    assert.equal(summary.errors, 0);
    issued = lines.filter((l) => l.kind === 'issued') as never;
    assert.equal(issued.length, COUNT);
    for (const c of issued) {
      assert.equal(sha256Hex(readFileSync(c.outputPath)), c.sha256);
      assert.ok(c.qrChars <= 400, `QR text ${c.qrChars} characters`);
      assert.ok(c.qrVersion <= 13, `QR version ${c.qrVersion}`);
    }
    assert.deepEqual(
      readdirSync(out).filter((f) => f.endsWith('.pending')),
      [],
    );
  });

  it('each certificate is valid to pdfsig and TOTAL-PASSED in affix verify with only the office root', async () => {
    const org = openServices(office.home);
    try {
      rootPem = office.file('root.pem');
      const rootSerial = org.pki.org(office.orgId).rootSerial;
      writeFileSync(rootPem, new X509Certificate(org.pki.certificateDer(rootSerial)).toString());
    } finally {
      org.close();
    }
    for (const c of issued) {
      const sig = await pdfsig(c.outputPath);
      assert.equal(sig.signatures.length, 1, sig.output);
      assert.match(sig.output, /Signature is Valid/);
      assert.match(sig.output, /Total document signed/);
      const v = await affix(['verify', c.outputPath, '--trust', rootPem, '--json', '--home', office.file('no-workspace')]);
      assert.equal(v.status, 0, v.stdout + v.stderr);
      assert.equal(JSON.parse(v.stdout).document.indication, 'TOTAL-PASSED');
    }
  });

  it('writes the office keys file verifiers pin', async () => {
    officeKeys = office.file('office.json');
    const r = await office.plain(['cert', 'office-keys', '-o', officeKeys]);
    assert.equal(r.status, 0, r.stderr);
    const file = JSON.parse(readFileSync(officeKeys, 'utf8'));
    assert.equal(file.offices.length, 1);
    assert.match(file.offices[0].kid, /^[0-9a-f]{16}$/);
  });

  it('the QR code of a 150 dpi render decodes with zbarimg and verifies with affix cert verify --image', async () => {
    for (const c of issued.slice(0, 4)) {
      const prefix = office.file(`render-${c.number}`);
      const ppm = await tool('pdftoppm', ['-r', '150', '-png', '-singlefile', c.outputPath, prefix]);
      assert.equal(ppm.code, 0, ppm.stderr);
      const z = await tool('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', `${prefix}.png`]);
      assert.equal(z.code, 0, z.stderr);
      const officeServices = openServices(office.home);
      const register = new CertificatesService(officeServices);
      const row = register.find(c.number)!;
      officeServices.close();
      assert.equal(z.stdout.trim(), row.qr);
      const png = await affix(['cert', 'verify', '--image', `${prefix}.png`, '--trust-policy', officeKeys, '--json']);
      assert.equal(png.status, 0, png.stdout + png.stderr);
      assert.equal(JSON.parse(png.stdout).claims.number, c.number);
      const pdf = await affix(['cert', 'verify', '--image', c.outputPath, '--trust-policy', officeKeys, '--json']);
      assert.equal(pdf.status, 0, pdf.stdout + pdf.stderr);
      assert.equal(JSON.parse(pdf.stdout).verdict, 'VALID');
    }
  });

  it('the QR payload is COSE_Sign1/ES256 as decoded by independent tools (base45, zlib, cborg, node:crypto)', async () => {
    const officeServices = openServices(office.home);
    const register = new CertificatesService(officeServices);
    const row = register.find(issued[0].number)!;
    officeServices.close();
    assert.ok(row.qr.startsWith('AFX1:'));
    const cose = inflateSync(base45pkg.decode(row.qr.slice(5)));
    const cborg = await import('cborg');
    const tagged = cborg.decode(cose, { useMaps: true, tags: { 18: (d: () => unknown) => ({ tag18: d() }) } as never }) as { tag18: unknown[] };
    const [prot, unprot, payload, signature] = tagged.tag18 as [Uint8Array, Map<unknown, unknown>, Uint8Array, Uint8Array];
    const header = cborg.decode(prot, { useMaps: true }) as Map<number, unknown>;
    assert.equal(header.get(1), -7);
    const kid = header.get(4) as Uint8Array;
    assert.equal(kid.length, 8);
    const keys = JSON.parse(readFileSync(officeKeys, 'utf8'));
    assert.equal(Buffer.from(kid).toString('hex'), keys.offices[0].kid);
    assert.equal(unprot.size, 0);
    assert.equal(signature.length, 64);
    const claims = cborg.decode(payload, { useMaps: true }) as Map<number, unknown>;
    assert.equal(claims.get(2), issued[0].number);
    assert.equal(claims.get(1), keys.offices[0].uscc);
    assert.equal(typeof claims.get(6), 'number');
    assert.equal(claims.get(4), Date.parse('2031-12-31T23:59:59Z') / 1000);
    const cert = claims.get(-65537) as Map<number, string>;
    assert.equal(cert.get(1), '营业执照');
    assert.equal(cert.get(2), '北京测试1号科技有限公司');
    const status = (claims.get(65535) as Map<string, Map<string, unknown>>).get('status_list')!;
    assert.equal(typeof status.get('idx'), 'number');
    assert.match(String(status.get('uri')), /^afx:sl:[0-9a-f]{8}$/);
    const tbs = cborg.encode(['Signature1', prot, new Uint8Array(0), payload]);
    const publicKey = new X509Certificate(Buffer.from(keys.offices[0].certificate, 'base64')).publicKey;
    assert.equal(nodeVerify('sha256', tbs, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature), true);
    const tampered = Uint8Array.from(tbs);
    tampered[tampered.length - 3] ^= 1;
    assert.equal(nodeVerify('sha256', tampered, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature), false);
  });

  it('an altered character in the QR text fails (exit 1); a code signed by another key fails; no pinned key is indeterminate', async () => {
    const officeServices = openServices(office.home);
    const register = new CertificatesService(officeServices);
    const row = register.find(issued[1].number)!;
    officeServices.close();
    const ok = await affix(['cert', 'verify', '--qr', row.qr, '--trust-policy', officeKeys]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^VALID/);
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
    // Positions in the COSE bytes and in the zlib trailer (Adler-32); not the 9 characters holding the
    // final deflate byte, whose unused padding bits carry nothing (any DEFLATE decoder ignores them).
    for (const at of [6, 40, Math.floor(row.qr.length / 2), row.qr.length - 1, row.qr.length - 4]) {
      const ch = row.qr[at];
      const other = alphabet[(alphabet.indexOf(ch) + 1) % alphabet.length];
      const altered = row.qr.slice(0, at) + other + row.qr.slice(at + 1);
      const r = await affix(['cert', 'verify', '--qr', altered, '--trust-policy', officeKeys, '--json']);
      assert.equal(r.status, 1, `altered at ${at}: ${r.stdout}${r.stderr}`);
      assert.equal(JSON.parse(r.stdout).verdict, 'FAILED');
    }

    // The same claims and key id, signed by another office's key.
    const cborg = await import('cborg');
    const tagged = cborg.decode(inflateSync(base45pkg.decode(row.qr.slice(5))), { useMaps: true, tags: { 18: (d: () => unknown) => d() } as never }) as [
      Uint8Array,
      Map<unknown, unknown>,
      Uint8Array,
      Uint8Array,
    ];
    const [prot, , payload] = tagged;
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forged = nodeSign('sha256', cborg.encode(['Signature1', prot, new Uint8Array(0), payload]), { key: other.privateKey, dsaEncoding: 'ieee-p1363' });
    const forgedQr = 'AFX1:' + base45pkg.encode(deflateSync(cborg.encode(new cborg.Tagged(18, [prot, new Map(), payload, forged]))));
    const f = await affix(['cert', 'verify', '--qr', forgedQr, '--trust-policy', officeKeys, '--json']);
    assert.equal(f.status, 1, f.stdout + f.stderr);
    assert.match(JSON.parse(f.stdout).reason, /signature does not verify/);

    const none = await affix(['cert', 'verify', '--qr', row.qr]);
    assert.equal(none.status, 3, none.stdout + none.stderr);
    const foreign = await affix(['cert', 'verify', '--qr', 'HC1:NCFOXN', '--trust-policy', officeKeys]);
    assert.equal(foreign.status, 2);
  });

  it('revoking one certificate makes cert verify report REVOKED with the status list date; the others stay VALID', async () => {
    const revoked = issued[2].number;
    const r = await office.plain(['cert', 'revoke', revoked, '--reason', 'withdrawn']);
    assert.equal(r.status, 0, r.stderr);
    const list = office.file('status.cwt');
    const p = await office.run(['cert', 'status-list', '-o', list, '--as', office.personId, '--json']);
    assert.equal(p.status, 0, p.stderr);
    const published = JSON.parse(p.stdout) as { issuedAt: string; revoked: number; size: number };
    assert.equal(published.revoked, 1);
    assert.equal(published.size, COUNT);
    const officeServices = openServices(office.home);
    const register = new CertificatesService(officeServices);
    const rowRevoked = register.find(revoked)!;
    const rowValid = register.find(issued[3].number)!;
    const entries = officeServices.ledger.entries(0, 100_000).map((e) => e.entry.type);
    officeServices.close();
    assert.equal(entries.filter((t) => t === 'ecert.issued').length, COUNT);
    assert.equal(entries.filter((t) => t === 'ecert.revoked').length, 1);
    assert.equal(entries.filter((t) => t === 'ecert.status-list').length, 1);

    const v = await affix(['cert', 'verify', '--qr', rowRevoked.qr, '--trust-policy', officeKeys, '--status-list', list]);
    assert.equal(v.status, 1, v.stdout + v.stderr);
    assert.match(v.stdout, /^REVOKED/);
    assert.ok(v.stdout.includes(published.issuedAt), v.stdout);
    assert.match(v.stdout, /old\)/);
    const ok = await affix(['cert', 'verify', '--qr', rowValid.qr, '--trust-policy', officeKeys, '--status-list', list, '--json']);
    assert.equal(ok.status, 0, ok.stdout);
    const okv = JSON.parse(ok.stdout);
    assert.equal(okv.verdict, 'VALID');
    assert.equal(okv.statusList.issuedAt, published.issuedAt);
    assert.equal(typeof okv.statusList.ageSeconds, 'number');
  });

  it('bad CSV rows are reported with their line numbers; the good rows are still issued', async () => {
    const bad = [
      HEADER,
      ...rows(1, 101), // line 2: good
      'LIC-BAD-USCC,某公司,91110000600037341X,张三,11010519491231002X,2031-12-31', // 3: USCC check character
      'LIC-BAD-ID,某公司,91110000600037341L,张三,110105194912310021,2031-12-31', // 4: ID check digit
      `LIC-LONG,${'长'.repeat(10000)},91110000600037341L,张三,11010519491231002X,2031-12-31`, // 5: 10,000 characters
      `LIC-FORMULA,"=cmd|' /C calc'!A0",91110000600037341L,张三,11010519491231002X,2031-12-31`, // 6: formula
      'LIC-SHORT,某公司', // 7: missing columns
      'LIC-DATE,某公司,91110000600037341L,张三,11010519491231002X,2031-02-30', // 8: not a date
      ...rows(1, 102), // 9: good
    ];
    const bytes = Buffer.concat([
      Buffer.from(bad.join('\n') + '\n', 'utf8'),
      Buffer.from('LIC-LATIN1,', 'latin1'),
      Buffer.from([0xb1, 0xb1, 0xbe, 0xa9]),
      Buffer.from(',91110000600037341L,x,11010519491231002X,2031-12-31\n'),
    ]);
    writeFileSync(office.file('bad.csv'), bytes);
    const r = await office.run([...office.issueArgs(office.file('bad.csv'), out), '--json']);
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { kind: string; line: number; check: string });
    const errors = new Map(lines.filter((l) => l.kind === 'error').map((l) => [l.line, l.check]));
    assert.equal(errors.get(3), 'uscc:check-character');
    assert.equal(errors.get(4), 'resident-id:check-digit');
    assert.equal(errors.get(5), 'length');
    assert.equal(errors.get(6), 'formula');
    assert.equal(errors.get(7), 'columns');
    assert.equal(errors.get(8), 'date');
    assert.equal(errors.get(10), 'csv');
    assert.equal(
      lines
        .filter((l) => l.kind === 'issued')
        .map((l) => l.line)
        .join(),
      '2,9',
    );
    const summary = lines.at(-1) as unknown as { errors: number; issued: number };
    assert.equal(summary.errors, 7);

    writeFileSync(office.file('empty.csv'), '');
    const e = await office.run([...office.issueArgs(office.file('empty.csv'), out), '--json']);
    assert.equal(e.status, 2);
    assert.match(e.stdout, /"line":1,"column":null,"check":"empty"/);
    writeFileSync(office.file('noheader.csv'), 'number,holder\nX-1,某公司\n');
    const h = await office.run([...office.issueArgs(office.file('noheader.csv'), out)]);
    assert.equal(h.status, 2);
    assert.match(h.stderr, /line 1: the header has no column "uscc"/);
    assert.match(h.stderr, /line 2: not issued/);
  });

  it('exports the register as CSV with formula triggers neutralised', async () => {
    const r = await office.plain(['cert', 'list', '--csv', office.file('register.csv')]);
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(office.file('register.csv'), 'utf8');
    assert.ok(text.startsWith('\ufeffnumber,type,holder'));
    assert.equal(text.trim().split('\r\n').length, COUNT + 3);
    for (const line of text.split('\r\n').slice(1)) for (const cell of line.split(',')) assert.doesNotMatch(cell, /^[=+\-@\t]/);
  });

  it('a re-run skips issued rows; a crash before the commit leaves no record, after it the re-run completes the file', async () => {
    const crashDir = office.file('crash');
    mkdirSync(crashDir);
    writeFileSync(office.file('crash.csv'), [HEADER, ...rows(6, 201)].join('\n') + '\n');
    const services = openServices(office.home);
    const svc = new CertificatesService(services);
    try {
      const input = {
        template: 'licence',
        dataPath: office.file('crash.csv'),
        sealId: office.sealId,
        personId: office.personId,
        passphrase: PASSPHRASE,
        outDir: crashDir,
        groupSize: 2,
      };
      let groups = 0;
      await assert.rejects(
        issueBatch(svc, {
          ...input,
          beforeCommit: () => {
            if (++groups === 2) throw new Error('simulated crash');
          },
        }),
        /simulated crash/,
      );
      // Group 1 committed; group 2 wrote pending files only.
      assert.equal(readdirSync(crashDir).filter((f) => f.endsWith('.pdf')).length, 2);
      assert.equal(readdirSync(crashDir).filter((f) => f.endsWith('.pending')).length, 2);
      assert.equal(svc.list({ search: 'LIC-2026-0020' }).length, 2);
      // A crash after the commit and before the rename: the certificate's file is still pending.
      const first = svc.find('LIC-2026-00201')!;
      renameSync(first.outputPath, join(crashDir, `.${fileNameOf(first.number)}.pending`));
      const events: string[] = [];
      const summary = await issueBatch(svc, input, (e) => events.push(`${e.kind}:${'number' in e ? e.number : e.line}`));
      assert.equal(summary.issued, 4);
      assert.equal(summary.skipped, 1);
      assert.equal(summary.repaired, 1);
      assert.ok(events.includes('repaired:LIC-2026-00201'));
      const files = readdirSync(crashDir);
      assert.deepEqual(
        files.filter((f) => f.endsWith('.pending')),
        [],
      );
      assert.equal(files.length, 6);
      const register = svc.list({ search: 'LIC-2026-002' });
      assert.equal(register.length, 6);
      for (const row of register) assert.equal(sha256Hex(readFileSync(row.outputPath)), row.sha256);
      const issuedEntries = services.ledger.entries(0, 100_000).filter((e) => e.entry.type === 'ecert.issued');
      for (const row of register) assert.equal(issuedEntries.filter((e) => e.entry.subjects[0] === row.sha256).length, 1);
    } finally {
      services.close();
    }
  });

  it('a process killed mid-batch, then re-run: no duplicates, no half-issued certificate', { timeout: 600_000 }, async () => {
    const dir = office.file('killed');
    writeFileSync(office.file('kill.csv'), [HEADER, ...rows(30, 301)].join('\n') + '\n');
    const args = [...office.issueArgs(office.file('kill.csv'), dir), '--json', '--home', office.home, '--passphrase-env', 'AFFIX_TEST_PASS'];
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, '../../../main/cli/affix.ts'), ...args], {
      env: { ...process.env, AFFIX_TEST_PASS: PASSPHRASE },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = 0;
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        seen += d
          .toString()
          .split('\n')
          .filter((l) => l.includes('"issued"')).length;
        if (seen >= 5 && child.exitCode === null) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    assert.ok(seen >= 5 && seen < 30, `killed after ${seen}`);
    const again = await office.run([...office.issueArgs(office.file('kill.csv'), dir), '--json']);
    assert.equal(again.status, 0, again.stderr);
    const services = openServices(office.home);
    try {
      const svc = new CertificatesService(services);
      const register = svc.list({ search: 'LIC-2026-003' });
      assert.equal(register.length, 30);
      const files = readdirSync(dir);
      assert.deepEqual(
        files.filter((f) => !f.endsWith('.pdf')),
        [],
      );
      assert.equal(files.length, 30);
      const issuedEntries = services.ledger.entries(0, 100_000).filter((e) => e.entry.type === 'ecert.issued');
      for (const row of register) {
        assert.ok(existsSync(row.outputPath));
        assert.equal(sha256Hex(readFileSync(row.outputPath)), row.sha256);
        assert.equal(issuedEntries.filter((e) => e.entry.subjects[0] === row.sha256).length, 1);
      }
      const indexes = new Set(register.map((r) => r.statusIndex));
      assert.equal(indexes.size, 30);
    } finally {
      services.close();
    }
  });
});
