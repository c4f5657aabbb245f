/**
 * The keys a signature can come from. Workspace keys are files under
 * <home>/keys/ (one JSON record each: certificate in the clear, private key
 * sealed); PKCS#12 files and PKCS#11 tokens are opened where they are and
 * never copied. Every source resolves to a `Signer`; private keys never leave
 * the main process.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KeySummary } from '../../../../shared/contract/keys';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { Anchor } from '../../../../shared/ledger/entry-types';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { openWithPassphrase, sealWithPassphrase } from '../../core/secrets/passphrase-box';
import type { SecretProtector } from '../../core/secrets/protector';
import type { Workspace } from '../../core/workspace/workspace';
import { pkcs11Signer, type Pkcs11Request } from './pkcs11-signer';
import { pkcs12Signer } from './pkcs12';
import type { KeyUse } from './key-use';
import type { Signer, SigningKey } from './signer';
import { softwareSigner } from './software-key';

export type KeySource =
  /** A workspace key (16 hex digits), or a seal (seal-…, used on behalf of `asPersonId`) or a person's certificate (person-…). */
  | { kind: 'workspace'; id: string; passphrase: string; asPersonId?: string; pin?: string }
  | { kind: 'pkcs12'; path: string; password: string }
  | ({ kind: 'pkcs11' } & Pkcs11Request);

interface KeyRecord {
  format: 'affix-key/1';
  id: string;
  label: string;
  algorithm: 'ecdsa-p256-sha256';
  createdAt: string;
  certificate: string;
  /** base64 of protector.wrap(sealWithPassphrase(P-256 scalar)). */
  sealedKey: string;
}

const ID_PATTERN = /^[0-9a-f]{16}$/;
const IDENTITY_KEY = /^(seal|person)-/;

/** Resolves a seal or person id to its key, enforcing authorisation and validity (the identity services do). */
/** `use.documentSha256` names the document being signed (a seal's seal.used entry records it). */
export type IdentityKeyResolver = (id: string, passphrase: string, asPersonId: string | undefined, use?: KeyUse) => SigningKey;

export class KeysService {
  constructor(
    private readonly ws: Workspace,
    private readonly protector: SecretProtector,
    private readonly anchor?: Anchor,
    private readonly identityKeys?: IdentityKeyResolver,
  ) {}

  private get dir(): string {
    return join(this.ws.home, 'keys');
  }

  async create(label: string, passphrase: string): Promise<KeySummary> {
    const name = label.trim();
    if (name.length === 0 || name.length > 128) throw badInput('A key label must be 1 to 128 characters long.');
    if (passphrase.length < 8) throw badInput('A key passphrase must be at least 8 characters long.');
    if (this.list().some((k) => k.label === name)) throw new AffixError('CONFLICT', `A key labelled "${name}" already exists.`);
    // Loaded on demand: certificate generation pulls in @peculiar/x509, which signing never needs.
    const { generateSoftwareKey } = await import('./software-key-generator');
    const { secretKey, certificateDer } = await generateSoftwareKey(name);
    const certificateSha256 = createHash('sha256').update(certificateDer).digest('hex');
    const record: KeyRecord = {
      format: 'affix-key/1',
      id: certificateSha256.slice(0, 16),
      label: name,
      algorithm: 'ecdsa-p256-sha256',
      createdAt: new Date().toISOString(),
      certificate: Buffer.from(certificateDer).toString('base64'),
      sealedKey: Buffer.from(this.protector.wrap(sealWithPassphrase(secretKey, passphrase))).toString('base64'),
    };
    secretKey.fill(0);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    writeFileAtomic(join(this.dir, `${record.id}.json`), `${JSON.stringify(record, null, 2)}\n`);
    this.anchor?.append({
      type: 'key.created',
      subjects: [certificateSha256],
      actorKeyId: record.id,
      refs: { keyId: record.id, algorithm: record.algorithm },
      time: record.createdAt,
    });
    return summary(record);
  }

  list(): KeySummary[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((f) => ID_PATTERN.test(f.replace(/\.json$/, '')) && f.endsWith('.json'))
      .map((f) => summary(this.read(f.replace(/\.json$/, ''))))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  get(id: string): KeySummary {
    return summary(this.read(id));
  }

  /** Opens a key for signing; the caller must close() the signer. */
  open(source: KeySource, use?: KeyUse): Signer {
    switch (source.kind) {
      case 'workspace': {
        if (IDENTITY_KEY.test(source.id)) {
          if (!this.identityKeys) throw badInput(`Seal and person keys need the identity services; ${source.id} cannot be opened here.`);
          // Seal and person keys live in the PKI's vault; nothing is held open, so close() has nothing to release.
          return { ...this.identityKeys(source.id, source.passphrase, source.asPersonId, { ...use, pin: source.pin }), close: () => undefined };
        }
        const record = this.read(source.id);
        const secret = openWithPassphrase(this.protector.unwrap(Buffer.from(record.sealedKey, 'base64')), source.passphrase);
        const signer = softwareSigner(secret, Buffer.from(record.certificate, 'base64'), record.id);
        secret.fill(0);
        return signer;
      }
      case 'pkcs12':
        return pkcs12Signer(source.path, source.password);
      case 'pkcs11':
        return pkcs11Signer(source);
    }
  }

  /** Each workspace key's passphrase box (protector layer removed), for a passphrase change. */
  passphraseBoxes(): { id: string; label: string; box: Buffer }[] {
    return this.list().map((k) => ({ id: k.id, label: k.label, box: Buffer.from(this.protector.unwrap(Buffer.from(this.read(k.id).sealedKey, 'base64'))) }));
  }

  /** Where key `id` is kept and its file's text with `box` as its sealed key; the caller writes it (atomically, with the rest of a passphrase change). */
  fileWithBox(id: string, box: Uint8Array): { path: string; text: string } {
    const record: KeyRecord = { ...this.read(id), sealedKey: Buffer.from(this.protector.wrap(box)).toString('base64') };
    return { path: join(this.dir, `${id}.json`), text: `${JSON.stringify(record, null, 2)}\n` };
  }

  private read(id: string): KeyRecord {
    if (!ID_PATTERN.test(id)) throw badInput(`"${id}" is not a key id (16 hex digits; see "affix key list").`);
    const path = join(this.dir, `${id}.json`);
    if (!existsSync(path)) throw new AffixError('NOT_FOUND', `No workspace key with id ${id}.`);
    try {
      const r = JSON.parse(readFileSync(path, 'utf8')) as KeyRecord;
      if (r.format !== 'affix-key/1' || r.id !== id) throw new Error('unknown format');
      return r;
    } catch (error) {
      throw badInput(`Key file ${path} is damaged: ${(error as Error).message}`, error);
    }
  }
}

function summary(r: KeyRecord): KeySummary {
  const der = Buffer.from(r.certificate, 'base64');
  const cert = new X509Certificate(der);
  return {
    id: r.id,
    label: r.label,
    algorithm: r.algorithm,
    createdAt: r.createdAt,
    subject: cert.subject.replace(/\n/g, ', '),
    notAfter: new Date(cert.validTo).toISOString(),
    certificateSha256: createHash('sha256').update(der).digest('hex'),
    certificatePem: cert.toString(),
  };
}
