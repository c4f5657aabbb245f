/**
 * A one-byte change anywhere in a signed range must fail verification: the
 * document is TOTAL-FAILED, or the file no longer reads as a PDF (a clear
 * BAD_INPUT error). Never TOTAL-PASSED, never merely INDETERMINATE.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { isAffixError } from '../../../shared/errors/affix-error';
import { verifyPdf } from '../../../shared/verify';
import { generateCorpus } from '../../support/attacks/generate';
import { corpusDir, hasCorpus } from '../../support/corpus';

interface Subject {
  name: string;
  bytes: Buffer;
  anchor: Uint8Array;
}

let subjects: Subject[];
before(async () => {
  const corpus = await generateCorpus();
  const anchor = Buffer.from(corpus.signer.rootPem);
  const others = join(corpusDir, 'signed-by-others');
  subjects = [
    { name: 'engine two approvals', bytes: corpus.clean.find((c) => c.name === 'clean-two-approvals')?.bytes ?? Buffer.alloc(0), anchor },
    {
      name: 'engine certified + approval',
      bytes: corpus.clean.find((c) => c.name === 'clean-certified-then-approval-in-existing-field')?.bytes ?? Buffer.alloc(0),
      anchor,
    },
  ];
  // The file signed by another tool is in the outside corpus; without it the engine's own files still run.
  if (hasCorpus)
    subjects.push({
      name: 'pyHanko two signers',
      bytes: readFileSync(join(others, 'pyhanko-two-signers-rsa-then-ecdsa.pdf')),
      anchor: readFileSync(join(others, 'sample-root-ca.pem')),
    });
});

/** Offsets in the last signature's ranges: evenly spread, plus every byte of the file's first and last 64 and of each signature dictionary. */
function positions(bytes: Buffer, spread: number): number[] {
  const text = bytes.toString('latin1');
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => m.slice(1, 5).map(Number));
  const [, b, c, d] = ranges.at(-1) ?? [0, 0, 0, 0];
  const inRange = (p: number): boolean => p < b || (p >= c && p < c + d);
  const out = new Set<number>();
  for (let i = 0; i < spread; i++) out.add(Math.floor((i * bytes.length) / spread));
  for (let i = 0; i < 64; i++) out.add(i).add(bytes.length - 1 - i);
  for (const m of text.matchAll(/\/ByteRange/g)) for (let k = -200; k < 80; k++) out.add(m.index + k);
  return [...out].filter((p) => p >= 0 && p < bytes.length && inRange(p)).sort((x, y) => x - y);
}

describe('one-byte changes in signed ranges', () => {
  it('fail verification at every position tried', async () => {
    for (const s of subjects) {
      const baseline = await verifyPdf(s.bytes, { trustAnchors: [s.anchor] });
      assert.equal(baseline.document.indication, 'TOTAL-PASSED', `${s.name} baseline`);
      let reports = 0;
      let unreadable = 0;
      const tried = positions(s.bytes, 250);
      for (const p of tried) {
        const changed = Buffer.from(s.bytes);
        changed[p] ^= 0x01;
        try {
          const r = await verifyPdf(changed, { trustAnchors: [s.anchor] });
          assert.equal(r.document.indication, 'TOTAL-FAILED', `${s.name}: byte ${p} (0x${s.bytes[p].toString(16)}) changed, got ${JSON.stringify(r.document)}`);
          reports++;
        } catch (error) {
          assert.ok(isAffixError(error) && error.code === 'BAD_INPUT', `${s.name}: byte ${p}: ${String(error)}`);
          unreadable++;
        }
      }
      assert.ok(tried.length > 400, `${s.name}: only ${tried.length} positions`);
      // Most changes leave a readable PDF, so the signature checks (not the parser) are what fails them.
      assert.ok(reports > unreadable, `${s.name}: ${reports} reports, ${unreadable} unreadable`);
    }
  });
});
