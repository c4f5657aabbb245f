/**
 * Canonical JSON (sorted keys, no whitespace) and its SHA-256: how Affix
 * names a record (organisation, verification, seal) on the ledger and in
 * certificates, so that anyone holding the record can recompute the name.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .flatMap((k) => {
        const v = value[k];
        return v === undefined ? [] : [`${JSON.stringify(k)}:${canonicalJson(v)}`];
      })
      .join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError('canonical JSON holds integers only');
  return JSON.stringify(value);
}

export const recordSha256 = (value: Json): string => bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
export const sha256Hex = (bytes: Uint8Array): string => bytesToHex(sha256(bytes));
