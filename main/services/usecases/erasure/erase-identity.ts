/**
 * Erasing a person: their certificates are revoked (cessationOfOperation),
 * their vault records — personal data, photographs, private keys, their
 * certificates' DER — are shredded with their key, and the erasure is
 * anchored, all in one transaction; then the WAL is folded into the zeroed
 * main file so no old page keeps a copy.
 */
import type { Workspace } from '../../core/workspace/workspace';
import type { IdentityService } from '../../domain/identity/identity-service';
import type { PkiService } from '../../domain/pki/pki-service';
import type { Vault } from '../../domain/identity/vault';

export function eraseIdentity(
  services: { readonly workspace: Workspace; readonly identity: IdentityService; readonly pki: PkiService; readonly vault: Vault },
  personId: string,
): { erasedAt: string; revokedSerials: string[]; walTruncated: boolean } {
  const result = services.workspace.db.transaction(() => {
    services.identity.get(personId);
    const revokedSerials = services.pki.revokeAllOf(personId, 'cessationOfOperation');
    const { erasedAt } = services.identity.eraseInTransaction(personId);
    return { erasedAt, revokedSerials };
  })();
  return { ...result, walTruncated: services.vault.scrub() };
}
