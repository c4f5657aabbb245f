/**
 * Other tools (Java BouncyCastle and friends) write the CMS in BER with
 * indefinite lengths. The verifier must accept it: the same signature,
 * re-encoded that way in /Contents (outside the signed ranges), still passes —
 * including signed attributes, whose signature is over their DER form.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { verifyPdf } from '../../../shared/verify';
import { generateCorpus, type Corpus } from '../../support/attacks/generate';
import { extractSignatures } from '../../support/pdf-tools';

let corpus: Corpus;
before(async () => {
  corpus = await generateCorpus();
});

interface Tlv {
  tag: number;
  header: number;
  length: number;
}

function readTlv(b: Uint8Array, at: number): Tlv {
  const tag = b[at];
  const l = b[at + 1];
  if (l < 0x80) return { tag, header: 2, length: l };
  const n = l & 0x7f;
  let length = 0;
  for (let k = 0; k < n; k++) length = length * 256 + b[at + 2 + k];
  return { tag, header: 2 + n, length };
}

/**
 * Re-encodes the CMS envelope with indefinite lengths: ContentInfo, SignedData,
 * its sets, the SignerInfo and its signed attributes. Certificates and attribute
 * values stay as they are, as BER writers embed them.
 */
function indefinite(b: Uint8Array, at = 0, depth = 0, parentTag = 0): Buffer {
  const t = readTlv(b, at);
  const whole = Buffer.from(b.subarray(at, at + t.header + t.length));
  const constructed = (t.tag & 0x20) !== 0;
  const convert = constructed && parentTag !== 0xa0 && (depth <= 4 || (depth === 5 && t.tag === 0xa0));
  if (!convert) return whole;
  const parts: Buffer[] = [Buffer.from([t.tag, 0x80])];
  for (let p = at + t.header; p < at + t.header + t.length;) {
    const child = readTlv(b, p);
    parts.push(indefinite(b, p, depth + 1, depth >= 3 ? t.tag : 0));
    p += child.header + child.length;
  }
  parts.push(Buffer.from([0, 0]));
  return Buffer.concat(parts);
}

describe('BER-encoded CMS', () => {
  it('verifies a signature whose CMS uses indefinite lengths', async () => {
    const clean = corpus.clean.find((c) => c.name === 'clean-approval');
    assert.ok(clean);
    const [sig] = extractSignatures(clean.bytes);
    const ber = indefinite(sig.der);
    assert.notDeepEqual(ber, sig.der);
    assert.equal(ber[1], 0x80, 'the outer ContentInfo has an indefinite length');
    const [, b, c] = sig.byteRange;
    const hex = ber.toString('hex').padEnd(c - b - 2, '0');
    assert.ok(hex.length === c - b - 2, 'the BER CMS fits the placeholder');
    const patched = Buffer.from(clean.bytes);
    patched.write(hex, b + 1, 'latin1');
    const report = await verifyPdf(patched, { trustAnchors: [Buffer.from(corpus.signer.rootPem)] });
    assert.deepEqual(report.signatures[0].status, { indication: 'TOTAL-PASSED' });
    // A BER CMS is still a CMS: breaking its signed attributes must fail it.
    const broken = Buffer.from(patched);
    const md = broken.indexOf(Buffer.from('2a864886f70d010904', 'latin1'), b);
    assert.ok(md > b, 'message-digest attribute found');
    broken[md + 40] = broken[md + 40] === 0x30 ? 0x31 : 0x30;
    const failed = await verifyPdf(broken, { trustAnchors: [Buffer.from(corpus.signer.rootPem)] });
    assert.equal(failed.signatures[0].status.indication, 'TOTAL-FAILED', JSON.stringify(failed.signatures[0].status));
  });
});
