/**
 * ASiC-E containers (ETSI EN 319 162-1 §4.4, §A): a zip whose first member
 * is `mimetype`, stored uncompressed with no extra field and holding exactly
 * "application/vnd.etsi.asic-e+zip", with its signatures and manifests under
 * META-INF/. Any ZIP tool opens it; any ASiC tool finds its parts.
 *
 * Reading goes through the one hardened zip reader (shared/zip/read-zip.ts:
 * bounded central-directory walk, local headers checked against it, ZIP64 and
 * encryption refused, members inflated no further than they declare, sizes
 * and CRC-32 checked), with the envelope's limits and words. The ASiC rules
 * themselves — `mimetype` first, stored, no extra field, exact content — are
 * checked here.
 */
import { zipSync, type Zippable } from 'fflate';
import { AffixError } from '../errors/affix-error';
import { readZip } from '../zip/read-zip';
import type { ZipProblem } from '../zip/zip-problem';

export const ASIC_E_MIMETYPE = 'application/vnd.etsi.asic-e+zip';

export interface AsicLimits {
  /** Members, including META-INF/ ones. */
  maxMembers: number;
  /** Inflated bytes of all members together. */
  maxTotalBytes: number;
}

export const DEFAULT_ASIC_LIMITS: AsicLimits = { maxMembers: 512, maxTotalBytes: 256 * 1024 * 1024 };

/** 1980-01-01, the zip epoch: the same content gives the same bytes. */
const FIXED_MTIME = new Date(Date.UTC(1980, 0, 1, 12));

const bad = (what: string, problem: string): AffixError =>
  new AffixError('BAD_INPUT', `${what} is not a valid ASiC-E container: ${problem}. Nothing was imported.`);

/** Writes `mimetype` first (stored), then the members in the order given; PDFs stored, the rest deflated. */
export function writeAsic(members: ReadonlyArray<readonly [name: string, bytes: Uint8Array]>): Uint8Array {
  const zippable: Zippable = { mimetype: [new TextEncoder().encode(ASIC_E_MIMETYPE), { level: 0, mtime: FIXED_MTIME }] };
  for (const [name, bytes] of members) {
    if (name === 'mimetype' || name in zippable) throw new AffixError('INTERNAL', `ASiC member ${name} written twice`);
    zippable[name] = [bytes, { level: name.endsWith('.pdf') ? 0 : 6, mtime: FIXED_MTIME }];
  }
  return zipSync(zippable);
}

/**
 * The members of an ASiC-E container, `mimetype` checked and left out.
 * Throws BAD_INPUT naming the problem for anything malformed, unsafe or over
 * the limits.
 */
export function readAsic(zip: Uint8Array, what: string, limits: AsicLimits = DEFAULT_ASIC_LIMITS): Map<string, Uint8Array> {
  const { entries, members } = readZip(
    zip,
    { maxEntries: limits.maxMembers, maxTotalBytes: limits.maxTotalBytes, memberBudget: () => limits.maxTotalBytes },
    (problem) => bad(what, asicProblem(problem)),
  );
  const [first] = entries;
  if (!first || first.name !== 'mimetype' || first.method !== 0 || first.localOffset !== 0 || first.localExtraLength !== 0) {
    throw bad(what, 'its first member must be "mimetype", stored uncompressed with no extra field (ETSI EN 319 162-1)');
  }
  for (const [name, bytes] of members) {
    if (!name.endsWith('/')) continue;
    if (bytes.length !== 0) throw bad(what, `directory entry ${name} has content`);
    members.delete(name);
  }
  const mimetype = members.get('mimetype');
  if (!mimetype || new TextDecoder().decode(mimetype) !== ASIC_E_MIMETYPE) throw bad(what, `its mimetype is not ${ASIC_E_MIMETYPE}`);
  members.delete('mimetype');
  return members;
}

/** What the zip reader refused, in the words of an envelope import. */
function asicProblem(p: ZipProblem): string {
  switch (p.kind) {
    case 'not-zip':
      return 'it is not a zip archive';
    case 'truncated':
      return `it is truncated (a header field at byte ${p.at} lies past its end)`;
    case 'no-end-record':
      return 'its end of central directory is missing (truncated?)';
    case 'zip64-archive':
      return 'it uses ZIP64, which an envelope never needs';
    case 'too-many-entries':
      return `it has ${p.count} members, more than the ${p.limit} allowed`;
    case 'directory-outside-file':
      return 'its central directory lies outside the file';
    case 'entry-damaged':
      return `central directory entry ${p.entry} is damaged`;
    case 'unsafe-name':
      return `member name ${JSON.stringify(p.name.slice(0, 80))} is not a safe relative path`;
    case 'duplicate-name':
      return `member ${p.name} appears twice`;
    case 'encrypted':
      return `member ${p.name} is encrypted`;
    case 'zip64-member':
      return `member ${p.name} uses ZIP64 sizes`;
    case 'no-local-header':
      return `member ${p.name}: its local header is missing`;
    case 'local-header-mismatch':
      return `member ${p.name}: its local header does not match the central directory`;
    case 'data-outside':
      return `member ${p.name} runs past the end of the data`;
    case 'unsupported-method':
      return `member ${p.name} uses compression method ${p.method}; only stored and deflate are read`;
    case 'member-over-budget':
    case 'total-over-budget':
      // Every member's budget is the total's, so both say the same: the whole is too large.
      return `its members would inflate to more than ${p.limit} bytes`;
    case 'inflates-beyond-declared':
      return `member ${p.name} inflates beyond the ${p.declared} bytes its header declares (a zip bomb?)`;
    case 'size-mismatch':
      return `member ${p.name} ${p.stored ? 'holds' : 'inflates to'} ${p.actual} bytes, not the ${p.declared} its header declares`;
    case 'not-inflatable':
      return `member ${p.name} cannot be inflated (${p.reason})`;
    case 'crc-mismatch':
      return `member ${p.name} fails its CRC-32 check (damaged or altered)`;
  }
}
