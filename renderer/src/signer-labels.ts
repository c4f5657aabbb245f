/** How people and seals are named in every select and list that offers them (masked names, no ids; no personal data). */
import type { PersonSummary } from '../../shared/contract/identity';

/**
 * A person as "张*三 · 尾号 1234": the masked name and the last four characters
 * of their identity document; `tail` is the word before those characters in
 * the current language. A person erased (or verified before names were kept)
 * has only their record number left.
 */
export const personLabel = (p: Pick<PersonSummary, 'id' | 'display'>, tail: string, unnamed: string): string =>
  p.display ? `${p.display.maskedName} · ${tail} ${p.display.documentTail}` : `${unnamed} ${p.id.slice(7, 15)}`;

export const sealLabel = (s: { name: string; legalName: string }): string => `${s.name} · ${s.legalName}`;

/** A key on a PKCS#11 token, by token and key (certificate) label; `token` is the word for "Token" in the current language. */
export const tokenKeyLabel = (k: { tokenLabel: string; keyLabel: string }, token: string): string => `${token} ${k.tokenLabel} · ${k.keyLabel}`;
