/** The shared codecs of the certificate code against independent implementations and hostile input. */
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { base45Decode, base45Encode } from '../../../shared/certificates/base45';
import { csvCell, parseCsv } from '../../../shared/certificates/csv';
import { decodeCoseSign1, verifyEs256 } from '../../../shared/certificates/cose';
import { adler32, decodeClaims, decodeQrText, encodeQrText, strictUnzlib, type CertificateClaims } from '../../../shared/certificates/payload';
import { bitArray, decodeStatusList, signStatusList, statusAt } from '../../../shared/certificates/status-list';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const base45pkg = require('base45') as { decode(s: string): Buffer; encode(b: Uint8Array): string };

describe('Base45 (RFC 9285)', () => {
  it('matches the base45 package and the RFC examples', () => {
    assert.equal(base45Encode(new TextEncoder().encode('AB')), 'BB8');
    assert.equal(base45Encode(new TextEncoder().encode('Hello!!')), '%69 VD92EX0');
    assert.equal(new TextDecoder().decode(base45Decode('QED8WEX0')!), 'ietf!');
    for (let n = 0; n < 200; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n * 13) & 0xff);
      const text = base45Encode(bytes);
      assert.equal(text, base45pkg.encode(Buffer.from(bytes)));
      assert.deepEqual(base45Decode(text), bytes);
    }
  });
  it('refuses what RFC 9285 calls invalid', () => {
    assert.equal(base45Decode('GGW'), null); // 65535 < value: 'GGW' = 16 + 16*45 + 32*2025 = 65536
    assert.equal(base45Decode('A'), null);
    assert.equal(base45Decode('ab8'), null);
    assert.equal(base45Decode(':;'), null);
    assert.equal(base45Decode('Z9'), null); // 35 + 9*45 = 440 > 255
  });
});

describe('zlib with Adler-32', () => {
  it('accepts node:zlib output and refuses an altered trailer', () => {
    const data = new TextEncoder().encode('北京 licence '.repeat(20));
    const z = deflateSync(data);
    assert.deepEqual(strictUnzlib(z), new Uint8Array(data));
    const bad = Uint8Array.from(z);
    bad[bad.length - 1] ^= 4;
    assert.equal(strictUnzlib(bad), null);
    assert.equal(adler32(new TextEncoder().encode('Wikipedia')), 0x11e60398);
  });
});

describe('QR payload', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const point = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-65));
  const signer = (d: Uint8Array): Uint8Array => new Uint8Array(sign('sha256', d, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
  const claims: CertificateClaims = {
    number: 'LIC-1',
    type: '营业执照',
    holder: '某某有限公司',
    holderId: '91110000600037341L',
    issuerUscc: '91110000600037341L',
    issuedAt: 1_800_000_000,
    validUntil: 1_900_000_000,
    status: { idx: 42, uri: 'afx:sl:00112233' },
  };
  it('round-trips and verifies; another key does not', async () => {
    const { text } = await encodeQrText(claims, new Uint8Array(8).fill(7), signer);
    const { sign1 } = await decodeQrText(text);
    assert.deepEqual(sign1.kid, new Uint8Array(8).fill(7));
    assert.equal(await verifyEs256(sign1, point), true);
    assert.deepEqual(await decodeClaims(sign1.payload), { ...claims, validFrom: undefined });
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' }).subarray(-65);
    assert.equal(await verifyEs256(sign1, new Uint8Array(other)), false);
  });
  it('refuses malformed COSE without crashing', async () => {
    const cborg = await import('cborg');
    for (const bad of [
      cborg.encode([1, 2, 3]),
      cborg.encode('x'),
      new Uint8Array([0xff]),
      cborg.encode([new Uint8Array(0), new Map(), 'text', new Uint8Array(64)]),
    ]) {
      await assert.rejects(decodeCoseSign1(bad));
    }
    await assert.rejects(decodeQrText('AFX1:' + base45Encode(deflateSync(Buffer.from([0xa1, 0x01])))), /COSE_Sign1/);
    await assert.rejects(decodeQrText('HC1:ABC'), /not an Affix certificate code/);
  });
});

describe('status list (Token Status List, CWT)', () => {
  it('places bit i at byte i/8, least significant first, and signs it', async () => {
    const lst = bitArray(20, [0, 9, 19]);
    assert.deepEqual([...lst], [0b00000001, 0b00000010, 0b00001000]);
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const bytes = await signStatusList(
      { uri: 'afx:sl:1', issuedAt: 1000, expiresAt: 2000, ttl: 60, size: 20, revoked: [9] },
      new Uint8Array(8),
      (d) => new Uint8Array(sign('sha256', d, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
    );
    const list = await decodeStatusList(bytes);
    assert.equal(list.uri, 'afx:sl:1');
    assert.equal(statusAt(list, 9), 1);
    assert.equal(statusAt(list, 8), 0);
    assert.equal(statusAt(list, 24), null);
    assert.equal(list.sign1.protectedHeader.get(16), 'application/statuslist+cwt');
  });
});

describe('CSV', () => {
  it('reports each bad record with its line and keeps the others', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,"x\ny"\n2,"unclosed\n', 'utf8')]);
    const r = parseCsv(Buffer.concat([Buffer.from('\ufeffa,b\r\n1,2\r\n', 'utf8'), Buffer.from([0x33, 0x2c, 0xff, 0x0a]), Buffer.from('4,"q""uote"\n')]));
    assert.deepEqual(
      r.records.map((x) => [x.line, x.fields]),
      [
        [1, ['a', 'b']],
        [2, ['1', '2']],
        [4, ['4', 'q"uote']],
      ],
    );
    assert.deepEqual(r.errors, [{ line: 3, message: 'the line is not UTF-8 text (save the file as UTF-8)' }]);
    const q = parseCsv(bytes);
    assert.deepEqual(
      q.records.map((x) => x.line),
      [1, 2],
    );
    assert.equal(q.errors[0].line, 4);
  });
  it('neutralises formula triggers on export', () => {
    assert.equal(csvCell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('-2'), "'-2");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('\tx'), "'\tx");
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('plain'), 'plain');
  });
});
