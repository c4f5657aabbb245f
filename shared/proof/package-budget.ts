/**
 * Hard budgets for reading a proof package, so a small hostile file cannot
 * make a verifier (the CLI, the app's main process, verify.html) use unbounded
 * memory or time. The zip is read from its central directory (APPNOTE.TXT
 * §4.3.12); sizes the zip *claims* are only used to refuse early and to size
 * one buffer — every member's real length is counted while it is inflated, and
 * a member that inflates to more or fewer bytes than it claims is refused.
 * Members the exporter never writes are listed by name but never inflated.
 *
 * Over budget is bad input (exit 2), with a message naming the limit; a package
 * within budget whose content is wrong (e.g. a duplicated event) is a failed
 * verification instead.
 */
import { Inflate } from 'fflate';
import { AffixError } from '../errors/affix-error';
import { PACKAGE_FILES } from './container';

const MiB = 1024 * 1024;

/** The name of a member the exporter writes. */
type PackageFileName = (typeof PACKAGE_FILES)[keyof typeof PACKAGE_FILES];

export const PACKAGE_BUDGET = {
  /** The package file itself. */
  packageBytes: 320 * MiB,
  /** All members together, as actually inflated. */
  totalBytes: 288 * MiB,
  /** Each known member, as actually inflated. */
  memberBytes: {
    [PACKAGE_FILES.pdf]: 256 * MiB,
    [PACKAGE_FILES.evidence]: 16 * MiB,
    [PACKAGE_FILES.report]: 16 * MiB,
    [PACKAGE_FILES.verifier]: 16 * MiB,
    [PACKAGE_FILES.readme]: 1 * MiB,
  } satisfies Record<PackageFileName, number>,
  /** Central-directory entries (known or not). */
  entries: 64,
  /** Nesting of arrays/objects in evidence.json. */
  jsonDepth: 64,
  /** Ledger events in evidence.json (a real document's trail holds tens to hundreds). */
  events: 5_000,
  /** Lines of one tlog-proof: header, extra, index, ≤ 63 hashes, blank, the checkpoint and its cosignatures. */
  proofLines: 256,
  /** Characters of one tlog-proof. */
  proofChars: 64 * 1024,
  /** Signers, CRLs and pinned certificates listed in evidence.json. */
  listItems: 1_000,
} as const;

export type PackageBudget = typeof PACKAGE_BUDGET;

/** Over budget: refused as bad input, naming the limit. */
export const overBudget = (what: string, limit: string): AffixError => new AffixError('BAD_INPUT', `Proof package refused: ${what} (limit: ${limit}).`);

const size = (n: number): string => (n >= MiB && n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`);

export interface BoundedPackage {
  /** Known members, each inflated and counted. */
  files: Map<string, Uint8Array>;
  /** Names of members the exporter never writes: listed, not inflated. */
  skipped: string[];
}

interface DirEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  claimedSize: number;
  localOffset: number;
}

const damaged = (why: string): AffixError => new AffixError('BAD_INPUT', `Proof package is damaged: ${why}.`);
/** Little-endian fields; one past the end is a truncated package, refused by name rather than read as NaN. */
function byteAt(b: Uint8Array, at: number): number {
  const v = b[at];
  if (v === undefined) throw damaged(`the zip is truncated (a header field at byte ${at} lies past its end)`);
  return v;
}
const u16 = (b: Uint8Array, at: number): number => byteAt(b, at) | (byteAt(b, at + 1) << 8);
const u32 = (b: Uint8Array, at: number): number => u16(b, at) + u16(b, at + 2) * 0x10000;

const KNOWN = new Set<string>(Object.values(PACKAGE_FILES));
const isKnown = (name: string): name is PackageFileName => KNOWN.has(name);

/** Reads the members of a package within `budget`; throws AffixError (BAD_INPUT) when over it or damaged. */
export function readPackageBounded(zip: Uint8Array, budget: PackageBudget = PACKAGE_BUDGET): BoundedPackage {
  if (zip.length < 22 || zip[0] !== 0x50 || zip[1] !== 0x4b) throw new AffixError('BAD_INPUT', 'Not an Affix proof package: the file is not a zip archive.');
  if (zip.length > budget.packageBytes) throw overBudget(`the package is ${zip.length} bytes`, `${size(budget.packageBytes)} per package`);
  const entries = centralDirectory(zip, budget);
  const files = new Map<string, Uint8Array>();
  const skipped: string[] = [];
  let claimedTotal = 0;
  for (const e of entries) {
    if (!isKnown(e.name)) continue;
    const cap = budget.memberBytes[e.name];
    if (e.claimedSize > cap) throw overBudget(`${e.name} claims to inflate to ${e.claimedSize} bytes`, `${size(cap)} for ${e.name}`);
    claimedTotal += e.claimedSize;
  }
  if (claimedTotal > budget.totalBytes) throw overBudget(`its members claim ${claimedTotal} bytes together`, `${size(budget.totalBytes)} in total`);
  let total = 0;
  for (const e of entries) {
    if (!isKnown(e.name)) {
      skipped.push(e.name);
      continue;
    }
    const bytes = member(zip, e, budget.memberBytes[e.name]);
    total += bytes.length;
    if (total > budget.totalBytes) throw overBudget('its members inflate to more bytes together than allowed', `${size(budget.totalBytes)} in total`);
    files.set(e.name, bytes);
  }
  return { files, skipped };
}

function centralDirectory(zip: Uint8Array, budget: PackageBudget): DirEntry[] {
  // The end-of-central-directory record: 22 bytes plus a comment of at most 65535.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (u32(zip, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged('no end of central directory record');
  const count = u16(zip, eocd + 10);
  const dirSize = u32(zip, eocd + 12);
  const dirOffset = u32(zip, eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw damaged('ZIP64 archives are not written by Affix');
  if (count > budget.entries) throw overBudget(`the package has ${count} entries`, `${budget.entries} entries`);
  if (dirOffset + dirSize > eocd) throw damaged('the central directory lies outside the file');
  const out: DirEntry[] = [];
  const names = new Set<string>();
  let at = dirOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || u32(zip, at) !== 0x02014b50) throw damaged(`central directory entry ${n + 1} is malformed`);
    const nameLen = u16(zip, at + 28);
    const next = at + 46 + nameLen + u16(zip, at + 30) + u16(zip, at + 32);
    if (next > eocd) throw damaged(`central directory entry ${n + 1} runs past the directory`);
    const name = new TextDecoder('utf-8').decode(zip.subarray(at + 46, at + 46 + nameLen));
    if (names.has(name)) throw damaged(`entry ${name} appears twice`);
    names.add(name);
    if (name.startsWith('/') || name.split(/[\\/]/).includes('..')) throw damaged(`unsafe entry name ${name}`);
    out.push({
      name,
      flags: u16(zip, at + 8),
      method: u16(zip, at + 10),
      compressedSize: u32(zip, at + 20),
      claimedSize: u32(zip, at + 24),
      localOffset: u32(zip, at + 42),
    });
    at = next;
  }
  return out;
}

/** Compressed input is fed in small pieces, so one push can inflate to at most ~1000× this. */
const PUSH = 4 * 1024;

function member(zip: Uint8Array, e: DirEntry, cap: number): Uint8Array {
  if (e.flags & 1) throw damaged(`${e.name} is encrypted`);
  const lh = e.localOffset;
  if (lh + 30 > zip.length || u32(zip, lh) !== 0x04034b50) throw damaged(`${e.name} has no local header`);
  const start = lh + 30 + u16(zip, lh + 26) + u16(zip, lh + 28);
  const end = start + e.compressedSize;
  if (end > zip.length) throw damaged(`${e.name} runs past the end of the file`);
  const data = zip.subarray(start, end);
  if (e.method === 0) {
    if (data.length > cap) throw overBudget(`${e.name} is ${data.length} bytes`, `${size(cap)} for ${e.name}`);
    if (data.length !== e.claimedSize) throw damaged(`${e.name} holds ${data.length} bytes but claims ${e.claimedSize}`);
    return data;
  }
  if (e.method !== 8) throw damaged(`${e.name} uses compression method ${e.method}`);
  // The claim sizes the buffer; the real count decides. More than claimed is refused at the first extra byte.
  const out = new Uint8Array(e.claimedSize);
  let got = 0;
  const inflater = new Inflate((chunk) => {
    // claimedSize ≤ cap was checked above, so this also stops anything past the cap.
    if (got + chunk.length > e.claimedSize) throw damaged(`${e.name} inflates to more bytes than the ${e.claimedSize} it claims`);
    out.set(chunk, got);
    got += chunk.length;
  });
  try {
    for (let i = 0; i < data.length; i += PUSH) inflater.push(data.subarray(i, Math.min(i + PUSH, data.length)), i + PUSH >= data.length);
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof AffixError) throw error;
    throw damaged(`${e.name} does not inflate (${error instanceof Error ? error.message : String(error)})`);
  }
  if (got !== e.claimedSize) throw damaged(`${e.name} inflates to ${got} bytes but claims ${e.claimedSize}`);
  return out;
}

/**
 * Parses evidence.json after checking its nesting depth in one linear scan
 * (brackets outside strings), so deep JSON is refused before any parser recurses.
 */
export function parseJsonBounded(bytes: Uint8Array, what: string, budget: PackageBudget = PACKAGE_BUDGET): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > budget.jsonDepth) throw overBudget(`${what} nests deeper than ${budget.jsonDepth} levels`, `${budget.jsonDepth} levels of JSON nesting`);
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
}

/** Shape-agnostic counts on parsed evidence, checked before any proof is parsed or verified. */
export function checkEvidenceBudget(json: unknown, budget: PackageBudget = PACKAGE_BUDGET): void {
  if (typeof json !== 'object' || json === null) return;
  const e = json as Record<string, unknown>;
  const events = e.events;
  if (Array.isArray(events)) {
    if (events.length > budget.events) throw overBudget(`evidence.json lists ${events.length} events`, `${budget.events} events`);
    events.forEach((ev, i) => {
      const proof = (ev as { proof?: unknown } | null)?.proof;
      if (typeof proof !== 'string') return;
      if (proof.length > budget.proofChars)
        throw overBudget(`the proof of event ${i + 1} is ${proof.length} characters`, `${budget.proofChars} characters per proof`);
      let lines = 1;
      for (let j = proof.indexOf('\n'); j >= 0; j = proof.indexOf('\n', j + 1)) {
        if (++lines > budget.proofLines)
          throw overBudget(`the proof of event ${i + 1} has more than ${budget.proofLines} lines`, `${budget.proofLines} lines per proof`);
      }
    });
  }
  const lists: [string, unknown][] = [
    ['signers', e.signers],
    ['CRLs', e.crls],
    ['pinned certificates', (e.trustPolicy as { trustAnchors?: unknown } | undefined)?.trustAnchors],
  ];
  for (const [name, list] of lists) {
    if (Array.isArray(list) && list.length > budget.listItems) throw overBudget(`evidence.json lists ${list.length} ${name}`, `${budget.listItems} ${name}`);
  }
}

/**
 * Events listed more than once — the same ledger index again: each repeat is a
 * failure, not a second proof. Two events at different indices may well have
 * the same leaf hash: RFC 9162 hashes the entry alone, not its position, and
 * a log may hold two identical entries (two views of one document in the same
 * millisecond); each is proven at its own index.
 * Each duplicate comes back as the parameters of proofCheck.msg.duplicateEvent.
 */
export function duplicateEvents(events: readonly { index: number }[]): { where: string; n: number }[] {
  const seen = new Set<number>();
  const problems = new Map<string, number>();
  for (const e of events) {
    if (seen.has(e.index)) problems.set(`ledger index ${e.index}`, (problems.get(`ledger index ${e.index}`) ?? 1) + 1);
    seen.add(e.index);
  }
  return [...problems].map(([where, n]) => ({ where, n }));
}
