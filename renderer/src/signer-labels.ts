/** How people and seals are named in every select and list that offers them (ids shortened; no personal data). */
import type { PersonSummary } from '../../shared/contract/identity';

export const personLabel = (p: Pick<PersonSummary, 'id' | 'verification'>): string => `${p.id.slice(0, 15)}…${p.verification ? ` (${p.verification.ial})` : ''}`;

export const sealLabel = (s: { name: string; legalName: string }): string => `${s.name} · ${s.legalName}`;

/** A key on a PKCS#11 token, by token and key (certificate) label; `token` is the word for "Token" in the current language. */
export const tokenKeyLabel = (k: { tokenLabel: string; keyLabel: string }, token: string): string => `${token} ${k.tokenLabel} · ${k.keyLabel}`;
