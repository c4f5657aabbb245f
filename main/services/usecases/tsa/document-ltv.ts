/**
 * Long-term validation of a workspace document (ETSI EN 319 142-1 B-LT then
 * B-LTA), as the window asks for it: the newest version gets a DSS — every
 * certificate its signatures carry, the workspace's CA chains and their
 * newest CRLs — and a document timestamp from the configured TSA, in one
 * incremental update recorded as the document's next version (so the ledger
 * anchors it like any other). The CLI's `affix ltv` writes the same revision
 * to a file of the user's choosing and shares the material chosen here.
 */
import { readFileSync } from 'node:fs';
import { AffixError } from '../../../../shared/errors/affix-error';
import type { Workspace } from '../../core/workspace/workspace';
import type { DocumentsService } from '../../domain/documents/documents-service';
import type { PkiService } from '../../domain/pki/pki-service';
import { addLtv, type LtvMaterial } from './ltv';
import { requireTsaUrl } from './tsa-settings';

/** Where the revision is written: a private folder that outlives nothing (the window's scratch folder). */
export interface WorkFiles {
  put(name: string, bytes: Uint8Array): string;
  path(name: string): string;
}

export interface DocumentLtvDeps {
  readonly workspace: Workspace;
  readonly pki: PkiService;
  readonly documents: DocumentsService;
}

export interface DocumentLtvResult {
  documentId: string;
  /** The new version's digest. */
  sha256: string;
  versions: number;
  /** The document timestamp's signature field. */
  field: string;
  dss: { certs: number; crls: number };
  /** Document timestamps in the new version (1 after the first LTV, one more per renewal). */
  documentTimestamps: number;
  tsaUrl: string;
}

/** The workspace's part of a DSS: each organisation's root and issuing CA, and each one's newest CRL. */
export function workspaceLtvMaterial(deps: Pick<DocumentLtvDeps, 'workspace' | 'pki'>): LtvMaterial {
  const certs: Uint8Array[] = [];
  for (const o of deps.pki.listOrgs()) certs.push(deps.pki.certificateDer(o.rootSerial), deps.pki.certificateDer(o.issuingSerial));
  const crls = deps.workspace.db
    .prepare<[], Buffer>('SELECT der FROM crls c WHERE number = (SELECT MAX(number) FROM crls WHERE org_id = c.org_id)')
    .pluck()
    .all()
    .map((der) => new Uint8Array(der));
  return { certs, crls };
}

/**
 * B-LT and B-LTA over the document's newest version. Refused, with nothing
 * recorded, when no TSA is configured or it does not answer.
 */
export async function addLtvToDocument(deps: DocumentLtvDeps, documentId: string, files: WorkFiles): Promise<DocumentLtvResult> {
  const tsaUrl = requireTsaUrl(deps.workspace);
  const doc = deps.documents.get(documentId);
  const base = deps.documents.bytesOf(doc.currentSha256);
  const input = files.put(`${doc.id}.pdf`, base);
  const output = files.path(`${doc.id}.ltv.pdf`);
  const r = await addLtv(input, output, workspaceLtvMaterial(deps), tsaUrl);
  const out = readFileSync(output);
  // An incremental update leaves every byte of the version it starts from in place: store only what it appends.
  if (out.length <= base.length || !out.subarray(0, base.length).equals(base)) {
    throw new AffixError('INTERNAL', `the long-term validation revision of ${doc.name} does not extend the version it was made from`);
  }
  const summary = deps.documents.addVersion(
    documentId,
    { kind: 'appended', base: doc.currentSha256, baseLength: base.length, appended: out.subarray(base.length), sha256: r.sha256 },
    'ltv',
  );
  return { documentId, sha256: r.sha256, versions: summary.versions, field: r.field, dss: r.dss, documentTimestamps: r.documentTimestamps, tsaUrl };
}
