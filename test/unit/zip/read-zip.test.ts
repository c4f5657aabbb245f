/**
 * The one hardened zip reader (shared/zip/), on its own: each refusal comes
 * back as the problem the callers word (the ASiC-E reader and the proof-package
 * reader), and a zip bomb is stopped at its declared size, before the rest of
 * it is inflated. Zips are written by hand (the hostile-package writer) or by
 * fflate and then altered field by field (APPNOTE.TXT §4.3.7, §4.3.12, §4.3.16).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32 as nodeCrc32, deflateRawSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { crc32 } from '../../../shared/zip/crc32';
import { LIST_ONLY, readZip, type ZipLimits } from '../../../shared/zip/read-zip';
import type { ZipProblem } from '../../../shared/zip/zip-problem';
import { hostileZip, type HostileMember } from '../../robustness/proof/hostile/zip-writer';
import { prng } from '../../support/prng';

const MiB = 1024 * 1024;
const LIMITS: ZipLimits = { maxEntries: 16, maxTotalBytes: 8 * MiB, memberBudget: () => 4 * MiB };
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
/** `mib` MiB of zeros, deflated (about a thousandth of that). */
const deflatedZeros = (mib: number): Uint8Array => new Uint8Array(deflateRawSync(Buffer.alloc(mib * MiB)));

class Refused extends Error {
  constructor(readonly problem: ZipProblem) {
    super(JSON.stringify(problem));
  }
}
const read = (zip: Uint8Array, limits: ZipLimits = LIMITS) => readZip(zip, limits, (p) => new Refused(p));

/** The problem `zip` is refused with (the test fails if it is read). */
function refusal(zip: Uint8Array, limits: ZipLimits = LIMITS): ZipProblem {
  try {
    read(zip, limits);
  } catch (error) {
    if (error instanceof Refused) return error.problem;
    throw error;
  }
  assert.fail('the zip was read, not refused');
}

/** Offsets of the end record and of each central-directory entry, for altering a field. */
function layout(zip: Uint8Array): { end: number; entries: number[] } {
  const view = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = view.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const entries: number[] = [];
  for (let at = view.readUInt32LE(end + 16), n = 0; n < view.readUInt16LE(end + 10); n++) {
    entries.push(at);
    at += 46 + view.readUInt16LE(at + 28) + view.readUInt16LE(at + 30) + view.readUInt16LE(at + 32);
  }
  return { end, entries };
}
const altered = (zip: Uint8Array, edit: (b: Buffer, l: ReturnType<typeof layout>) => void): Uint8Array => {
  const b = Buffer.from(zip);
  edit(b, layout(b));
  return new Uint8Array(b);
};

const members: HostileMember[] = [
  { name: 'a.txt', bytes: text('hello, zip\n'.repeat(100)) },
  { name: 'b.pdf', bytes: text('%PDF-1.7\n%%EOF\n'), stored: true },
  { name: 'dir/c.json', bytes: text('{"c":3}') },
];
const good = hostileZip(members);

test('a well-formed zip reads back whole, in directory order', () => {
  const { entries, members: got, listed } = read(good);
  assert.deepEqual(
    entries.map((e) => [e.name, e.method]),
    [
      ['a.txt', 8],
      ['b.pdf', 0],
      ['dir/c.json', 8],
    ],
  );
  for (const m of members) assert.deepEqual(got.get(m.name), m.bytes, m.name);
  assert.deepEqual(listed, []);
  // fflate's own writer, as both callers write their zips.
  const written = zipSync({ 'x.bin': [new Uint8Array(70_000).fill(9), { level: 6 }], 'y.txt': [text('y'), { level: 0 }] });
  assert.deepEqual(read(written).members.get('x.bin'), new Uint8Array(70_000).fill(9));
});

test('CRC-32 agrees with zlib for lengths 0–40, 1021 and 1 MiB (slicing-by-8 and its tail)', () => {
  const random = prng(20261206);
  for (const n of [...Array.from({ length: 41 }, (_, i) => i), 1021, MiB]) {
    const bytes = Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
    assert.equal(crc32(bytes), nodeCrc32(bytes), `length ${n}`);
  }
});

test('zip bomb: a member inflating beyond its declared size stops there, before the rest is inflated', () => {
  // 16 MiB of zeros declared as 1 MiB (its full budget), the compressed stream then cut in half:
  // had inflation run on past the declared size it would have reached the cut ("unexpected EOF").
  const bomb = deflatedZeros(16);
  const zip = hostileZip([{ name: 'bomb.bin', raw: bomb.subarray(0, bomb.length >> 1), claim: MiB }]);
  const limits: ZipLimits = { ...LIMITS, memberBudget: () => MiB };
  assert.deepEqual(refusal(zip, limits), { kind: 'inflates-beyond-declared', name: 'bomb.bin', declared: MiB });
  // Declaring what it really inflates to is over the budget, refused before a byte is inflated.
  const honest = hostileZip([{ name: 'bomb.bin', raw: bomb, claim: 16 * MiB }]);
  assert.deepEqual(refusal(honest, limits), { kind: 'member-over-budget', name: 'bomb.bin', bytes: 16 * MiB, limit: MiB, stored: false });
  // Within each member's budget, but over the total together.
  const many = hostileZip(['p', 'q', 'r'].map((name) => ({ name, raw: deflatedZeros(1), claim: 3 * MiB })));
  assert.deepEqual(refusal(many), { kind: 'total-over-budget', bytes: 9 * MiB, limit: 8 * MiB });
});

test('a member the caller lists only is named, and never inflated', () => {
  const zip = hostileZip([...members, { name: 'payload.bin', raw: deflatedZeros(16), claim: 0xfffffffe }]);
  const got = read(zip, { ...LIMITS, memberBudget: (name) => (name === 'payload.bin' ? LIST_ONLY : 4 * MiB) });
  assert.deepEqual(got.listed, ['payload.bin']);
  assert.equal(got.members.has('payload.bin'), false);
  assert.equal(got.members.size, 3);
});

test('a member inflating to fewer bytes than declared, or stored with another length, is refused', () => {
  const short = hostileZip([{ name: 'a.txt', bytes: text('twelve bytes'), claim: 20 }]);
  assert.deepEqual(refusal(short), { kind: 'size-mismatch', name: 'a.txt', actual: 12, declared: 20, stored: false });
  const stored = hostileZip([{ name: 'b.pdf', bytes: text('twelve bytes'), stored: true, claim: 11 }]);
  assert.deepEqual(refusal(stored), { kind: 'size-mismatch', name: 'b.pdf', actual: 12, declared: 11, stored: true });
});

test('a CRC-32 mismatch is refused, for a stored and for a deflated member', () => {
  const flipped = altered(good, (b) => {
    b[b.indexOf('%PDF') + 3] ^= 1;
  });
  assert.deepEqual(refusal(flipped), { kind: 'crc-mismatch', name: 'b.pdf' });
  const wrongCrc = altered(good, (b, l) => b.writeUInt32LE(b.readUInt32LE(l.entries[2]! + 16) ^ 1, l.entries[2]! + 16));
  assert.deepEqual(refusal(wrongCrc), { kind: 'crc-mismatch', name: 'dir/c.json' });
});

test("with onCrcMismatch 'report', a changed member is read and named, not refused", () => {
  const flipped = altered(good, (b) => {
    b[b.indexOf('%PDF') + 3] ^= 1;
  });
  const r = read(flipped, { ...LIMITS, onCrcMismatch: 'report' });
  assert.deepEqual(r.crcMismatches, ['b.pdf']);
  assert.equal(r.members.get('b.pdf')?.[3], '%PDF'.charCodeAt(3) ^ 1, 'the changed bytes are what is read');
  assert.deepEqual(read(good, { ...LIMITS, onCrcMismatch: 'report' }).crcMismatches, []);
});

test('a truncated central directory is refused', () => {
  const { entries, end } = layout(good);
  // The end record promises three entries; the directory it points at holds two.
  const fewer = altered(good, (b) => b.writeUInt32LE(entries[2]! - entries[0]!, end + 12));
  assert.deepEqual(refusal(fewer), { kind: 'entry-damaged', entry: 3 });
  // Cut inside the directory: the end record is gone.
  assert.deepEqual(refusal(good.subarray(0, entries[1]! + 10)), { kind: 'no-end-record' });
  // A directory said to start beyond its end record.
  const outside = altered(good, (b) => b.writeUInt32LE(end - 10, end + 16));
  assert.deepEqual(refusal(outside), { kind: 'directory-outside-file' });
  // A local header offset that points into the last bytes of the file.
  const pastEnd = altered(good, (b, l) => b.writeUInt32LE(end, l.entries[0]! + 42));
  assert.equal(refusal(pastEnd).kind, 'no-local-header');
});

test('more entries than allowed are refused before the directory is walked', () => {
  const crowd = hostileZip(Array.from({ length: 20 }, (_, i) => ({ name: `m${i}.txt`, bytes: text(String(i)) })));
  assert.deepEqual(refusal(crowd), { kind: 'too-many-entries', count: 20, limit: 16 });
  // The count alone decides: an end record claiming 60,000 entries over a three-entry directory.
  const claimed = altered(good, (b, l) => b.writeUInt16LE(60_000, l.end + 10));
  assert.deepEqual(refusal(claimed), { kind: 'too-many-entries', count: 60_000, limit: 16 });
});

test('ZIP64 markers are refused, in the end record and in a member', () => {
  assert.deepEqual(refusal(altered(good, (b, l) => b.writeUInt16LE(0xffff, l.end + 10))), { kind: 'zip64-archive' });
  assert.deepEqual(refusal(altered(good, (b, l) => b.writeUInt32LE(0xffffffff, l.end + 16))), { kind: 'zip64-archive' });
  for (const field of [20, 24, 42]) {
    const zip = altered(good, (b, l) => b.writeUInt32LE(0xffffffff, l.entries[1]! + field));
    assert.deepEqual(refusal(zip), { kind: 'zip64-member', name: 'b.pdf' }, `field at +${field}`);
  }
});

test('an encrypted member (flag bit 0, 6 or 13) is refused', () => {
  for (const bit of [0, 6, 13]) {
    const zip = altered(good, (b, l) => b.writeUInt16LE(b.readUInt16LE(l.entries[0]! + 8) | (1 << bit), l.entries[0]! + 8));
    assert.deepEqual(refusal(zip), { kind: 'encrypted', name: 'a.txt' }, `bit ${bit}`);
  }
});

test('unsafe or duplicate names, a disagreeing local header and other methods are refused', () => {
  for (const name of ['/etc/passwd', '../up.txt', 'a/./b', 'a\\b', 'bell\u0007', '']) {
    assert.deepEqual(refusal(hostileZip([{ name, bytes: text('x') }])), { kind: 'unsafe-name', name }, JSON.stringify(name));
  }
  assert.deepEqual(refusal(hostileZip([...members, members[0]!])), { kind: 'duplicate-name', name: 'a.txt' });
  // The local header names another file than the directory (one tool would show one, another the other).
  const other = altered(good, (b) => {
    b[b.indexOf('a.txt')] = 0x41;
  });
  assert.deepEqual(refusal(other), { kind: 'local-header-mismatch', name: 'a.txt' });
  const bzip2 = altered(good, (b, l) => {
    b.writeUInt16LE(12, l.entries[0]! + 10);
    b.writeUInt16LE(12, 8);
  });
  assert.deepEqual(refusal(bzip2), { kind: 'unsupported-method', name: 'a.txt', method: 12 });
  const damaged = hostileZip([{ name: 'a.txt', raw: Uint8Array.of(0xff, 0xff, 0xff), claim: 5 }]);
  assert.equal(refusal(damaged).kind, 'not-inflatable');
  assert.deepEqual(refusal(text('%PDF-1.7 not a zip, long enough to have an end record')), { kind: 'not-zip' });
});
