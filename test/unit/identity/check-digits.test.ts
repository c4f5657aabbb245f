/**
 * Check-digit validators on published vectors, and exhaustive single-character
 * error sweeps: every position of each valid identifier is replaced by every
 * other character of its alphabet, and each variant must be refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commitField, verifyDisclosure } from '../../../shared/identity/commitment';
import { mrzCheckDigit, parseMrz } from '../../../shared/identity/mrz';
import { validateResidentId } from '../../../shared/identity/resident-id';
import { USCC_ALPHABET, validateUscc } from '../../../shared/identity/uscc';

const TODAY = new Date('2026-06-01T00:00:00Z');

/** ICAO Doc 9303 specimens (part 4 appendix A, part 5 appendix A, part 6 appendix A). */
const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const TD1 = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD2 = ['I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<', 'D231458907UTO7408122F1204159<<<<<<<6'];

function variants(s: string, alphabet: string): { at: number; value: string }[] {
  const out: { at: number; value: string }[] = [];
  for (let i = 0; i < s.length; i++) for (const c of alphabet) if (c !== s[i]) out.push({ at: i, value: s.slice(0, i) + c + s.slice(i + 1) });
  return out;
}

describe('GB 11643 resident ID numbers', () => {
  for (const [n, birth, sex] of [
    ['360426199101010071', '1991-01-01', 'male'],
    ['11010519491231002X', '1949-12-31', 'female'],
  ] as const) {
    it(`accepts ${n}`, () => {
      const r = validateResidentId(n, TODAY);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.value.birthDate, birth);
      assert.equal(r.value.sex, sex);
    });
  }

  it('accepts a lower-case x as the check character', () => assert.ok(validateResidentId('11010519491231002x', TODAY).ok));

  it('refuses every single-character substitution (digits and X)', () => {
    for (const valid of ['360426199101010071', '11010519491231002X']) {
      const all = variants(valid, '0123456789X');
      assert.equal(all.length, 18 * 10);
      for (const v of all) assert.equal(validateResidentId(v.value, TODAY).ok, false, `${v.value} (position ${v.at}) was accepted`);
    }
  });

  it('names the failed check', () => {
    const check = (n: string) => {
      const r = validateResidentId(n, TODAY);
      return r.ok ? 'ok' : r.check;
    };
    assert.equal(check('36042619910101007'), 'format');
    assert.equal(check('36042619910101007A'), 'format');
    assert.equal(check('990426199101010071'), 'region');
    assert.equal(check('360426199102300071'), 'birth-date'); // 30 February
    assert.equal(check('360426203001010071'), 'birth-date'); // in the future
    assert.equal(check('360426185001010071'), 'birth-date'); // implausibly old
    assert.equal(check('360426199101010072'), 'check-digit');
    const r = validateResidentId('360426199101010072', TODAY);
    assert.ok(!r.ok && /require 1\b/.test(r.message), 'message names the expected check character');
  });
});

describe('GB 32100 unified social credit codes', () => {
  it('accepts 91110000600037341L', () => {
    const r = validateUscc('91110000600037341L');
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.organisationCode, '600037341');
  });

  it('refuses every single-character substitution within the code alphabet and with I, O, S, V, Z', () => {
    const all = variants('91110000600037341L', `${USCC_ALPHABET}IOSVZ`);
    for (const v of all) assert.equal(validateUscc(v.value).ok, false, `${v.value} (position ${v.at}) was accepted`);
  });

  it('names the failed check', () => {
    const check = (c: string) => {
      const r = validateUscc(c);
      return r.ok ? 'ok' : r.check;
    };
    assert.equal(check('91110000600037341'), 'format');
    assert.equal(check('91110000600037341I'), 'format');
    assert.equal(check('B1110000600037341L'), 'registration-authority');
    assert.equal(check('911A0000600037341L'), 'area');
    assert.equal(check('911100006000373420'), 'organisation-code');
    assert.equal(check('91110000600037341M'), 'check-character');
  });
});

describe('ICAO 9303 machine-readable zones', () => {
  it('computes the 7-3-1 check digit of the specimen fields', () => {
    assert.equal(mrzCheckDigit('L898902C3'), '6');
    assert.equal(mrzCheckDigit('740812'), '2');
    assert.equal(mrzCheckDigit('120415'), '9');
    assert.equal(mrzCheckDigit('ZE184226B<<<<<'), '1');
  });

  for (const [format, lines, number] of [
    ['TD3', TD3, 'L898902C3'],
    ['TD1', TD1, 'D23145890'],
    ['TD2', TD2, 'D23145890'],
  ] as const) {
    it(`accepts the ${format} specimen`, () => {
      const r = parseMrz(lines, TODAY);
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.value.format, format);
      assert.equal(r.value.documentNumber, number);
      assert.equal(r.value.surname, 'ERIKSSON');
      assert.equal(r.value.givenNames, 'ANNA MARIA');
      assert.equal(r.value.birthDate, '740812');
    });

    it(`${format}: refuses every single-digit error in the check-digit-protected fields`, () => {
      // The 7-3-1 scheme catches any digit-for-digit error; name lines carry no check digit at all.
      const joined = lines.join('\n');
      let tested = 0;
      for (let i = 0; i < joined.length; i++) {
        if (!/\d/.test(joined[i])) continue;
        for (const d of '0123456789') {
          if (d === joined[i]) continue;
          const r = parseMrz(joined.slice(0, i) + d + joined.slice(i + 1), TODAY);
          assert.equal(r.ok, false, `${format}: digit ${d} at ${i} accepted`);
          tested += 1;
        }
      }
      assert.ok(tested >= 9 * 20, `only ${tested} variants`);
    });
  }

  it('names each failed check, composite included', () => {
    const check = (lines: string[]) => {
      const r = parseMrz(lines, TODAY);
      return r.ok ? 'ok' : r.check;
    };
    const withChar = (line: string, i: number, c: string) => line.slice(0, i) + c + line.slice(i + 1);
    assert.equal(check([TD3[0], withChar(TD3[1], 9, '7')]), 'document-number-check');
    assert.equal(check([TD3[0], withChar(TD3[1], 19, '3')]), 'birth-date-check');
    assert.equal(check([TD3[0], withChar(TD3[1], 27, '0')]), 'expiry-date-check');
    assert.equal(check([TD3[0], withChar(TD3[1], 42, '2')]), 'optional-data-check');
    assert.equal(check([TD3[0], withChar(TD3[1], 43, '1')]), 'composite-check');
    assert.equal(check([TD1[0], withChar(TD1[1], 29, '7'), TD1[2]]), 'composite-check');
    assert.equal(check([TD2[0], withChar(TD2[1], 35, '7')]), 'composite-check');
    assert.equal(check([TD3[0], TD3[1].slice(1)]), 'format');
    assert.equal(check([TD3[0], withChar(TD3[1], 15, 'X')]), 'birth-date');
  });
});

describe('field commitments', () => {
  const salt = '00112233445566778899aabbccddeeff';
  it('opens with the right value and salt only', () => {
    const c = commitField('idNumber', '360426199101010071', salt);
    assert.match(c, /^[0-9a-f]{64}$/);
    assert.ok(verifyDisclosure({ field: 'idNumber', value: '360426199101010071', salt }, c));
    assert.equal(verifyDisclosure({ field: 'idNumber', value: '360426199101010081', salt }, c), false);
    assert.equal(verifyDisclosure({ field: 'name', value: '360426199101010071', salt }, c), false);
    assert.equal(verifyDisclosure({ field: 'idNumber', value: '360426199101010071', salt: salt.replace('00', '01') }, c), false);
  });
  it('refuses salts shorter than 128 bits', () => assert.throws(() => commitField('name', 'x', '0011')));
});
