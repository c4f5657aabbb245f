/**
 * Machine-readable zones of travel documents (ICAO Doc 9303 parts 4-6):
 * TD3 (passports, 2×44), TD2 (2×36) and TD1 (ID cards, 3×30). Every check
 * digit is verified — document number, birth date, expiry, optional data
 * (TD3) and the composite — each failure named by its field.
 *
 * The 7-3-1 check digit catches every single-digit error in a numeric field,
 * but not a digit swapped for a letter whose value differs by a multiple of
 * 10 (0 vs A, K, U), and the name line carries no check digit at all: the
 * operator's visual comparison covers what the digits cannot.
 */
import { plausibleBirthDate } from './resident-id';
import { failed, passed, type CheckResult } from './check-result';

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';
export type MrzCheck =
  'format' | 'document-number-check' | 'birth-date' | 'birth-date-check' | 'expiry-date' | 'expiry-date-check' | 'optional-data-check' | 'composite-check';

export interface Mrz {
  format: MrzFormat;
  /** The normalised lines (upper case, no spaces). */
  lines: string[];
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  nationality: string;
  /** YYMMDD as printed; century is not encoded in the MRZ. */
  birthDate: string;
  sex: 'M' | 'F' | 'X';
  expiryDate: string;
  surname: string;
  givenNames: string;
}

const LENGTHS: Record<MrzFormat, { lines: number; width: number }> = {
  TD1: { lines: 3, width: 30 },
  TD2: { lines: 2, width: 36 },
  TD3: { lines: 2, width: 44 },
};

export function mrzCharValue(c: string): number {
  if (c === '<') return 0;
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'A' && c <= 'Z') return c.charCodeAt(0) - 55;
  throw new RangeError(`"${c}" is not an MRZ character`);
}

export function mrzCheckDigit(field: string): string {
  // Weights 7, 3, 1 repeating (9303-3 §4.9).
  const weight = (i: number): number => (i % 3 === 0 ? 7 : i % 3 === 1 ? 3 : 1);
  let sum = 0;
  Array.from(field).forEach((c, i) => (sum += mrzCharValue(c) * weight(i)));
  return String(sum % 10);
}

const trimFiller = (s: string): string => s.replace(/<+$/, '');

function parseName(field: string): { surname: string; givenNames: string } {
  const [surname = '', ...rest] = field.split('<<'); // split always yields at least one piece
  return { surname: surname.replace(/</g, ' ').trim(), givenNames: rest.join(' ').replace(/</g, ' ').trim() };
}

interface Layout {
  documentCode: string;
  issuingState: string;
  /** The document number with its check digit (TD1 long numbers continue in the optional data). */
  number: { value: string; check: string; covered: string };
  nationality: string;
  birth: { value: string; check: string };
  sex: string;
  expiry: { value: string; check: string };
  optional?: { value: string; check: string };
  composite: { value: string; check: string };
  name: string;
}

function layoutOf(format: MrzFormat, l: string[]): Layout {
  if (format === 'TD1') {
    // parseMrz checked the line count and widths; were a line missing it would read as empty and fail its check digits.
    const [a = '', b = '', c = ''] = l;
    let number = { value: a.slice(5, 14), check: a.charAt(14), covered: a.slice(5, 14) };
    if (a.charAt(14) === '<') {
      // Long document number (9303-5 §4.2.4): continues in the optional data, its check digit last.
      const extension = trimFiller(a.slice(15, 30));
      number = { value: a.slice(5, 14) + extension.slice(0, -1), check: extension.slice(-1), covered: a.slice(5, 14) + extension.slice(0, -1) };
    }
    return {
      documentCode: a.slice(0, 2),
      issuingState: a.slice(2, 5),
      number,
      nationality: b.slice(15, 18),
      birth: { value: b.slice(0, 6), check: b.charAt(6) },
      sex: b.charAt(7),
      expiry: { value: b.slice(8, 14), check: b.charAt(14) },
      composite: { value: a.slice(5, 30) + b.slice(0, 7) + b.slice(8, 15) + b.slice(18, 29), check: b.charAt(29) },
      name: c,
    };
  }
  const [a = '', b = ''] = l;
  const end = format === 'TD3' ? 43 : 35; // the composite check digit's position
  return {
    documentCode: a.slice(0, 2),
    issuingState: a.slice(2, 5),
    number: { value: b.slice(0, 9), check: b.charAt(9), covered: b.slice(0, 9) },
    nationality: b.slice(10, 13),
    birth: { value: b.slice(13, 19), check: b.charAt(19) },
    sex: b.charAt(20),
    expiry: { value: b.slice(21, 27), check: b.charAt(27) },
    optional: format === 'TD3' ? { value: b.slice(28, 42), check: b.charAt(42) } : undefined,
    composite: { value: b.slice(0, 10) + b.slice(13, 20) + b.slice(21, end), check: b.charAt(end) },
    name: a.slice(5),
  };
}

const checkOk = (field: string, check: string): boolean => /^\d$/.test(check) && mrzCheckDigit(field) === check;

/** An empty optional-data field may carry '<' or '0' as its check digit (9303-4 §4.2.2.2). */
const optionalOk = (field: string, check: string): boolean => checkOk(field, check) || (/^<*$/.test(field) && (check === '<' || check === '0'));

export function parseMrz(input: string | readonly string[], today: Date = new Date()): CheckResult<Mrz, MrzCheck> {
  const lines = (typeof input === 'string' ? input.split(/\r?\n/) : [...input]).map((s) => s.replace(/\s+/g, '').toUpperCase()).filter((s) => s.length > 0);
  const format = (Object.keys(LENGTHS) as MrzFormat[]).find((f) => LENGTHS[f].lines === lines.length && lines.every((x) => x.length === LENGTHS[f].width));
  if (!format) {
    return failed(
      'format',
      `An MRZ has 3 lines of 30 (TD1), 2 of 36 (TD2) or 2 of 44 (TD3) characters; got ${lines.map((x) => x.length).join('+') || 'nothing'}.`,
    );
  }
  const bad = lines.join('').match(/[^A-Z0-9<]/);
  if (bad) return failed('format', `"${bad[0]}" is not an MRZ character (A-Z, 0-9 and < only).`);
  const l = layoutOf(format, lines);
  if (!checkOk(l.number.covered, l.number.check)) return failed('document-number-check', 'The document number does not match its check digit.');
  if (!/^\d{6}$/.test(l.birth.value)) return failed('birth-date', `The birth date ${l.birth.value} is not YYMMDD.`);
  if (!checkOk(l.birth.value, l.birth.check)) return failed('birth-date-check', 'The birth date does not match its check digit.');
  const birthProblem = birthDateProblem(l.birth.value, today);
  if (birthProblem) return failed('birth-date', `The birth date ${l.birth.value} is not plausible: ${birthProblem}.`);
  if (!/^\d{6}$/.test(l.expiry.value) || !calendarDate(l.expiry.value)) return failed('expiry-date', `The expiry date ${l.expiry.value} is not a YYMMDD date.`);
  if (!checkOk(l.expiry.value, l.expiry.check)) return failed('expiry-date-check', 'The expiry date does not match its check digit.');
  if (l.optional && !optionalOk(l.optional.value, l.optional.check)) return failed('optional-data-check', 'The optional data does not match its check digit.');
  if (!checkOk(l.composite.value, l.composite.check)) return failed('composite-check', 'The composite check digit does not match.');
  if (!['M', 'F', '<'].includes(l.sex)) return failed('format', `The sex field "${l.sex}" is not M, F or <.`);
  return passed({
    format,
    lines,
    documentCode: trimFiller(l.documentCode),
    issuingState: trimFiller(l.issuingState),
    documentNumber: trimFiller(l.number.value),
    nationality: trimFiller(l.nationality),
    birthDate: l.birth.value,
    sex: l.sex === '<' ? 'X' : (l.sex as 'M' | 'F'),
    expiryDate: l.expiry.value,
    ...parseName(l.name),
  });
}

function calendarDate(yymmdd: string): boolean {
  const [m, d] = [Number(yymmdd.slice(2, 4)), Number(yymmdd.slice(4, 6))];
  const date = new Date(Date.UTC(2000 + Number(yymmdd.slice(0, 2)), m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The century is not in the MRZ: a birth year that would lie in the future belongs to the previous century. */
function birthDateProblem(yymmdd: string, today: Date): string | null {
  const yy = Number(yymmdd.slice(0, 2));
  const century = 2000 + yy > today.getUTCFullYear() ? 1900 : 2000;
  return plausibleBirthDate(century + yy, Number(yymmdd.slice(2, 4)), Number(yymmdd.slice(4, 6)), today);
}
