/**
 * The one hardened zip reader of shared/: the ASiC-E envelope reader and the
 * proof-package reader both read through it, each with its own limits and
 * its own words for what is refused. Nothing is delegated to a general unzip.
 *
 * 1. The central directory is walked with a bounded entry count and every
 *    member located through its local header (central-directory.ts).
 * 2. Before a byte is inflated, every member to be read is held to its own
 *    budget and all of them together to the total, by the sizes they declare
 *    (APPNOTE.TXT §4.4.9); members the caller does not want are only listed.
 * 3. Each member is then inflated to at most its declared size, counting
 *    real bytes (inflate-member.ts), so what the archive claims bounds memory
 *    and nothing beyond the claim is ever produced; a stored member must be
 *    exactly its declared size; the CRC-32 (§4.4.7) must match, or, where the
 *    caller asks, a mismatch is reported for it to judge.
 */
import { readCentralDirectory, type ZipEntry } from './central-directory';
import { crc32 } from './crc32';
import { inflateMember } from './inflate-member';
import { ZipRefusal, type ZipProblem } from './zip-problem';

/** A member the caller names but never wants inflated: it is listed, and its data never read. */
export const LIST_ONLY = 'list-only';

export interface ZipLimits {
  /** Central-directory entries, read or listed (§4.4.22). */
  readonly maxEntries: number;
  /** Uncompressed bytes of all members read, together. */
  readonly maxTotalBytes: number;
  /** The most uncompressed bytes one member may have, or LIST_ONLY to name it without reading it. */
  readonly memberBudget: (name: string) => number | typeof LIST_ONLY;
  /**
   * What a member whose CRC-32 does not match is: 'refuse' (the archive is damaged), or 'report'
   * (it is read and named in `crcMismatches`), for a caller whose own digests judge the content
   * and can say which part was altered rather than only that the archive is damaged.
   */
  readonly onCrcMismatch?: 'refuse' | 'report';
}

export interface ZipContents {
  /** Every entry, in central-directory order. */
  readonly entries: readonly ZipEntry[];
  /** The members read, by name: each exactly its declared size, its CRC-32 checked. */
  readonly members: Map<string, Uint8Array>;
  /** Names of LIST_ONLY members, in directory order. */
  readonly listed: string[];
  /** Members read whose CRC-32 did not match (only with onCrcMismatch 'report'). */
  readonly crcMismatches: string[];
}

/**
 * Reads `zip` within `limits`. Anything malformed, unsafe or over a limit is
 * thrown as `refuse(problem)`, the caller's own error for that problem.
 */
export function readZip(zip: Uint8Array, limits: ZipLimits, refuse: (problem: ZipProblem) => Error): ZipContents {
  try {
    return read(zip, limits);
  } catch (error) {
    if (error instanceof ZipRefusal) throw refuse(error.problem);
    throw error;
  }
}

function read(zip: Uint8Array, limits: ZipLimits): ZipContents {
  const entries = readCentralDirectory(zip, limits.maxEntries);
  const wanted: ZipEntry[] = [];
  const listed: string[] = [];
  let declaredTotal = 0;
  for (const e of entries) {
    const budget = limits.memberBudget(e.name);
    if (budget === LIST_ONLY) {
      listed.push(e.name);
      continue;
    }
    if (e.declaredSize > budget) throw new ZipRefusal({ kind: 'member-over-budget', name: e.name, bytes: e.declaredSize, limit: budget, stored: false });
    if (e.method === 0 && e.compressedSize > budget)
      throw new ZipRefusal({ kind: 'member-over-budget', name: e.name, bytes: e.compressedSize, limit: budget, stored: true });
    declaredTotal += e.declaredSize;
    wanted.push(e);
  }
  if (declaredTotal > limits.maxTotalBytes) throw new ZipRefusal({ kind: 'total-over-budget', bytes: declaredTotal, limit: limits.maxTotalBytes });

  // No member yields more than it declares, so the total above also bounds what is really produced.
  const members = new Map<string, Uint8Array>();
  const crcMismatches: string[] = [];
  for (const e of wanted) {
    const data = zip.subarray(e.dataOffset, e.dataOffset + e.compressedSize);
    if (e.method === 0 && data.length !== e.declaredSize)
      throw new ZipRefusal({ kind: 'size-mismatch', name: e.name, actual: data.length, declared: e.declaredSize, stored: true });
    const bytes = e.method === 0 ? data : inflateMember(data, e.declaredSize, e.name);
    if (crc32(bytes) !== e.crc32) {
      if (limits.onCrcMismatch !== 'report') throw new ZipRefusal({ kind: 'crc-mismatch', name: e.name });
      crcMismatches.push(e.name);
    }
    members.set(e.name, bytes);
  }
  return { entries, members, listed, crcMismatches };
}
