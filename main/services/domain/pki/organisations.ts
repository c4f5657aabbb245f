/**
 * Organisations and the three CAs each is founded with:
 *   - a root CA whose key is sealed with the workspace passphrase alone
 *     (scrypt → AES-256-GCM, not bound to this machine) so it can be exported
 *     and kept offline (ca-key-custody.ts);
 *   - an issuing CA (pathLen 0) that signs person and seal certificates and CRLs;
 *   - a seal-making key that signs every seal record it creates.
 * Everything is generated first (WebCrypto is async) and then written in one
 * SQLite transaction together with its ledger entries.
 */
import { randomUUID } from 'node:crypto';
import { validateUscc } from '../../../../shared/identity/uscc';
import { recordSha256, sha256Hex } from '../../../../shared/identity/record-hash';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { Anchor } from '../../../../shared/ledger/entry-types';
import { sealWithPassphrase } from '../../core/secrets/passphrase-box';
import type { Db } from '../../core/store/database';
import type { IdentityService } from '../identity/identity-service';
import type { Vault } from '../identity/vault';
import type { CertificateStore, Minted } from './certificate-store';
import { generateKey } from './key-pair';
import { mint } from './mint';
import { orgName, selfSignedRoot, type Issuer } from './profiles';

const YEAR = 365 * 86400_000;

export interface OrgView {
  id: string;
  legalName: string;
  uscc: string;
  representatives: string[];
  recordSha256: string;
  createdAt: string;
  rootSerial: string;
  issuingSerial: string;
  sealMakerSerial: string;
}

export class Organisations {
  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly ledger: Anchor,
    private readonly identity: IdentityService,
    private readonly store: CertificateStore,
  ) {}

  async create(input: { legalName: string; uscc: string; representatives: string[]; passphrase: string }): Promise<OrgView> {
    const legalName = input.legalName.trim();
    if (legalName.length === 0) throw badInput('The organisation needs a legal name.');
    const uscc = validateUscc(input.uscc);
    if (!uscc.ok) throw badInput(`Unified social credit code refused (${uscc.check}): ${uscc.message}`);
    if (this.db.prepare('SELECT 1 FROM orgs WHERE uscc = ?').get(uscc.value.code)) {
      throw new AffixError('CONFLICT', `An organisation with credit code ${uscc.value.code} already exists.`);
    }
    for (const p of input.representatives) this.identity.requireActive(p);
    this.vault.unlock(input.passphrase);

    const now = Date.now();
    const rootKey = await generateKey();
    const rootCert = await selfSignedRoot(orgName(legalName, uscc.value.code, `${legalName} Root CA`), rootKey.keys, new Date(now + 20 * YEAR));
    const root: Minted = {
      keyId: `key-${randomUUID()}`,
      key: rootKey,
      cert: rootCert,
      purpose: 'root-ca',
      ownerId: null,
      issuerSerial: rootCert.serialNumber.toLowerCase(),
    };
    const rootIssuer: Issuer = { cert: rootCert, privateKey: rootKey.keys.privateKey };
    const issuing = await mint(
      rootIssuer,
      orgName(legalName, uscc.value.code, `${legalName} Issuing CA`),
      { kind: 'issuing-ca' },
      10 * YEAR,
      'issuing-ca',
      null,
    );
    const issuingIssuer: Issuer = { cert: issuing.cert, privateKey: issuing.key.keys.privateKey };
    const maker = await mint(
      issuingIssuer,
      orgName(legalName, uscc.value.code, `${legalName} Seal Maker`),
      { kind: 'seal-maker' },
      10 * YEAR,
      'seal-maker',
      null,
    );

    const orgId = `org-${randomUUID()}`;
    const createdAt = new Date(now).toISOString();
    const record = {
      orgId,
      legalName,
      uscc: uscc.value.code,
      representatives: input.representatives,
      rootCertSha256: sha256Hex(new Uint8Array(rootCert.rawData)),
      issuingCertSha256: sha256Hex(new Uint8Array(issuing.cert.rawData)),
      sealMakerCertSha256: sha256Hex(new Uint8Array(maker.cert.rawData)),
      createdAt,
    };
    const hash = recordSha256(record);
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO orgs (id, legal_name, uscc, representatives, record_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(orgId, legalName, uscc.value.code, JSON.stringify(input.representatives), hash, createdAt);
      this.store.record(orgId, root, { protection: 'passphrase', secret: sealWithPassphrase(root.key.pkcs8, input.passphrase) });
      this.store.record(orgId, issuing, { protection: 'master-key' });
      this.store.record(orgId, maker, { protection: 'master-key' });
      this.ledger.append({ type: 'org.created', subjects: [hash], refs: { orgId, uscc: uscc.value.code } });
    })();
    return this.get(orgId);
  }

  list(): OrgView[] {
    return this.db
      .prepare<[], { id: string }>('SELECT id FROM orgs ORDER BY created_at, id')
      .all()
      .map((r) => this.get(r.id));
  }

  get(orgId: string): OrgView {
    const o = this.db
      .prepare<[string], { id: string; legal_name: string; uscc: string; representatives: string; record_sha256: string; created_at: string }>(
        'SELECT * FROM orgs WHERE id = ?',
      )
      .get(orgId);
    if (!o) throw new AffixError('NOT_FOUND', `No organisation ${orgId} in this workspace.`);
    return {
      id: o.id,
      legalName: o.legal_name,
      uscc: o.uscc,
      representatives: JSON.parse(o.representatives) as string[],
      recordSha256: o.record_sha256,
      createdAt: o.created_at,
      rootSerial: this.store.serialOf(orgId, 'root-ca'),
      issuingSerial: this.store.serialOf(orgId, 'issuing-ca'),
      sealMakerSerial: this.store.serialOf(orgId, 'seal-maker'),
    };
  }
}
