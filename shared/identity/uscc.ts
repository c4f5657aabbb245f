/**
 * Unified social credit code (GB 32100-2015): registration authority (1),
 * organisation type (1), administrative area (6 digits), the organisation
 * code of GB 11714 (8 characters + its own MOD 11 check character), and a
 * MOD 31 check character over the first 17. The alphabet leaves out I, O, S,
 * V and Z so they cannot be misread as digits.
 */
import { failed, passed, type CheckResult } from './check-result';

export type UsccCheck = 'format' | 'registration-authority' | 'area' | 'organisation-code' | 'check-character';

export interface Uscc {
  code: string;
  registrationAuthority: string;
  organisationType: string;
  areaCode: string;
  organisationCode: string;
}

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** GB 11714 organisation code weights (8 body characters). */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
/** Registration authorities of GB 32100 Table 1 (1 organisation departments … 9 market regulation, A/N/Y others). */
const AUTHORITIES = new Set(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'N', 'Y']);

export function usccCheckChar(first17: string): string {
  let sum = 0;
  WEIGHTS.forEach((w, i) => (sum += USCC_ALPHABET.indexOf(first17.charAt(i)) * w));
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** GB 11714 check character for an 8-character organisation code body (characters valued as in the USCC alphabet's base 36 reading). */
export function organisationCodeCheckChar(body8: string): string {
  let sum = 0;
  ORG_WEIGHTS.forEach((w, i) => (sum += parseInt(body8.charAt(i), 36) * w));
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function validateUscc(input: string): CheckResult<Uscc, UsccCheck> {
  const code = input.trim().toUpperCase();
  if (code.length !== 18 || [...code].some((c) => !USCC_ALPHABET.includes(c))) {
    return failed('format', `A unified social credit code has 18 characters from 0-9 and A-Y without I, O, S, V, Z (got "${code}").`);
  }
  if (!AUTHORITIES.has(code.charAt(0))) return failed('registration-authority', `"${code.charAt(0)}" is not a registration authority code.`);
  if (!/^\d{6}$/.test(code.slice(2, 8))) return failed('area', `The administrative area ${code.slice(2, 8)} must be 6 digits.`);
  const org = code.slice(8, 17);
  const orgExpected = organisationCodeCheckChar(org.slice(0, 8));
  if (org.charAt(8) !== orgExpected) {
    return failed('organisation-code', `The organisation code ${org} ends in ${org.charAt(8)} but its body requires ${orgExpected} (GB 11714).`);
  }
  const expected = usccCheckChar(code);
  if (code.charAt(17) !== expected) {
    return failed('check-character', `The check character is ${code.charAt(17)} but the first 17 characters require ${expected} (GB 32100 MOD 31).`);
  }
  return passed({ code, registrationAuthority: code.charAt(0), organisationType: code.charAt(1), areaCode: code.slice(2, 8), organisationCode: org });
}
