/**
 * How a person is named where their full name must not show (pickers, the
 * signer list, the seal table): the name masked as clerks know it from
 * Chinese forms (张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明) and the last four
 * characters of their identity document. Latin names are masked word by
 * word (Jane Smith → J*** S****).
 */
export interface PersonDisplay {
  maskedName: string;
  documentTail: string;
}

const mask = (word: string): string => {
  const chars = [...word];
  if (chars.length <= 1) return word;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
};

const maskLatinWord = (word: string): string => {
  const chars = [...word];
  return chars.length <= 1 ? word : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
};

export function maskName(name: string): string {
  const trimmed = name.normalize('NFC').trim();
  // Words separated by spaces are masked one by one (a Latin-script name); a Han name is one word.
  return /\s/.test(trimmed) || /^[\p{Script=Latin}'-]+$/u.test(trimmed) ? trimmed.split(/\s+/).map(maskLatinWord).join(' ') : mask(trimmed);
}

/** The last four characters of a document number (the check character of a resident ID included). */
export const documentTail = (number: string): string => number.replace(/[\s<]/g, '').slice(-4).toUpperCase();
