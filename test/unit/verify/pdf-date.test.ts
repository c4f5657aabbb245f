/**
 * shared/pdf/pdf-date.ts, the one reader and writer of PDF dates (ISO
 * 32000-1 §7.9.4): writing then parsing gives back the instant for random
 * instants and offsets, and every legal form — partial dates, Z, offsets with
 * and without apostrophes — parses, while out-of-range fields do not.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePdfDate, writePdfDate } from '../../../shared/pdf/pdf-date';
import { prng } from '../../support/prng';

const utc = (...p: [number, number, number?, number?, number?, number?]): number => {
  const d = new Date(0);
  d.setUTCFullYear(p[0], p[1] - 1, p[2] ?? 1);
  d.setUTCHours(p[3] ?? 0, p[4] ?? 0, p[5] ?? 0, 0);
  return d.getTime();
};

describe('PDF dates', () => {
  it('write then parse round-trips random instants at random offsets', () => {
    const seed = 20261205;
    const next = prng(seed);
    const min = utc(1, 1, 2); // a day inside year 0001, so every offset keeps the local year at four digits
    const max = utc(9999, 12, 30);
    for (let i = 0; i < 20_000; i++) {
      const instant = new Date(Math.floor((min + next() * (max - min)) / 1000) * 1000);
      const offset = Math.round((next() * 2 - 1) * (24 * 60 - 1));
      const text = writePdfDate(instant, offset);
      assert.match(text, /^D:\d{14}[+-]\d{2}'\d{2}'$/, `seed ${seed}, case ${i}`);
      assert.equal(parsePdfDate(text)?.getTime(), instant.getTime(), `seed ${seed}, case ${i}: ${instant.toISOString()} at ${offset} min wrote ${text}`);
    }
  });

  it("writes UTC as +00'00' by default and local time at an offset", () => {
    const t = new Date('2024-01-31T12:00:00Z');
    assert.equal(writePdfDate(t), "D:20240131120000+00'00'");
    assert.equal(writePdfDate(t, 8 * 60), "D:20240131200000+08'00'");
    assert.equal(writePdfDate(t, -(3 * 60 + 30)), "D:20240131083000-03'30'");
    assert.throws(() => writePdfDate(t, 24 * 60), RangeError);
    assert.throws(() => writePdfDate(new Date(NaN)), RangeError);
  });

  it('parses every legal form, partial dates included', () => {
    const cases: [string, number][] = [
      ['D:2024', utc(2024, 1)],
      ['D:202402', utc(2024, 2)],
      ['D:20240229', utc(2024, 2, 29)],
      ['D:2024022913', utc(2024, 2, 29, 13)],
      ['D:202402291305', utc(2024, 2, 29, 13, 5)],
      ['D:20240229130507', utc(2024, 2, 29, 13, 5, 7)],
      ['20240229130507', utc(2024, 2, 29, 13, 5, 7)],
      ['D:20240229130507Z', utc(2024, 2, 29, 13, 5, 7)],
      ["D:20240229130507Z00'00'", utc(2024, 2, 29, 13, 5, 7)],
      ["D:20240229130507+08'00'", utc(2024, 2, 29, 5, 5, 7)],
      ["D:20240229130507+08'00", utc(2024, 2, 29, 5, 5, 7)],
      ['D:20240229130507+0800', utc(2024, 2, 29, 5, 5, 7)],
      ['D:20240229130507+08', utc(2024, 2, 29, 5, 5, 7)],
      ["D:20240229130507-05'30'", utc(2024, 2, 29, 18, 35, 7)],
      ['D:00010101000000Z', utc(1, 1)],
      [' D:2024 ', utc(2024, 1)],
    ];
    for (const [text, expected] of cases) assert.equal(parsePdfDate(text)?.getTime(), expected, text);
  });

  it('refuses shapes and fields out of range', () => {
    for (const text of [
      '',
      'D:',
      'D:24',
      'D:2024131',
      'D:20241301',
      'D:20230229',
      'D:20240100',
      'D:2024010124',
      'D:202401010060',
      'D:20240101000060',
      "D:20240101000000+24'00'",
      "D:20240101000000+08'60'",
      'D:20240101000000 junk',
      'yesterday',
    ]) {
      assert.equal(parsePdfDate(text), undefined, text);
    }
  });
});
