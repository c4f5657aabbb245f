/**
 * What the signing engine needs from a key: the narrow port it depends on.
 * It is structurally identical to the keys service's `Signer`
 * (main/services/domain/keys/signer.ts), so any signer that service resolves — a
 * workspace key, a PKCS#12 file, a PKCS#11 token — can be passed straight in,
 * and the engine stays usable (and testable) without the keys service.
 */
export type SignatureAlgorithm = 'ecdsa-p256-sha256' | 'ecdsa-p384-sha384' | 'rsa-pkcs1-sha256' | 'rsa-pss-sha256' | 'ed25519';

export interface SigningKey {
  readonly algorithm: SignatureAlgorithm;
  /** DER certificates, the signer's own first, then its chain. */
  readonly certificates: Uint8Array[];
  /** Signs the DER SET OF signed attributes (ECDSA: returns a DER Ecdsa-Sig-Value). */
  sign(signedAttrsDer: Uint8Array): Promise<Uint8Array>;
  readonly keyId: string;
}
