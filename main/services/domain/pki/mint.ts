/** Minting: a fresh key and a certificate for it from `issuer`, not yet stored (certificate-store.ts stores it). */
import type * as x509 from '@peculiar/x509';
import { randomUUID } from 'node:crypto';
import type { CertPurpose, Minted } from './certificate-store';
import { generateKey } from './key-pair';
import { issue, type Issuer, type LeafProfile } from './profiles';

export async function mint(
  issuer: Issuer,
  subject: x509.JsonName,
  profile: LeafProfile,
  lifetimeMs: number,
  purpose: CertPurpose,
  ownerId: string | null,
  window?: { notBefore: Date; notAfter: Date },
): Promise<Minted> {
  const key = await generateKey();
  const now = Date.now();
  const cert = await issue(issuer, subject, key.keys.publicKey, window ?? { notBefore: new Date(now - 60_000), notAfter: new Date(now + lifetimeMs) }, profile);
  return { keyId: `key-${randomUUID()}`, key, cert, purpose, ownerId, issuerSerial: issuer.cert.serialNumber.toLowerCase() };
}
