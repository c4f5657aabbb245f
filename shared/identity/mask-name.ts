/**
 * A person's name as shown where the full name is not needed: enough to
 * recognise a colleague (张*三, 李*), too little to identify a stranger. The
 * usual Chinese practice keeps the first and last character; a name written
 * in words keeps each word's initial.
 */
export function maskName(name: string): string {
  const trimmed = name.trim();
  if (/\s/.test(trimmed)) return trimmed.split(/\s+/).map(maskWord).join(' ');
  return maskWord(trimmed);
}

function maskWord(word: string): string {
  const chars = [...word];
  if (chars.length <= 1) return word;
  if (chars.length === 2) return `${chars[0]}*`;
  if (/^\p{Script=Han}+$/u.test(word)) return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
  return `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}
