/**
 * Everything appended after a signature's revision: each later revision is
 * opened, checked to be a clean incremental update of the one before, and
 * diffed. Diffs are cached per pair of revisions, since every signature
 * before a revision sees the same changes in it.
 */
import { diffRevisions, type Change } from './revision-diff';
import type { Coverage } from './report';
import type { PdfInput } from './pdf-input';
import { duplicateObjects, type RevisionReaders } from './revisions';
import { valuesAtSigning } from './verdict-rules';

const MAX_LATER_REVISIONS = 1000;

export interface LaterChanges {
  coverage: Coverage;
  changes: Change[];
  /** Numbers of the later revisions analysed (each may carry no change the diff can name). */
  revisions?: number[];
}

export class LaterChangeAnalyzer {
  private readonly cache = new Map<string, Change[]>();
  constructor(
    private readonly input: PdfInput,
    private readonly ends: number[],
    private readonly readers: RevisionReaders,
  ) {}

  after(signedEnd: number): LaterChanges {
    const length = this.input.length;
    if (signedEnd === length) return { coverage: 'whole-file', changes: [] };
    const changes: Change[] = [];
    let anomalous = false;
    let prevEnd = signedEnd;
    const revisions: number[] = [];
    const later = this.ends.filter((e) => e > signedEnd + 2);
    const lastEnd = later.at(-1) ?? signedEnd;
    const revisionOf = (end: number): number => this.ends.filter((e) => e <= end).length;
    if (lastEnd < length && !onlyWhitespace(this.input, lastEnd, length)) {
      anomalous = true;
      changes.push({
        revision: revisionOf(lastEnd) + 1,
        kind: 'malformed-revision',
        illegal: true,
        attack: 'incremental-saving',
        detail: `${length - lastEnd} bytes follow the last %%EOF`,
      });
    }
    if (later.length > MAX_LATER_REVISIONS) {
      // Each revision costs a parse; a file with thousands of %%EOF markers is an attack on the verifier.
      return {
        coverage: 'anomalous',
        changes: [
          ...changes,
          {
            revision: revisionOf(lastEnd),
            kind: 'malformed-revision',
            illegal: true,
            detail: `${later.length} revisions follow the signature; at most ${MAX_LATER_REVISIONS} are analysed`,
          },
        ],
      };
    }
    for (const end of later) {
      const key = `${prevEnd}-${end}`;
      let diff = this.cache.get(key);
      if (!diff) {
        diff = this.diff(prevEnd, end, revisionOf(end));
        this.cache.set(key, diff);
      }
      const [only] = diff;
      if (diff.length === 1 && only?.kind === 'malformed-revision' && only.detail.startsWith('unreadable')) {
        // A revision that cannot be read alone (e.g. a linearised file's first section) is folded into the next.
        if (end !== lastEnd) continue;
        anomalous = true;
      }
      if (diff.some((c) => c.kind === 'malformed-revision')) anomalous = true;
      changes.push(...diff);
      revisions.push(revisionOf(end));
      prevEnd = end;
    }
    return { coverage: anomalous ? 'anomalous' : 'own-revision', changes: valuesAtSigning(changes, this.readers.at(signedEnd)), revisions };
  }

  private diff(from: number, to: number, revision: number): Change[] {
    const a = this.readers.at(from);
    const b = this.readers.at(to);
    if (a instanceof Error) return [{ revision, kind: 'malformed-revision', illegal: true, detail: `unreadable signed revision: ${a.message}` }];
    if (b instanceof Error) return [{ revision, kind: 'malformed-revision', illegal: true, detail: `unreadable revision ${revision}: ${b.message}` }];
    try {
      return diffRevisions(a, b, revision, from, duplicateObjects(this.input, from, to));
    } catch (error) {
      return [
        {
          revision,
          kind: 'malformed-revision',
          illegal: true,
          detail: `revision ${revision} cannot be compared: ${error instanceof Error ? error.message : String(error)}`,
        },
      ];
    }
  }
}

function onlyWhitespace(input: PdfInput, from: number, to: number): boolean {
  let only = true;
  input.pieces(from, to, (b) => {
    for (let i = 0; only && i < b.length; i++) if (b[i] !== 0x20 && b[i] !== 0x0a && b[i] !== 0x0d && b[i] !== 0x09 && b[i] !== 0x00) only = false;
  });
  return only;
}
