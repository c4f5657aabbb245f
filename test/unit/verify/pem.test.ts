/**
 * shared/asn1/pem.ts, the one PEM reader and writer (RFC 7468): labels and
 * many blocks, explanatory text ignored, damage refused with a message that
 * names it, bounded input, 64-column output that OpenSSL reads back.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { derItems, isPem, MAX_PEM_BYTES, parsePem, toPem } from '../../../shared/asn1/pem';

const der = (n: number): Uint8Array => {
  // SEQUENCE { OCTET STRING n random bytes }, long-form lengths for n > 127: valid DER for openssl asn1parse.
  const body = randomBytes(n);
  const len = (l: number): number[] => (l < 128 ? [l] : l < 256 ? [0x81, l] : [0x82, l >> 8, l & 0xff]);
  const octets = [0x04, ...len(n), ...body];
  return Uint8Array.from([0x30, ...len(octets.length), ...octets]);
};

describe('PEM', () => {
  it('writes 64-column lines and reads back every block with its label', () => {
    const a = der(300);
    const b = der(5);
    const pem = toPem(a, 'CERTIFICATE');
    const lines = pem.trimEnd().split('\n');
    assert.equal(lines[0], '-----BEGIN CERTIFICATE-----');
    assert.equal(lines.at(-1), '-----END CERTIFICATE-----');
    assert.ok(
      lines.slice(1, -2).every((l) => l.length === 64),
      'all base64 lines but the last are 64 columns',
    );
    assert.ok((lines.at(-2) ?? '').length <= 64);
    const text = `Bag Attributes\n    friendlyName: x\n${pem}some comment\n${toPem(b, 'X509 CRL')}`;
    const blocks = parsePem(text);
    assert.deepEqual(
      blocks.map((x) => x.label),
      ['CERTIFICATE', 'X509 CRL'],
    );
    assert.deepEqual(blocks[0]?.der, a);
    assert.deepEqual(blocks[1]?.der, b);
    assert.deepEqual(derItems(Buffer.from(text), ['X509 CRL'], 'x'), [b]);
    assert.deepEqual(derItems(a, ['CERTIFICATE'], 'x'), [a], 'DER passes through');
    assert.equal(isPem(a), false);
  });

  it('is what OpenSSL reads', { skip: spawnSync('openssl', ['version']).status === 0 ? false : 'openssl not installed' }, () => {
    const d = der(1000);
    const out = execFileSync('openssl', ['asn1parse', '-inform', 'PEM'], { input: toPem(d, 'CERTIFICATE') }).toString();
    assert.match(out, /cons: SEQUENCE/);
    assert.match(out, /prim: OCTET STRING/);
    const back = execFileSync('openssl', ['base64', '-d'], { input: toPem(d, 'CERTIFICATE').split('\n').slice(1, -2).join('\n') + '\n' });
    assert.deepEqual(new Uint8Array(back), d);
  });

  it('refuses damage with a message naming it', () => {
    const good = toPem(der(40), 'CERTIFICATE');
    const cases: [string, RegExp][] = [
      ['no blocks here', /holds no PEM block/],
      [good.replace('-----END CERTIFICATE-----', ''), /"CERTIFICATE" has no matching END line/],
      [good.replace('-----END CERTIFICATE-----', '-----END X509 CRL-----'), /no matching END line/],
      [good.replace('-----END CERTIFICATE-----\n', '') + good, /no matching END line/],
      [good.replace(/\n(.)/, '\n!$1'), /not valid base64/],
      [good.replace(/\n(.)/, '\n$1$1'), /not valid base64/],
      ['-----BEGIN -----\nAAAA\n----- END -----', /malformed PEM BEGIN line/],
    ];
    for (const [text, message] of cases) {
      assert.throws(
        () => parsePem(text, 'the test file'),
        (e: Error & { code?: string }) => e.code === 'BAD_INPUT' && message.test(e.message) && e.message.includes('the test file'),
        text,
      );
    }
    assert.throws(() => derItems(Buffer.from(good), ['X509 CRL'], 'crl.pem'), /crl\.pem holds no X509 CRL PEM block \(it holds CERTIFICATE\)/);
  });

  it('refuses input beyond its bound before decoding it', () => {
    const big = { length: MAX_PEM_BYTES + 1 } as unknown as string;
    assert.throws(() => parsePem(big, 'huge.pem'), /huge\.pem is too large for PEM text/);
  });
});
