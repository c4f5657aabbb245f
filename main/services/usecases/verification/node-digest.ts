/**
 * Node's incremental hashing for the shared verifier (shared/verify/digest.ts):
 * byte ranges are hashed part by part instead of being joined into a copy of
 * the file first. Imported for its effect by the verification service.
 */
import { createHash } from 'node:crypto';
import { useIncrementalHash, type HashName } from '../../../../shared/verify/digest';

const NODE_NAME: Record<HashName, string> = { 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

useIncrementalHash((hash) => {
  const h = createHash(NODE_NAME[hash]);
  return {
    update: (part) => void h.update(part),
    digest: () => new Uint8Array(h.digest()),
  };
});
