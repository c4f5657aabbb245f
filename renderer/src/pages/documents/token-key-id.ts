/**
 * A token key as one value of a signer select (both signing dialogs and the
 * plan editor hold seals, people, workspace keys and token keys in one select).
 */
import type { StepSigner } from '../../../../shared/contract/plans';

type TokenSigner = Extract<StepSigner, { kind: 'token' }>;
const TOKEN_PREFIX = 'token:';

/** Seal, person and key ids never start with "token:", and JSON keeps any label intact. */
export const tokenSignerId = ({ modulePath, tokenLabel, keyLabel }: Omit<TokenSigner, 'kind'>): string =>
  `${TOKEN_PREFIX}${JSON.stringify([modulePath, tokenLabel, keyLabel])}`;

/** The token key a select value names, or null when it names something else (or is malformed). */
export function tokenSignerOf(id: string): TokenSigner | null {
  if (!id.startsWith(TOKEN_PREFIX)) return null;
  try {
    const parts: unknown = JSON.parse(id.slice(TOKEN_PREFIX.length));
    if (!Array.isArray(parts) || parts.length !== 3 || !parts.every((p) => typeof p === 'string' && p.length > 0)) return null;
    const [modulePath, tokenLabel, keyLabel] = parts as string[];
    return { kind: 'token', modulePath, tokenLabel, keyLabel };
  } catch {
    return null;
  }
}
