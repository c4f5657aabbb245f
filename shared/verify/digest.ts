/**
 * Message digests over byte ranges: WebCrypto where present (native in Node
 * and browsers), @noble/hashes otherwise.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { OID } from '../asn1/oids';

export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** The AlgorithmIdentifier OID of each digest. */
export const HASH_OIDS: Readonly<Record<HashName, string>> = { 'SHA-1': OID.sha1, 'SHA-256': OID.sha256, 'SHA-384': OID.sha384, 'SHA-512': OID.sha512 };
const HASH_BY_OID = new Map(Object.entries(HASH_OIDS).map(([name, oid]) => [oid, name as HashName]));

export const hashForOid = (oid: string): HashName | undefined => HASH_BY_OID.get(oid);

const NOBLE = { 'SHA-1': sha1, 'SHA-256': sha256, 'SHA-384': sha384, 'SHA-512': sha512 } as const;

/** A copy backed by a plain ArrayBuffer, as WebCrypto's BufferSource type asks. */
export const own = (b: Uint8Array): Uint8Array<ArrayBuffer> => {
  const out = new Uint8Array(b.length);
  out.set(b);
  return out;
};

/** A native incremental hash a host may supply (Node: node:crypto's createHash). */
export interface IncrementalHash {
  update(part: Uint8Array): void;
  digest(): Uint8Array;
}

let incremental: ((hash: HashName) => IncrementalHash) | undefined;

/**
 * Lets the host hash byte ranges part by part. WebCrypto's digest is
 * one-shot, so without this a signature's two byte ranges are first joined
 * into one copy of (nearly) the whole file; with it, verifying a 100 MB PDF
 * holds no copies of it besides the file's own bytes.
 */
export function useIncrementalHash(factory: ((hash: HashName) => IncrementalHash) | undefined): void {
  incremental = factory;
}

/** A hash fed part by part: the host's when it supplied one, else @noble/hashes (WebCrypto has no incremental digest). */
export function incrementalHash(hash: HashName): IncrementalHash {
  return incremental ? incremental(hash) : NOBLE[hash].create();
}

/** Digest of the concatenation of `parts`. */
export async function digest(hash: HashName, parts: Uint8Array[]): Promise<Uint8Array> {
  if (incremental) {
    const h = incrementalHash(hash);
    for (const p of parts) h.update(p);
    return h.digest();
  }
  const subtle = globalThis.crypto?.subtle;
  const total = parts.reduce((n, p) => n + p.length, 0);
  // One part backed by a plain ArrayBuffer needs no copy.
  const [only] = parts;
  if (subtle && parts.length === 1 && only?.buffer instanceof ArrayBuffer) {
    return new Uint8Array(await subtle.digest(hash, only as Uint8Array<ArrayBuffer>));
  }
  if (subtle) {
    const joined = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.length;
    }
    return new Uint8Array(await subtle.digest(hash, joined));
  }
  const h = incrementalHash(hash);
  for (const p of parts) h.update(p);
  return h.digest();
}

export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  // Constant time over the whole length; the lengths are equal, so `b` has every index `a` has.
  a.forEach((x, i) => (diff |= x ^ (b[i] ?? 0x100)));
  return diff === 0;
}
