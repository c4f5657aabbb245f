/**
 * Custody of the CA keys. The root key is sealed under the workspace
 * passphrase alone (AFXB: scrypt + AES-256-GCM), so it can be exported and
 * kept offline, and is re-sealed on a passphrase change; the issuing CA's and
 * seal maker's keys are opened from the vault once per service, because
 * unwrapping and importing a CA key costs more than the signature it makes.
 */
import { x509 } from '../../core/x509/peculiar-x509';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { AffixError } from '../../../../shared/errors/affix-error';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { openWithPassphrase } from '../../core/secrets/passphrase-box';
import type { Db } from '../../core/store/database';
import type { CertificateStore } from './certificate-store';
import { importPrivateKey } from './key-pair';
import type { Organisations } from './organisations';
import type { Issuer } from './profiles';

export class CaKeyCustody {
  private readonly issuers = new Map<string, Issuer>();

  constructor(
    private readonly db: Db,
    private readonly orgs: Organisations,
    private readonly store: CertificateStore,
  ) {}

  /** The issuing CA or seal maker as an issuer: its certificate and imported private key (the vault must be unlocked). */
  async issuer(orgId: string, purpose: 'issuing-ca' | 'seal-maker'): Promise<Issuer> {
    const org = this.orgs.get(orgId);
    const serial = purpose === 'issuing-ca' ? org.issuingSerial : org.sealMakerSerial;
    let issuer = this.issuers.get(serial);
    if (!issuer) {
      issuer = {
        cert: new x509.X509Certificate(new Uint8Array(this.store.certificateDer(serial))),
        privateKey: await importPrivateKey(this.store.privateKey(serial)),
      };
      this.issuers.set(serial, issuer);
    }
    return issuer;
  }

  /** The root CA's private key as sealed at rest (AFXB: scrypt + AES-256-GCM under the workspace passphrase), for offline keeping. */
  exportRootKey(orgId: string): Buffer {
    const o = this.orgs.get(orgId);
    const row = this.db
      .prepare<[string], { secret: Buffer }>('SELECT k.secret FROM pki_keys k JOIN certificates c ON c.key_id = k.id WHERE c.serial = ?')
      .get(o.rootSerial);
    return row!.secret;
  }

  /**
   * Writes the sealed root key to a file after proving the passphrase opens it
   * and that it matches the root certificate, so an export is never useless.
   */
  exportRootKeyTo(orgId: string, outputPath: string, passphrase: string): { outputPath: string; bytes: number; rootSerial: string } {
    const sealed = this.exportRootKey(orgId);
    const pkcs8 = openWithPassphrase(sealed, passphrase);
    const rootSerial = this.orgs.get(orgId).rootSerial;
    const spki = createPublicKey(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' });
    const cert = new x509.X509Certificate(new Uint8Array(this.store.certificateDer(rootSerial)));
    if (!Buffer.from(cert.publicKey.rawData).equals(spki)) throw new AffixError('INTERNAL', 'The stored root key does not match the root certificate.');
    writeFileAtomic(outputPath, sealed);
    return { outputPath, bytes: sealed.length, rootSerial };
  }

  /** Keys sealed under the workspace passphrase alone (the root CAs), for a passphrase change. */
  passphraseBoxes(): { keyId: string; label: string; box: Buffer }[] {
    return this.db
      .prepare<[], { id: string; legal_name: string; secret: Buffer }>(
        "SELECT k.id, o.legal_name, k.secret FROM pki_keys k JOIN orgs o ON o.id = k.org_id WHERE k.protection = 'passphrase' ORDER BY k.created_at, k.id",
      )
      .all()
      .map((r) => ({ keyId: r.id, label: `${r.legal_name} Root CA`, box: r.secret }));
  }

  /** Stores a root key under a new passphrase box (a passphrase change, inside its transaction). */
  replacePassphraseBox(keyId: string, box: Uint8Array): void {
    this.db.prepare("UPDATE pki_keys SET secret = ? WHERE id = ? AND protection = 'passphrase'").run(Buffer.from(box), keyId);
  }
}
