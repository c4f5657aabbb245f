/**
 * The ASiC reader's CRC-32 check (slicing-by-8, shared/zip/crc32.ts, through
 * the one zip reader shared/zip/read-zip.ts)
 * agrees with fflate's, which wrote the container, for members of every
 * length around the 8-byte step and for a 10 MB member; one flipped byte in
 * a stored member is caught.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAsic, writeAsic } from '../../../shared/envelope/asic-container';
import { prng } from '../../support/prng';

test('members of lengths 0–40, 1021 and 10 MB read back whole through the CRC check', () => {
  const random = prng(20261205);
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  const members: [string, Uint8Array][] = [];
  for (let n = 0; n <= 40; n++) members.push([`META-INF/m${n}.bin`, bytes(n)]);
  members.push(['META-INF/odd.bin', bytes(1021)]);
  members.push(['document.pdf', bytes(10 * 1024 * 1024)]);
  const read = readAsic(writeAsic(members), 'test envelope');
  for (const [name, content] of members) assert.deepEqual(read.get(name), content, name);
});

test('one byte changed inside a stored member fails its CRC-32 check', () => {
  const pdf = new TextEncoder().encode('%PDF-1.7\n'.padEnd(5000, 'x'));
  const zip = writeAsic([['document.pdf', pdf]]);
  const at = Buffer.from(zip).indexOf('xxxxxxxx');
  zip[at + 100] ^= 1;
  assert.throws(() => readAsic(zip, 'test envelope'), /document\.pdf fails its CRC-32 check/);
});
