/** Contract methods for organisations, identities, certificates and seals (listed in handlers.ts). */
import type { Services } from '../services/composition/container';
import { eraseIdentity } from '../services/usecases/erasure/erase-identity';
import { toPem } from '../../shared/asn1/pem';
import { sealAppearanceFor } from '../services/domain/seals/seal-appearance';
import { lastPageCorner } from '../services/domain/seals/seal-placement';
import { AffixError } from '../../shared/errors/affix-error';
import type { Approval } from '../services/domain/access/access-service';
import type { FileHandles } from '../services/files/file-handles';
import type { Handlers } from './router';

/** The who, why and approvals of an access to personal data (the window's requests name no actor: "window"). */
export const accessGrant = (g: { actor?: string; reason?: string; approvals?: Approval[] }) => ({
  actor: g.actor ?? 'window',
  reason: g.reason ?? '',
  approvals: g.approvals ?? [],
});

function certificateWithChain(s: Services, serial: string, passphrase?: string) {
  if (passphrase) s.vault.unlock(passphrase);
  const chain = s.pki.chain(serial);
  return { ...s.pki.certificate(serial), pem: toPem(chain[0], 'CERTIFICATE'), chainPem: chain.slice(1).map((d) => toPem(d, 'CERTIFICATE')) };
}

export function identityHandlers(s: Services, files: FileHandles): Pick<Handlers, 'identity' | 'orgs' | 'pki' | 'seals'> {
  return {
    identity: {
      verify: ({ photos, ...input }) => s.identity.verify({ ...input, photoFiles: photos?.map((h) => files.read(h)) }),
      list: () => s.identity.list(),
      get: ({ id, passphrase, ...grant }) => {
        if (!passphrase) return { person: s.identity.get(id), personal: null };
        // Refused unless the reason and k custodians' approvals are there; anchored either way (access.viewed / access.refused).
        s.access.authorize({ action: 'reveal', personId: id, passphrase, ...accessGrant(grant) });
        return { person: s.identity.get(id), personal: s.identity.personalData(id, passphrase) };
      },
      disclose: ({ id, fields, passphrase, ...grant }) => {
        s.access.authorize({ action: 'disclose', personId: id, fields, passphrase, ...accessGrant(grant) });
        return s.identity.disclose(id, fields, passphrase);
      },
      erase: ({ id, passphrase, confirm: _confirm, ...grant }) => {
        const person = s.identity.get(id);
        if (person.erasedAt) throw new AffixError('CONFLICT', `Person ${id} was already erased on ${person.erasedAt}.`);
        s.access.authorize({ action: 'erase', personId: id, passphrase, ...accessGrant(grant) });
        return eraseIdentity(s, id);
      },
    },
    orgs: {
      create: (input) => s.pki.createOrg(input),
      list: () => s.pki.listOrgs(),
      get: ({ id }) => s.pki.org(id),
      exportRootKey: ({ id, outputPath, passphrase }) => s.pki.exportRootKeyTo(id, outputPath, passphrase),
    },
    pki: {
      issue: async ({ orgId, personId, days, passphrase, pin }) => {
        const cert = await s.pki.issuePerson({ orgId, personId, days, passphrase, pin });
        return certificateWithChain(s, cert.serial, passphrase);
      },
      certificate: ({ serial, passphrase }) => certificateWithChain(s, serial, passphrase),
      revoke: ({ serial, reason }) => s.pki.revoke(serial, reason),
      crl: async ({ orgId, nextUpdateDays, passphrase }) => {
        const { number, pem, sha256, revoked } = await s.pki.issueCrl(orgId, passphrase, nextUpdateDays);
        return { number, pem, sha256, revoked };
      },
    },
    seals: {
      create: ({ validFrom, validUntil, ...rest }) => s.seals.create({ ...rest, validFrom: new Date(validFrom), validUntil: new Date(validUntil) }),
      list: ({ orgId }) => s.seals.list(orgId),
      get: ({ id }) => s.seals.get(id),
      authorize: ({ sealId, personId, revoke }) => s.seals.authorize(sealId, personId, revoke),
      // The one signing path: records the sealed version and anchors signature.added (and seal.used via the key).
      sign: async ({ sealId, personId, inputPath, outputPath, reason, passphrase }) => {
        const appearance = sealAppearanceFor(s.seals.get(sealId));
        // Drawing code (pdf-lib, fonts) is imported when a seal is drawn, not by every router user (the CLI loads the router for any command).
        const { defaultSize } = await import('../services/engines/appearance');
        const placement = lastPageCorner(inputPath, defaultSize(appearance));
        const r = await s.signing.signFile(
          inputPath,
          outputPath,
          { appearance, placement, reason },
          { kind: 'workspace', id: sealId, passphrase, asPersonId: personId },
        );
        return { outputPath, sha256: r.sha256, field: r.field, certSerial: r.keyId, documentId: r.documentId, ledgerIndex: r.ledgerIndex };
      },
      preview: async ({ orgId, legalName = '', uscc = '', type, name, widthPx }) => {
        const org = orgId ? s.pki.org(orgId) : { legalName, uscc };
        const { sealPreview } = await import('../services/engines/appearance/seal-preview');
        return sealPreview({ legalName: org.legalName, uscc: org.uscc, type, name }, widthPx);
      },
    },
  };
}
