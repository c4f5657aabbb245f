/**
 * Persons and their verification records. The record kept in clear (and
 * hashed onto the ledger and into certificates) holds no personal data: the
 * method, the assurance level, the evidence types and one keyed commitment
 * per personal field. The fields themselves, their salts and the document
 * photographs are in the vault under the person's own key.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { commitField, type Disclosure } from '../../../../shared/identity/commitment';
import type { Evidence, Ial } from '../../../../shared/identity/assurance';
import { recordSha256, sha256Hex, type Json } from '../../../../shared/identity/record-hash';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { Anchor } from '../../../../shared/ledger/entry-types';
import type { Db } from '../../core/store/database';
import { inPersonDocumentCheck, type IdentityDocument, type InPersonCheck } from './proofing';
import type { Vault } from './vault';
import { documentTail, maskName, type PersonDisplay } from '../../../../shared/identity/masked-name';

const MAX_PHOTO_BYTES = 20 * 1024 * 1024;

export interface VerifyPersonInput extends InPersonCheck {
  name: string;
  photoPaths: string[];
  /** Photographs already read (dropped or chosen in the window), by the name they were chosen by. */
  photoFiles?: { name: string; bytes: Buffer }[];
  operator: string;
  consentStatement: string;
  requireIal?: Ial;
  passphrase: string;
}

export interface VerificationRecord {
  version: 1;
  recordId: string;
  personId: string;
  method: string;
  ial: Ial;
  evidence: Evidence[];
  documentKind: string;
  consent: true;
  /** field → HMAC commitment (hex). */
  commitments: Record<string, string>;
  verifiedAt: string;
}

export interface PersonView {
  id: string;
  createdAt: string;
  erasedAt: string | null;
  /** Masked name and document tail, for naming the person without the passphrase; null once erased (or verified before it was kept). */
  display: PersonDisplay | null;
  verification: (VerificationRecord & { recordSha256: string; ledgerIndex: number }) | null;
}

export interface PersonalData {
  name: string;
  document: IdentityDocument;
  operator: string;
  consentStatement: string;
  photos: { sha256: string; bytes: number }[];
}

interface Profile extends PersonalData {
  /** field → salt (hex), the openings of the record's commitments. */
  salts: Record<string, string>;
  values: Record<string, string>;
}

function readPhoto(path: string): Buffer {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw badInput(`Photo ${path} cannot be read.`);
  }
  if (size > MAX_PHOTO_BYTES) throw badInput(`Photo ${path} is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB.`);
  return checkPhoto(path, readFileSync(path));
}

/** A photograph the user chose: a JPEG or PNG of bounded size. */
function checkPhoto(path: string, bytes: Buffer): Buffer {
  if (bytes.length > MAX_PHOTO_BYTES) throw badInput(`Photo ${path} is larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB.`);
  const jpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (!jpeg && !png) throw badInput(`Photo ${path} is neither a JPEG nor a PNG image.`);
  return bytes;
}

/** The personal fields committed to, by name. */
function committedValues(name: string, document: IdentityDocument, operator: string, consent: string, photos: string[]): Record<string, string> {
  const doc: Record<string, string> =
    document.kind === 'resident-id'
      ? { idNumber: document.parsed.number, birthDate: document.parsed.birthDate }
      : { documentNumber: document.parsed.documentNumber, mrz: document.parsed.lines.join('\n'), birthDate: document.parsed.birthDate };
  return { name: name.normalize('NFC'), ...doc, operator, consent, ...Object.fromEntries(photos.map((h, i) => [`photo${i + 1}`, h])) };
}

export class IdentityService {
  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly ledger: Anchor,
  ) {}

  verify(input: VerifyPersonInput): PersonView {
    const name = input.name.trim();
    if (name.length === 0) throw badInput('The person needs a name.');
    if (input.operator.trim().length === 0) throw badInput('The witnessing operator must be named.');
    if (input.consentStatement.trim().length === 0) throw badInput('The person has not consented: no consent statement recorded.');
    const outcome = inPersonDocumentCheck.proof(input);
    if (input.requireIal === 'IAL2' && outcome.ial !== 'IAL2')
      throw new AffixError('REFUSED', `IAL2 was required but not reached: ${outcome.shortfalls.join('; ')}.`);
    if (outcome.ial === 'IAL2' && input.photoPaths.length + (input.photoFiles?.length ?? 0) === 0)
      throw badInput('IAL2 needs at least one photograph of the document.');
    const photos = [...input.photoPaths.map(readPhoto), ...(input.photoFiles ?? []).map((f) => checkPhoto(f.name, f.bytes))];
    this.vault.unlock(input.passphrase);

    const personId = `person-${randomUUID()}`;
    const recordId = `idv-${randomUUID()}`;
    const verifiedAt = new Date().toISOString();
    const photoHashes = photos.map(sha256Hex);
    const values = committedValues(name, outcome.document, input.operator.trim(), input.consentStatement.trim(), photoHashes);
    const salts = Object.fromEntries(Object.keys(values).map((k) => [k, randomBytes(16).toString('hex')]));
    const commitments = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, commitField(k, v, salts[k])]));
    const record: VerificationRecord = {
      version: 1,
      recordId,
      personId,
      method: outcome.method,
      ial: outcome.ial,
      evidence: outcome.evidence,
      documentKind: outcome.document.kind === 'resident-id' ? 'resident-id' : `mrz-${outcome.document.parsed.format}`,
      consent: true,
      commitments,
      verifiedAt,
    };
    const hash = recordSha256(record as unknown as Json);
    const profile: Profile = {
      name,
      document: outcome.document,
      operator: input.operator.trim(),
      consentStatement: input.consentStatement.trim(),
      photos: photos.map((p, i) => ({ sha256: photoHashes[i], bytes: p.length })),
      salts,
      values,
    };
    this.db.transaction(() => {
      const display: PersonDisplay = {
        maskedName: maskName(name),
        documentTail: documentTail(outcome.document.kind === 'resident-id' ? outcome.document.parsed.number : outcome.document.parsed.documentNumber),
      };
      this.db.prepare('INSERT INTO persons (id, created_at, display) VALUES (?, ?, ?)').run(personId, verifiedAt, JSON.stringify(display));
      this.vault.put(personId, 'profile', Buffer.from(JSON.stringify(profile), 'utf8'));
      photos.forEach((p, i) => this.vault.put(personId, `photo${i + 1}`, p));
      const receipt = this.ledger.append({
        type: 'identity.verified',
        subjects: [hash],
        commitments: Object.values(commitments),
        refs: { personId, recordId, ial: outcome.ial, method: outcome.method },
      });
      this.db
        .prepare('INSERT INTO verifications (id, person_id, record, record_sha256, ial, verified_at, ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(recordId, personId, JSON.stringify(record), hash, outcome.ial, verifiedAt, receipt.index);
    })();
    return this.get(personId);
  }

  list(): PersonView[] {
    return this.db
      .prepare<[], { id: string }>('SELECT id FROM persons ORDER BY created_at DESC, id')
      .all()
      .map((r) => this.get(r.id));
  }

  get(personId: string): PersonView {
    const p = this.db
      .prepare<[string], { id: string; created_at: string; erased_at: string | null; display: string | null }>('SELECT * FROM persons WHERE id = ?')
      .get(personId);
    if (!p) throw new AffixError('NOT_FOUND', `No person ${personId} in this workspace.`);
    const v = this.db
      .prepare<[string], { record: string; record_sha256: string; ledger_index: number }>(
        'SELECT record, record_sha256, ledger_index FROM verifications WHERE person_id = ? ORDER BY verified_at DESC LIMIT 1',
      )
      .get(personId);
    return {
      id: p.id,
      createdAt: p.created_at,
      erasedAt: p.erased_at,
      display: p.display ? (JSON.parse(p.display) as PersonDisplay) : null,
      verification: v ? { ...(JSON.parse(v.record) as VerificationRecord), recordSha256: v.record_sha256, ledgerIndex: v.ledger_index } : null,
    };
  }

  /** A person who may receive a certificate or use a seal: verified and not erased. */
  requireActive(personId: string): PersonView & { verification: NonNullable<PersonView['verification']> } {
    const p = this.get(personId);
    if (p.erasedAt) throw new AffixError('REFUSED', `Person ${personId} was erased on ${p.erasedAt}.`);
    if (!p.verification) throw new AffixError('REFUSED', `Person ${personId} has no identity verification.`);
    return p as PersonView & { verification: NonNullable<PersonView['verification']> };
  }

  personalData(personId: string, passphrase: string): PersonalData {
    const { salts: _s, values: _v, ...data } = this.profile(personId, passphrase);
    return data;
  }

  private profile(personId: string, passphrase: string): Profile {
    const p = this.get(personId);
    if (p.erasedAt) throw new AffixError('NOT_FOUND', `Person ${personId} was erased on ${p.erasedAt}; their personal data no longer exists.`);
    this.vault.unlock(passphrase);
    return JSON.parse(this.vault.get(personId, 'profile').toString('utf8')) as Profile;
  }

  /** Openings of chosen commitments, for an evidence export: a court recomputes each HMAC and finds it in the ledger entry. */
  disclose(
    personId: string,
    fields: string[],
    passphrase: string,
  ): { disclosures: (Disclosure & { commitment: string })[]; recordSha256: string; ledgerIndex: number } {
    const profile = this.profile(personId, passphrase);
    const v = this.get(personId).verification!;
    const unknown = fields.filter((f) => !(f in profile.values));
    if (unknown.length > 0) throw badInput(`Cannot disclose ${unknown.join(', ')}: the record commits to ${Object.keys(profile.values).join(', ')}.`);
    return {
      disclosures: fields.map((field) => ({ field, value: profile.values[field], salt: profile.salts[field], commitment: v.commitments[field] })),
      recordSha256: v.recordSha256,
      ledgerIndex: v.ledgerIndex,
    };
  }

  /** Vault record names other services keep for a person (their certificates, their private keys). */
  putSubjectRecord(personId: string, name: string, bytes: Uint8Array): void {
    this.vault.put(personId, name, bytes);
  }

  getSubjectRecord(personId: string, name: string): Buffer {
    return this.vault.get(personId, name);
  }

  subjectRecordNames(personId: string): string[] {
    return this.vault.names(personId);
  }

  /**
   * Crypto-shredding: the person's key and records go, the clear record of
   * commitments stays (the ledger and certificates refer to it) but can no
   * longer be opened. Must run inside a transaction with the caller's other
   * erasure steps; call `vault.scrub()` after commit (see eraseIdentity).
   */
  eraseInTransaction(personId: string): { recordHashes: string[]; erasedAt: string } {
    const p = this.get(personId);
    if (p.erasedAt) throw new AffixError('CONFLICT', `Person ${personId} was already erased on ${p.erasedAt}.`);
    const erasedAt = new Date().toISOString();
    const recordHashes = this.db
      .prepare<[string], { record_sha256: string }>('SELECT record_sha256 FROM verifications WHERE person_id = ?')
      .all(personId)
      .map((r) => r.record_sha256);
    this.vault.shred(personId);
    this.db.prepare('UPDATE persons SET erased_at = ?, display = NULL WHERE id = ?').run(erasedAt, personId);
    this.ledger.append({ type: 'identity.erased', subjects: recordHashes, refs: { personId } });
    return { recordHashes, erasedAt };
  }
}
