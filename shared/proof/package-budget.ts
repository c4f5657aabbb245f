/**
 * Hard budgets for reading a proof package, so a small hostile file cannot
 * make a verifier (the CLI, the app's main process, verify.html) use unbounded
 * memory or time. The zip is read by the one hardened zip reader
 * (shared/zip/read-zip.ts) with these budgets: sizes the zip *claims* are only
 * used to refuse early and to size one buffer — every member's real length is
 * counted while it is inflated, and a member that inflates to more or fewer
 * bytes than it claims, or fails its CRC-32, is refused. Members the exporter
 * never writes are listed by name but never inflated.
 *
 * Over budget is bad input (exit 2), with a message naming the limit; a package
 * within budget whose content is wrong (e.g. a duplicated event) is a failed
 * verification instead.
 */
import { AffixError } from '../errors/affix-error';
import { LIST_ONLY, readZip } from '../zip/read-zip';
import type { ZipProblem } from '../zip/zip-problem';
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
  /** Known members whose bytes no longer match the CRC-32 the zip records: changed after export. */
  crcMismatches: string[];
}

const damaged = (why: string): AffixError => new AffixError('BAD_INPUT', `Proof package is damaged: ${why}.`);

const KNOWN = new Set<string>(Object.values(PACKAGE_FILES));
const isKnown = (name: string): name is PackageFileName => KNOWN.has(name);

/** Reads the members of a package within `budget`; throws AffixError (BAD_INPUT) when over it or damaged. */
export function readPackageBounded(zip: Uint8Array, budget: PackageBudget = PACKAGE_BUDGET): BoundedPackage {
  if (zip.length > budget.packageBytes) throw overBudget(`the package is ${zip.length} bytes`, `${size(budget.packageBytes)} per package`);
  const { members, listed, crcMismatches } = readZip(
    zip,
    {
      maxEntries: budget.entries,
      maxTotalBytes: budget.totalBytes,
      // Members the exporter never writes are named in the report, never inflated.
      memberBudget: (name) => (isKnown(name) ? budget.memberBytes[name] : LIST_ONLY),
      // A byte changed in a member is tampering with the evidence, which the checks judge and name
      // (the document hash, the report's seal, …): a failed verdict, not a refusal as damaged.
      onCrcMismatch: 'report',
    },
    packageProblem,
  );
  return { files: members, skipped: listed, crcMismatches };
}

/** What the zip reader refused, in the words of proof verification: over a limit, or damaged. */
function packageProblem(p: ZipProblem): AffixError {
  switch (p.kind) {
    case 'not-zip':
      return new AffixError('BAD_INPUT', 'Not an Affix proof package: the file is not a zip archive.');
    case 'truncated':
      return damaged(`the zip is truncated (a header field at byte ${p.at} lies past its end)`);
    case 'no-end-record':
      return damaged('no end of central directory record');
    case 'zip64-archive':
      return damaged('ZIP64 archives are not written by Affix');
    case 'too-many-entries':
      return overBudget(`the package has ${p.count} entries`, `${p.limit} entries`);
    case 'directory-outside-file':
      return damaged('the central directory lies outside the file');
    case 'entry-damaged':
      return damaged(`central directory entry ${p.entry} is malformed`);
    case 'unsafe-name':
      return damaged(`unsafe entry name ${JSON.stringify(p.name.slice(0, 80))}`);
    case 'duplicate-name':
      return damaged(`entry ${p.name} appears twice`);
    case 'encrypted':
      return damaged(`${p.name} is encrypted`);
    case 'zip64-member':
      return damaged(`${p.name} uses ZIP64 sizes, which Affix never writes`);
    case 'no-local-header':
      return damaged(`${p.name} has no local header`);
    case 'local-header-mismatch':
      return damaged(`${p.name}: its local header does not match the central directory`);
    case 'data-outside':
      return damaged(`${p.name} runs past the end of the member data`);
    case 'unsupported-method':
      return damaged(`${p.name} uses compression method ${p.method}`);
    case 'member-over-budget':
      return overBudget(`${p.name} ${p.stored ? 'is' : 'claims to inflate to'} ${p.bytes} bytes`, `${size(p.limit)} for ${p.name}`);
    case 'total-over-budget':
      return overBudget(`its members claim ${p.bytes} bytes together`, `${size(p.limit)} in total`);
    case 'inflates-beyond-declared':
      return damaged(`${p.name} inflates to more bytes than the ${p.declared} it claims`);
    case 'size-mismatch':
      return damaged(`${p.name} ${p.stored ? 'holds' : 'inflates to'} ${p.actual} bytes but claims ${p.declared}`);
    case 'not-inflatable':
      return damaged(`${p.name} does not inflate (${p.reason})`);
    case 'crc-mismatch':
      return damaged(`${p.name} fails its CRC-32 check (damaged or altered)`);
  }
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
