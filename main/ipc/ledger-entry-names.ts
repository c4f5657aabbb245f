/**
 * Names for a ledger entry's subjects and references, read from the
 * workspace's records: the ledger itself holds only digests and ids (no
 * personal data, no names), so a clerk would otherwise see bare hashes. A
 * document is named by any of its versions' digests or its id; a seal by its
 * record's digest or its id; an organisation by its id. People are not named
 * here: their names live only in the vault.
 */
import type { LedgerEntryView } from '../../shared/contract/ledger';
import type { Services } from '../services/composition/container';

type Names = NonNullable<LedgerEntryView['names']>;

export function ledgerEntryNamer(s: Services): (entry: { subjects: string[]; refs?: Record<string, string> }) => Names | undefined {
  // One page of entries shares these lookups; seals are few, so they are read once.
  const sealsByRecord = new Map<string, string>();
  const sealsById = new Map<string, string>();
  for (const seal of s.seals.list()) {
    sealsByRecord.set(seal.recordSha256, seal.name);
    sealsById.set(seal.sealId, seal.name);
  }
  const documentByDigest = memo((sha: string) => s.documents.findBySha256(sha)?.name ?? null);
  const documentById = memo((id: string) => attempt(() => s.documents.get(id).name));
  const orgById = memo((id: string) => attempt(() => s.pki.org(id).legalName));
  return ({ subjects, refs = {} }) => {
    const names: Names = { subjects: {}, refs: {} };
    for (const sha of subjects) {
      const name = sealsByRecord.get(sha) ?? documentByDigest(sha);
      if (name) names.subjects[sha] = name;
    }
    const byRef: Record<string, (v: string) => string | null | undefined> = {
      documentId: documentById,
      sealId: (v) => sealsById.get(v),
      orgId: orgById,
    };
    for (const [key, value] of Object.entries(refs)) {
      const name = byRef[key]?.(value);
      if (name) names.refs[key] = name;
    }
    return Object.keys(names.subjects).length || Object.keys(names.refs).length ? names : undefined;
  };
}

function memo(f: (key: string) => string | null): (key: string) => string | null {
  const seen = new Map<string, string | null>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, f(key));
    return seen.get(key) ?? null;
  };
}

function attempt(f: () => string): string | null {
  try {
    return f();
  } catch {
    return null;
  }
}
