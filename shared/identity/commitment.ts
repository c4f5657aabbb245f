/**
 * Keyed commitments to personal data: what the ledger may hold instead of the
 * data. An ID number has ~30 bits of entropy (region, birth date, sequence),
 * so a plain hash is reversed by enumeration; here each field gets its own
 * secret 128-bit salt used as an HMAC-SHA256 key. The salt stays in the
 * person's encrypted record; disclosing (field, value, salt) lets anyone
 * recompute the commitment and find it in the ledger, and erasing the record
 * leaves commitments nobody can open.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

export const COMMITMENT_DOMAIN = 'affix-field-commitment/v1';
export const SALT_BYTES = 16;

export interface Disclosure {
  field: string;
  value: string;
  /** Lowercase hex, 16 bytes. */
  salt: string;
}

/** HMAC-SHA256(salt, domain ‖ 0 ‖ field ‖ 0 ‖ NFC(value)), lowercase hex. */
export function commitField(field: string, value: string, saltHex: string): string {
  const salt = hexToBytes(saltHex);
  if (salt.length < SALT_BYTES) throw new RangeError(`a commitment salt needs at least ${SALT_BYTES} bytes`);
  const message = utf8ToBytes(`${COMMITMENT_DOMAIN}\u0000${field}\u0000${value.normalize('NFC')}`);
  return bytesToHex(hmac(sha256, salt, message));
}

/** True when the disclosed value and salt open `commitment` (hex). */
export function verifyDisclosure(d: Disclosure, commitment: string): boolean {
  if (!/^[0-9a-f]{32,}$/.test(d.salt) || d.salt.length % 2 !== 0) return false;
  const expected = commitField(d.field, d.value, d.salt);
  // Constant-time compare is not needed: commitments and disclosures are public once disclosed.
  return expected === commitment.toLowerCase();
}
