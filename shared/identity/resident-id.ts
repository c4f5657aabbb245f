/**
 * PRC resident identity number (GB 11643-1999): 6-digit administrative area,
 * 8-digit birth date, 3-digit sequence (odd = male), and an ISO 7064
 * MOD 11-2 check character (0-9 or X). MOD 11-2 detects every single-character
 * substitution and every adjacent transposition.
 */
import { failed, passed, type CheckResult } from './check-result';

export type ResidentIdCheck = 'format' | 'region' | 'birth-date' | 'check-digit';

export interface ResidentId {
  number: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
  regionCode: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
/** First two digits: the province-level codes of GB/T 2260 (plus 71/81/82 for Taiwan, Hong Kong, Macao). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
]);
/** The oldest plausible living holder (years). */
const MAX_AGE = 150;

export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  WEIGHTS.forEach((w, i) => (sum += Number(first17.charAt(i)) * w));
  return CHECK_CHARS.charAt(sum % 11);
}

/** A real calendar date, not in the future, not before the oldest plausible holder's birth. */
export function plausibleBirthDate(y: number, m: number, d: number, today: Date): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return `${y}-${m}-${d} is not a calendar date`;
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (date.getTime() > todayUtc) return 'the birth date lies in the future';
  if (y < today.getUTCFullYear() - MAX_AGE) return `the birth year ${y} is more than ${MAX_AGE} years ago`;
  return null;
}

export function validateResidentId(input: string, today: Date = new Date()): CheckResult<ResidentId, ResidentIdCheck> {
  const number = input.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(number)) {
    return failed('format', `A resident ID number has 17 digits and a final digit or X (got ${number.length} characters).`);
  }
  if (!PROVINCES.has(Number(number.slice(0, 2)))) {
    return failed('region', `The area code ${number.slice(0, 6)} does not start with a province code.`);
  }
  const [y, m, d] = [Number(number.slice(6, 10)), Number(number.slice(10, 12)), Number(number.slice(12, 14))];
  const birthProblem = plausibleBirthDate(y, m, d, today);
  if (birthProblem) return failed('birth-date', `The birth date ${number.slice(6, 14)} is not plausible: ${birthProblem}.`);
  const expected = residentIdCheckChar(number);
  if (number.charAt(17) !== expected) {
    return failed('check-digit', `The check character is ${number[17]} but the first 17 digits require ${expected} (ISO 7064 MOD 11-2).`);
  }
  return passed({
    number,
    birthDate: `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`,
    sex: Number(number[16]) % 2 === 1 ? 'male' : 'female',
    regionCode: number.slice(0, 6),
  });
}
