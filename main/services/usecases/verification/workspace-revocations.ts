/**
 * What the verifying workspace knows first-hand about revocation: every
 * certificate its own CAs revoked (`affix pki revoke`), matched by the
 * certificate's SHA-256, and which CAs that record covers completely (each
 * organisation's issuing CA). A revocation made here counts at once, before
 * any CRL is issued: the workspace is its own authority.
 */
import { parseCertificates } from '../../../../shared/verify/certificate';
import type { KnownRevocation } from '../../../../shared/verify/revocation-check';
import type { Db } from '../../core/store/database';

export interface WorkspaceRevocations {
  known: KnownRevocation[];
  authorities: Uint8Array[];
}

export function workspaceRevocations(db: Db): WorkspaceRevocations {
  const known = db
    .prepare<[], { sha256: string; revoked_at: string; revocation_reason: string | null }>(
      'SELECT sha256, revoked_at, revocation_reason FROM certificates WHERE revoked_at IS NOT NULL',
    )
    .all()
    .map((r) => ({ certSha256: r.sha256, at: new Date(r.revoked_at), reason: r.revocation_reason ?? undefined }));
  const authorities = db
    .prepare<[], { der: Buffer | null }>("SELECT der FROM certificates WHERE purpose = 'issuing-ca'")
    .all()
    .flatMap((r) => (r.der ? [parseCertificates(r.der)[0].subjectDer] : []));
  return { known, authorities };
}
