/**
 * Rules that judge later changes against the signature being verified, not
 * against the revision just before each change (the revision diffs are
 * shared by every signature, so they cannot know which one is asking):
 *
 * - A value is "present when signed" only if the field had it in *that
 *   signature's* revision. A field empty at signing may be filled and
 *   corrected any number of times unless a signature locks it; overwriting a
 *   value the signer saw is the shadow-replace attack (Mladenov et al., 2021).
 * - DocMDP P=1 (ISO 32000-1 §12.8.2.2.2, Table 254): "No changes to the
 *   document shall be permitted". ISO 32000-2 Table 257 exempts only updates
 *   carrying DSS data and document timestamps, so a later revision with no
 *   such change — metadata only, or nothing the diff can even name — fails.
 * - A failure reason says each distinct problem once, with its count.
 */
import { isFilledIn } from '../pdf/form-fields';
import type { PdfReader } from '../pdf/reader';
import { documentRoles } from './document-roles';
import type { DocMdpLevel } from './mdp-policy';
import type { Modification } from './report';
import type { Change } from './revision-diff';

/** Form fillings re-judged against the signed revision: overwritesValue iff the field had a value there. */
export function valuesAtSigning(changes: Change[], signed: PdfReader | Error): Change[] {
  if (!changes.some((c) => c.kind === 'form-filling')) return changes;
  let valued: Set<string>;
  try {
    if (signed instanceof Error) return changes;
    valued = new Set(
      documentRoles(signed)
        .fields.filter((f) => isFilledIn(signed, f.value))
        .map((f) => f.fullName),
    );
  } catch {
    return changes;
  }
  return changes.map((c) => (c.kind === 'form-filling' && c.field !== undefined ? { ...c, overwritesValue: valued.has(c.field) } : c));
}

const EXEMPT_UNDER_P1 = new Set(['dss', 'document-timestamp']);

/** Under P=1, each later revision that carries no DSS or document timestamp change is itself a forbidden change. */
export function changesUnderNoChanges(docMdp: DocMdpLevel | undefined, revisions: number[], modifications: Modification[]): Modification[] {
  if (docMdp !== 1) return [];
  return revisions
    .filter((r) => !modifications.some((m) => m.revision === r && (!m.allowed || EXEMPT_UNDER_P1.has(m.kind))))
    .map((r) => ({
      revision: r,
      kind: 'other',
      allowed: false,
      detail: `revision ${r} changes the document — DocMDP P=1 permits no change besides DSS data and document timestamps`,
    }));
}

/** "a; b; a; a" → "a (3 times); b": each distinct detail once, in first-seen order. */
export function summariseReasons(details: string[]): string {
  const counts = new Map<string, number>();
  for (const d of details) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts].map(([d, n]) => (n > 1 ? `${d} (${n} times)` : d)).join('; ');
}
