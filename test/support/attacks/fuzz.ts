/**
 * Mutation fuzzing for the verifier (used by test/robustness/verify/fuzz-*.test.ts): signed files (pyHanko's and the engine's) are damaged in
 * every way a broken disk, a careless tool or an attacker would — flipped and
 * random bytes, cut, inserted and duplicated slices, edited numbers — and
 * verified. Every run must end, in bounded time, with a report or a clear
 * BAD_INPUT error; never another exception, never a hang, never TOTAL-PASSED
 * for bytes that differ inside a signed range.
 *
 * Batches of 500 mutations, each with its own seed so a failure replays;
 * the test files split the batches so the runner can use both cores.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { isAffixError } from '../../../shared/errors/affix-error';
import { verifyPdf } from '../../../shared/verify';
import { corpusDir, hasCorpus } from '../corpus';
import { generateCorpus } from './generate';
import { prng } from '../prng';

export const FUZZ_BATCH = 500;
/** A hang guard, not a speed goal: the slowest legitimate run is far below it. */
const MAX_RUN_MS = 10_000;

/** Offsets worth aiming at: structure lives in few bytes, so half the mutations hit it. */
function hotSpots(bytes: Buffer): number[] {
  const text = bytes.toString('latin1');
  const spots: number[] = [];
  for (const re of [/\/ByteRange/g, /\/Contents/g, /xref/g, /trailer/g, /startxref/g, /\/FT/g, /\/V /g, / obj/g, /\/Prev/g, /\/Root/g]) {
    for (const m of text.matchAll(re)) spots.push(m.index);
  }
  return spots;
}

function mutate(src: Buffer, spots: number[], rnd: () => number): Buffer {
  const n = src.length;
  const pos = rnd() < 0.5 && spots.length ? Math.min(n - 1, spots[Math.floor(rnd() * spots.length)] + Math.floor(rnd() * 48)) : Math.floor(rnd() * n);
  const len = 1 + Math.floor(rnd() * 64);
  switch (Math.floor(rnd() * 8)) {
    case 0: {
      const b = Buffer.from(src);
      b[pos] ^= 1 << Math.floor(rnd() * 8);
      return b;
    }
    case 1: {
      const b = Buffer.from(src);
      for (let i = 0; i < len && pos + i < n; i++) b[pos + i] = Math.floor(rnd() * 256);
      return b;
    }
    case 2:
      return Buffer.concat([src.subarray(0, pos), src.subarray(Math.min(n, pos + len))]);
    case 3:
      return Buffer.concat([src.subarray(0, pos), Buffer.from(Array.from({ length: len }, () => Math.floor(rnd() * 256))), src.subarray(pos)]);
    case 4:
      return src.subarray(0, pos);
    case 5: {
      const from = Math.floor(rnd() * n);
      return Buffer.concat([src.subarray(0, pos), src.subarray(from, Math.min(n, from + len * 16)), src.subarray(pos)]);
    }
    case 6: {
      // Edit a number: offsets, lengths, object numbers, /ByteRange values.
      const b = Buffer.from(src);
      for (let i = pos; i < Math.min(n, pos + 64); i++) {
        if (b[i] >= 0x30 && b[i] <= 0x39) {
          b[i] = 0x30 + Math.floor(rnd() * 10);
          break;
        }
      }
      return b;
    }
    default: {
      const b = Buffer.from(src);
      const words = ['obj', 'endobj', 'stream', 'endstream', '<<', '>>', '[', ']', '(', ')', '%%EOF', 'R', '0'];
      b.write(words[Math.floor(rnd() * words.length)], pos, 'latin1');
      return b;
    }
  }
}

interface Seed {
  name: string;
  bytes: Buffer;
  spots: number[];
  anchor: Uint8Array;
}

/** Registers batches [first, last) of FUZZ_BATCH mutations each. */
export function fuzzVerifier(first: number, last: number): void {
  let seeds: Seed[];
  before(async () => {
    seeds = await fuzzSeeds();
  });
  describe(`fuzzing verifyPdf with mutated signed files (batches ${first + 1}–${last})`, () => {
    for (let batch = first; batch < last; batch++) {
      it(`batch ${batch + 1}: ${FUZZ_BATCH} mutations end in a report or a clear error`, async () => {
        const rnd = prng(0xaff1 + batch);
        let reports = 0;
        for (let i = 0; i < FUZZ_BATCH; i++) {
          const seed = seeds[Math.floor(rnd() * seeds.length)];
          const input = mutate(seed.bytes, seed.spots, rnd);
          const started = performance.now();
          try {
            const r = await verifyPdf(input, { trustAnchors: [seed.anchor] });
            reports++;
            if (r.document.indication === 'TOTAL-PASSED') {
              // Only bytes outside every signed range (the /Contents gaps) may change without failing.
              assert.ok(outsideSignedRanges(seed.bytes, input), `batch ${batch + 1} #${i} (${seed.name}): a changed file passed`);
            }
          } catch (error) {
            assert.ok(
              isAffixError(error) && error.code === 'BAD_INPUT',
              `batch ${batch + 1} #${i} (${seed.name}): ${error instanceof Error ? error.stack : String(error)}`,
            );
            assert.ok(error.message.length > 10, 'the error names the problem');
          }
          const ms = performance.now() - started;
          assert.ok(ms < MAX_RUN_MS, `batch ${batch + 1} #${i} (${seed.name}) took ${Math.round(ms)} ms`);
        }
        assert.ok(reports > 0, 'no mutation produced a report: the fuzzer only exercises the parser');
      });
    }
  });
}

async function fuzzSeeds(): Promise<Seed[]> {
  const corpus = await generateCorpus();
  const engineAnchor = Buffer.from(corpus.signer.rootPem);
  const others = join(corpusDir, 'signed-by-others');
  // Files signed by another tool come from the outside corpus; a lone clone fuzzes the engine's own files only.
  const sample = hasCorpus ? readFileSync(join(others, 'sample-root-ca.pem')) : new Uint8Array();
  const files: [string, Buffer, Uint8Array][] = [
    ...(hasCorpus
      ? ([
          ['pyhanko-pades-bb-ecdsa', readFileSync(join(others, 'pyhanko-pades-bb-ecdsa.pdf')), sample],
          ['pyhanko-two-signers', readFileSync(join(others, 'pyhanko-two-signers-rsa-then-ecdsa.pdf')), sample],
        ] as [string, Buffer, Uint8Array][])
      : []),
    ...corpus.clean.slice(0, 3).map((c): [string, Buffer, Uint8Array] => [c.name, c.bytes, engineAnchor]),
  ];
  return files.map(([name, bytes, anchor]) => ({ name, bytes, anchor, spots: hotSpots(bytes) }));
}

/** True when `changed` equals `original` except inside the original's /Contents gaps (same length). */
function outsideSignedRanges(original: Buffer, changed: Buffer): boolean {
  if (original.length !== changed.length) return false;
  const gaps = [...original.toString('latin1').matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)].map((m) => [Number(m[2]), Number(m[3])]);
  for (let i = 0; i < original.length; i++) {
    if (original[i] !== changed[i] && !gaps.some(([b, c]) => i >= b && i < c)) return false;
  }
  return true;
}
