/**
 * What every key source resolves to: the signing engine's `SigningKey` port,
 * plus `close()` for sources that hold a resource (a PKCS#11 session).
 */
import type { SigningKey } from './signing-key';

export type { SignatureAlgorithm, SigningKey } from './signing-key';

export interface Signer extends SigningKey {
  /** Releases what the key holds (token session, key material); safe to call twice. */
  close(): void;
}
