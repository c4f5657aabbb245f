/**
 * Electronic seals after the GB/T 38540 model: a seal record (organisation,
 * type, appearance, validity window, seal certificate) signed by the
 * organisation's seal-making key and anchored; a list of people authorised to
 * use it; and a usage check that refuses (and anchors the refusal) when the
 * seal is used outside its window, by someone not authorised, by an erased
 * person, or with a revoked certificate.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { canonicalJson, recordSha256, type Json } from '../../../../shared/identity/record-hash';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { Anchor } from '../../../../shared/ledger/entry-types';
import type { IdentityService } from '../identity/identity-service';
import type { PkiService } from '../pki/pki-service';
import type { BlobStore } from '../../core/store/blobs';
import type { Db } from '../../core/store/database';
import { systemClock, type Clock } from '../../core/clock';
import type { Vault } from '../identity/vault';
import type { SealType } from './seal-types';

export interface SealAppearance {
  format: 'png' | 'jpeg' | 'svg';
  sha256: string;
  widthMm: number;
  heightMm: number;
}

export interface SealRecord {
  version: 1;
  sealId: string;
  orgId: string;
  legalName: string;
  uscc: string;
  type: SealType;
  name: string;
  appearance: SealAppearance | null;
  validFrom: string;
  validUntil: string;
  certSerial: string;
  certSha256: string;
  createdAt: string;
}

/** Why a seal may not be used (the reason is anchored; it names ids and dates only) and what the user can do. */
export interface SealRefusal {
  reason: string;
  remedy: string;
}

export interface SealView extends SealRecord {
  recordSha256: string;
  makerCertSerial: string;
  makerSignature: string;
  authorized: { personId: string; grantedAt: string }[];
  certRevokedAt: string | null;
}

function sniffImage(bytes: Buffer): SealAppearance['format'] | null {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpeg';
  if (/^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(bytes.subarray(0, 512).toString('utf8'))) return 'svg';
  return null;
}

export class SealService {
  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly ledger: Anchor,
    private readonly pki: PkiService,
    private readonly identity: IdentityService,
    private readonly blobs: BlobStore,
    /** Validity windows are checked against it (the system clock but in tests). */
    private readonly clock: Clock = systemClock,
  ) {}

  /** The time a seal's window is checked against now. */
  now(): Date {
    return this.clock();
  }

  async create(input: {
    orgId: string;
    type: SealType;
    name: string;
    validFrom: Date;
    validUntil: Date;
    imagePath?: string;
    sizeMm?: number;
    passphrase: string;
  }): Promise<SealView> {
    const org = this.pki.org(input.orgId);
    const name = input.name.trim();
    if (name.length === 0) throw badInput('The seal needs a name (the text engraved on it).');
    if (!(input.validUntil.getTime() > input.validFrom.getTime())) throw badInput('The seal validity must end after it starts.');
    if (input.validUntil.getTime() <= this.clock().getTime()) throw badInput('The seal validity window has already ended.');
    let image: Buffer | null = null;
    let format: SealAppearance['format'] | null = null;
    if (input.imagePath) {
      try {
        image = readFileSync(input.imagePath);
      } catch {
        throw badInput(`Seal image ${input.imagePath} cannot be read.`);
      }
      format = sniffImage(image);
      if (!format) throw badInput(`Seal image ${input.imagePath} is not a PNG, JPEG or SVG.`);
    }
    this.vault.unlock(input.passphrase);
    const sealId = `seal-${randomUUID()}`;
    const minted = await this.pki.mintSeal(org.id, sealId, name, input.type, { notBefore: input.validFrom, notAfter: input.validUntil });
    const certSerial = minted.cert.serialNumber.toLowerCase();
    const size = input.sizeMm ?? 40;
    const record: SealRecord = {
      version: 1,
      sealId,
      orgId: org.id,
      legalName: org.legalName,
      uscc: org.uscc,
      type: input.type,
      name,
      appearance: image && format ? { format, sha256: this.blobs.put(image), widthMm: size, heightMm: size } : null,
      validFrom: input.validFrom.toISOString(),
      validUntil: minted.cert.notAfter.toISOString(),
      certSerial,
      certSha256: '',
      createdAt: new Date().toISOString(),
    };
    this.db.transaction(() => {
      this.pki.storeMinted(org.id, minted);
      record.certSha256 = this.pki.certificate(certSerial).sha256;
      const bytes = Buffer.from(canonicalJson(record as unknown as Json), 'utf8');
      const signed = this.pki.sealMakerSign(org.id, bytes);
      const hash = recordSha256(record as unknown as Json);
      this.db
        .prepare(
          'INSERT INTO seals (id, org_id, type, name, valid_from, valid_until, cert_serial, record, record_sha256, maker_signature, maker_cert_serial, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          sealId,
          org.id,
          record.type,
          name,
          record.validFrom,
          record.validUntil,
          certSerial,
          bytes.toString('utf8'),
          hash,
          signed.signature,
          signed.certSerial,
          record.createdAt,
        );
      this.ledger.append({
        type: 'seal.created',
        subjects: [hash, record.certSha256],
        actorKeyId: signed.certSerial,
        refs: { sealId, orgId: org.id, sealType: record.type, certSerial },
      });
    })();
    return this.get(sealId);
  }

  get(sealId: string): SealView {
    const s = this.db
      .prepare<[string], { record: string; record_sha256: string; maker_cert_serial: string; maker_signature: Buffer; cert_serial: string }>(
        'SELECT * FROM seals WHERE id = ?',
      )
      .get(sealId);
    if (!s) throw new AffixError('NOT_FOUND', `No seal ${sealId} in this workspace.`);
    const authorized = this.db
      .prepare<[string], { person_id: string; granted_at: string }>(
        'SELECT person_id, granted_at FROM seal_authorizations WHERE seal_id = ? AND revoked_at IS NULL ORDER BY granted_at',
      )
      .all(sealId)
      .map((a) => ({ personId: a.person_id, grantedAt: a.granted_at }));
    return {
      ...(JSON.parse(s.record) as SealRecord),
      recordSha256: s.record_sha256,
      makerCertSerial: s.maker_cert_serial,
      makerSignature: s.maker_signature.toString('hex'),
      authorized,
      certRevokedAt: this.pki.certificate(s.cert_serial).revokedAt,
    };
  }

  /** The signed seal record exactly as signed (canonical JSON), for anyone to check against the seal-maker certificate. */
  signedRecord(sealId: string): { record: string; signature: Buffer; makerCertSerial: string } {
    const row = this.db
      .prepare<[string], { record: string; maker_signature: Buffer; maker_cert_serial: string }>(
        'SELECT record, maker_signature, maker_cert_serial FROM seals WHERE id = ?',
      )
      .get(sealId);
    if (!row) throw new AffixError('NOT_FOUND', `No seal ${sealId} in this workspace.`);
    return { record: row.record, signature: row.maker_signature, makerCertSerial: row.maker_cert_serial };
  }

  list(orgId?: string): SealView[] {
    const rows = orgId
      ? this.db.prepare<[string], { id: string }>('SELECT id FROM seals WHERE org_id = ? ORDER BY created_at').all(orgId)
      : this.db.prepare<[], { id: string }>('SELECT id FROM seals ORDER BY created_at').all();
    return rows.map((r) => this.get(r.id));
  }

  /** Grants (or with `revoke`, withdraws) a verified person's right to use the seal. */
  authorize(sealId: string, personId: string, revoke = false): SealView {
    const seal = this.get(sealId);
    if (!revoke) this.identity.requireActive(personId);
    const current = seal.authorized.some((a) => a.personId === personId);
    if (revoke && !current) throw new AffixError('CONFLICT', `Person ${personId} is not authorised to use seal ${sealId}.`);
    if (!revoke && current) throw new AffixError('CONFLICT', `Person ${personId} is already authorised to use seal ${sealId}.`);
    const now = new Date().toISOString();
    this.db.transaction(() => {
      if (revoke) this.db.prepare('UPDATE seal_authorizations SET revoked_at = ? WHERE seal_id = ? AND person_id = ?').run(now, sealId, personId);
      else
        this.db
          .prepare(
            'INSERT INTO seal_authorizations (seal_id, person_id, granted_at) VALUES (?, ?, ?) ON CONFLICT DO UPDATE SET granted_at = excluded.granted_at, revoked_at = NULL',
          )
          .run(sealId, personId, now);
      this.ledger.append({ type: 'seal.authorized', subjects: [seal.recordSha256], refs: { sealId, personId, action: revoke ? 'revoke' : 'grant' } });
    })();
    return this.get(sealId);
  }

  /** Why `personId` may not use the seal at `at` (as anchored) and what to do about it, or null when they may. */
  refusal(seal: SealView, personId: string, at: Date): SealRefusal | null {
    const replace = 'create a new seal that is valid now (Identities → Seals, or `affix seal create`), authorise the person for it and sign with it instead';
    if (at.getTime() < Date.parse(seal.validFrom))
      return { reason: `seal ${seal.sealId} is not valid before ${seal.validFrom}`, remedy: 'Sign on or after that time, or use another seal.' };
    if (at.getTime() > Date.parse(seal.validUntil))
      return { reason: `seal ${seal.sealId} expired on ${seal.validUntil}`, remedy: `An expired seal cannot be used again: ${replace}.` };
    if (seal.certRevokedAt)
      return {
        reason: `the certificate of seal ${seal.sealId} was revoked on ${seal.certRevokedAt}`,
        remedy: `A seal whose certificate is revoked cannot be used again: ${replace}.`,
      };
    let person;
    try {
      person = this.identity.get(personId);
    } catch {
      return { reason: `person ${personId} does not exist`, remedy: 'Choose a verified person in this workspace.' };
    }
    if (person.erasedAt) return { reason: `person ${personId} was erased`, remedy: 'Choose another verified person.' };
    if (!seal.authorized.some((a) => a.personId === personId)) {
      return {
        reason: `person ${personId} is not authorised to use seal ${seal.sealId}`,
        remedy: 'Authorise them for the seal (Identities → Seals, or `affix seal authorize`), or choose a person who is.',
      };
    }
    return null;
  }

  /** Refuses (anchoring seal.refused, then throwing REFUSED with what to do) unless the person may use the seal now. */
  checkUse(sealId: string, personId: string, at = this.clock()): SealView {
    const seal = this.get(sealId);
    const refused = this.refusal(seal, personId, at);
    if (refused) {
      this.ledger.append({ type: 'seal.refused', subjects: [seal.recordSha256], refs: { sealId, personId, reason: refused.reason, at: at.toISOString() } });
      throw new AffixError('REFUSED', `Use of seal “${seal.name}” refused: ${refused.reason}. ${refused.remedy}`);
    }
    return seal;
  }

  /** Anchors one use of the seal: the signed attributes' digest ties the entry to the signature made. */
  anchorUse(seal: SealView, personId: string, signedAttrsSha256: string, documentSha256?: string, approval: Record<string, string> = {}): void {
    this.ledger.append({
      type: 'seal.used',
      subjects: [seal.recordSha256, signedAttrsSha256, ...(documentSha256 ? [documentSha256] : [])],
      actorKeyId: seal.certSerial,
      refs: { sealId: seal.sealId, personId, ...approval },
    });
  }
}
