/**
 * The time-stamping authority role (RFC 3161). A consortium node — a court,
 * a notary — runs one: its certificate is issued by the organisation's
 * issuing CA with extendedKeyUsage id-kp-timeStamping alone, marked critical
 * (RFC 3161 §2.3), and its key is sealed under the vault's master key like
 * every other workspace-held key.
 *
 * Each issued token is anchored on the ledger (`timestamp.issued`, subject
 * the token's SHA-256) before the reply leaves: replies wait for the commit.
 * Requests that arrive together share one commit (group commit): one fsync
 * for a batch instead of one per token, run off the event loop so the next
 * batch is signed meanwhile; durability costs little under load and nothing
 * is ever handed out unrecorded.
 */
import { x509 } from '../../core/x509/peculiar-x509';
import { createHash, createPrivateKey, randomFillSync, randomUUID } from 'node:crypto';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { NewLedgerEntry } from '../../../../shared/ledger/entry-types';
import type { Vault } from '../../domain/identity/vault';
import type { LedgerService } from '../../domain/ledger/ledger-service';
import { generateKey, importPrivateKey, SIGNING_ALGORITHM } from '../../domain/pki/key-pair';
import type { PkiService } from '../../domain/pki/pki-service';
import { toPem } from '../../../../shared/asn1/pem';
import { newSerial, orgName } from '../../domain/pki/profiles';
import type { Db } from '../../core/store/database';
import { GroupCommit } from '../../core/store/group-commit';
import { parseTimestampRequest, RequestRefused } from './timestamp-request';
import { issueToken, rejection, type TsaSigner } from './timestamp-token';
import { OID } from '../../../../shared/asn1/oids';
import { MAX_QUERY_BYTES } from './tsa-http';

/** ETSI EN 319 421 best-practices time-stamp policy, the default policy of an Affix TSA. */
export const DEFAULT_TSA_POLICY = OID.etsiTsaPolicy;
const YEAR = 365 * 86400_000;

export interface TsaView {
  id: string;
  name: string;
  orgId: string;
  certSerial: string;
  policy: string;
  notBefore: string;
  notAfter: string;
  /** The TSA certificate, then its issuers up to the root (PEM). */
  certificatePem: string;
  chainPem: string[];
  createdAt: string;
  /** Tokens it has issued (each anchored on the ledger). */
  tokensIssued: number;
}

interface Row {
  id: string;
  name: string;
  org_id: string;
  cert_serial: string;
  cert_der: Buffer;
  issuer_serial: string;
  key_id: string;
  key_secret: Buffer;
  policy: string;
  created_at: string;
}

export type TsaReply =
  | { status: 'granted'; reply: Uint8Array; token: Uint8Array; serial: string; genTime: Date; ledgerIndex: number }
  | { status: 'rejection'; reply: Uint8Array; reason: string };

export class TsaService {
  constructor(
    private readonly db: Db,
    private readonly vault: Vault,
    private readonly pki: PkiService,
    private readonly ledger: LedgerService,
  ) {}

  /** Creates a TSA of an organisation (the only one when `orgId` is omitted). */
  async init(input: { name: string; orgId?: string; passphrase: string; policy?: string; years?: number }): Promise<TsaView> {
    const name = input.name.trim();
    if (!name || name.length > 200) throw badInput('The TSA needs a name (1–200 characters).');
    if (this.db.prepare('SELECT 1 FROM tsa_authorities WHERE name = ?').get(name)) throw new AffixError('CONFLICT', `A TSA named "${name}" already exists.`);
    const policy = input.policy ?? DEFAULT_TSA_POLICY;
    if (!/^[0-2](\.(0|[1-9]\d{0,8}))+$/.test(policy)) throw badInput(`--policy must be an OID such as ${DEFAULT_TSA_POLICY}, got "${policy}"`);
    const orgs = this.pki.listOrgs();
    const org = input.orgId ? this.pki.org(input.orgId) : orgs.length === 1 ? orgs[0] : undefined;
    if (!org)
      throw badInput(
        orgs.length ? 'Several organisations: choose one with --org ORG_ID.' : 'No organisation in this workspace: create one first (affix org create).',
      );
    this.vault.unlock(input.passphrase);
    const issuerCert = new x509.X509Certificate(new Uint8Array(this.pki.certificateDer(org.issuingSerial)));
    const issuerKey = await importPrivateKey(this.pki.privateKey(org.issuingSerial));
    const key = await generateKey();
    const now = Date.now();
    const notAfter = new Date(Math.min(now + (input.years ?? 5) * YEAR, issuerCert.notAfter.getTime()));
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: newSerial(),
      subject: orgName(org.legalName, org.uscc, name),
      issuer: issuerCert.subjectName,
      publicKey: key.keys.publicKey,
      signingKey: issuerKey,
      notBefore: new Date(now - 60_000),
      notAfter,
      signingAlgorithm: SIGNING_ALGORITHM,
      extensions: [
        await x509.SubjectKeyIdentifierExtension.create(key.keys.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(issuerCert.publicKey),
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        new x509.ExtendedKeyUsageExtension([OID.kpTimeStamping], true),
      ],
    });
    const id = `tsa-${randomUUID()}`;
    const keyId = `key-${randomUUID()}`;
    const der = Buffer.from(cert.rawData);
    const serial = cert.serialNumber.toLowerCase();
    const certSha = createHash('sha256').update(der).digest('hex');
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO tsa_authorities (id, name, org_id, cert_serial, cert_der, issuer_serial, key_id, key_secret, policy, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(id, name, org.id, serial, der, org.issuingSerial, keyId, this.vault.wrap(key.pkcs8, keyId), policy, new Date(now).toISOString());
      this.ledger.appendMany([
        { type: 'key.created', subjects: [createHash('sha256').update(key.spki).digest('hex')], refs: { keyId, orgId: org.id, purpose: 'tsa' } },
        { type: 'certificate.issued', subjects: [certSha], actorKeyId: org.issuingSerial, refs: { serial, orgId: org.id, purpose: 'tsa' } },
      ]);
    })();
    return this.get(id);
  }

  list(): TsaView[] {
    return this.db
      .prepare<[], Row>('SELECT * FROM tsa_authorities ORDER BY created_at, id')
      .all()
      .map((r) => this.view(r));
  }

  /** A TSA by id or name; without one, the workspace's only TSA. */
  get(idOrName?: string): TsaView {
    return this.view(this.row(idOrName));
  }

  private row(idOrName?: string): Row {
    if (idOrName) {
      const r = this.db.prepare<[string, string], Row>('SELECT * FROM tsa_authorities WHERE id = ? OR name = ?').get(idOrName, idOrName);
      if (!r) throw new AffixError('NOT_FOUND', `No TSA "${idOrName}" in this workspace.`);
      return r;
    }
    const all = this.db.prepare<[], Row>('SELECT * FROM tsa_authorities').all();
    if (all.length === 1) return all[0];
    throw badInput(all.length ? 'Several TSAs: name one with --tsa-id.' : 'This workspace runs no TSA: create one with "affix tsa init --name NAME".');
  }

  private view(r: Row): TsaView {
    const cert = new x509.X509Certificate(new Uint8Array(r.cert_der));
    return {
      id: r.id,
      name: r.name,
      orgId: r.org_id,
      certSerial: r.cert_serial,
      policy: r.policy,
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      certificatePem: toPem(r.cert_der, 'CERTIFICATE'),
      chainPem: this.pki.chain(r.issuer_serial).map((d) => toPem(d, 'CERTIFICATE')),
      createdAt: r.created_at,
      tokensIssued: this.db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM tsa_tokens WHERE authority_id = ?').get(r.id)!.n,
    };
  }

  /** Opens a TSA for issuing (unseals its key; the vault needs the workspace passphrase). */
  open(idOrName: string | undefined, passphrase: string, options: { accuracyMs?: number; now?: () => Date } = {}): TsaEngine {
    const r = this.row(idOrName);
    this.vault.unlock(passphrase);
    const key = createPrivateKey({ key: this.vault.unwrap(r.key_secret, r.key_id), format: 'der', type: 'pkcs8' });
    const issuers = this.pki.chain(r.issuer_serial);
    return new TsaEngine(
      this.db,
      this.ledger,
      r.id,
      { key, certificates: [new Uint8Array(r.cert_der), new Uint8Array(issuers[0])], policy: r.policy, accuracyMs: options.accuracyMs ?? 1000 },
      options.now,
    );
  }
}

interface Pending {
  serial: string;
  tokenSha256: string;
  genTime: Date;
  resolve: (index: number) => void;
  reject: (error: unknown) => void;
}

/**
 * Token serials: 16 random bytes, the first with its top bit cleared (a
 * positive INTEGER) and its low bit set (no leading zero byte), as before.
 * Drawn from a pooled CSPRNG buffer, each byte used once: one call into the
 * generator per 256 serials rather than one per token.
 */
class SerialSource {
  private readonly pool = Buffer.alloc(4096);
  private at = this.pool.length;

  next(): Uint8Array {
    if (this.at + 16 > this.pool.length) {
      randomFillSync(this.pool);
      this.at = 0;
    }
    const serial = new Uint8Array(this.pool.subarray(this.at, this.at + 16));
    this.at += 16;
    serial[0] = (serial[0] & 0x7f) | 0x01;
    return serial;
  }
}

/** One open TSA: answers queries, anchoring each token with group commit. */
export class TsaEngine {
  private pending: Pending[] = [];
  private readonly serials = new SerialSource();
  private scheduled = false;
  private readonly insert;
  private readonly commits: GroupCommit;

  constructor(
    db: Db,
    private readonly ledger: LedgerService,
    readonly authorityId: string,
    private readonly signer: TsaSigner,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.insert = db.prepare('INSERT INTO tsa_tokens (authority_id, serial, token_sha256, gen_time, ledger_index) VALUES (?, ?, ?, ?, ?)');
    this.commits = new GroupCommit(db);
  }

  /** Lets go of the engine's file handle once pending commits are on disk (a later query reopens it). */
  close(): void {
    this.commits.close();
  }

  get certificates(): Uint8Array[] {
    return this.signer.certificates;
  }

  /** Answers a DER TimeStampReq with a DER TimeStampResp; a granted token is on the ledger when this resolves. */
  async respond(query: Uint8Array): Promise<TsaReply> {
    let req;
    try {
      req = parseTimestampRequest(query);
    } catch (error) {
      if (error instanceof RequestRefused) return { status: 'rejection', reply: rejection(error.failure, error.message), reason: error.message };
      return { status: 'rejection', reply: rejection('badDataFormat', 'the query cannot be read'), reason: 'the query cannot be read' };
    }
    if (req.reqPolicy && req.reqPolicy !== this.signer.policy) {
      const reason = `policy ${req.reqPolicy} is not offered (this TSA issues under ${this.signer.policy})`;
      return { status: 'rejection', reply: rejection('unacceptedPolicy', reason), reason };
    }
    const issued = issueToken(this.signer, req, this.serials.next(), this.now());
    try {
      const ledgerIndex = await this.anchor(issued.serialHex, createHash('sha256').update(issued.token).digest('hex'), issued.genTime);
      return { status: 'granted', reply: issued.reply, token: issued.token, serial: issued.serialHex, genTime: issued.genTime, ledgerIndex };
    } catch (error) {
      const reason = `the token could not be recorded: ${error instanceof Error ? error.message : String(error)}`;
      return { status: 'rejection', reply: rejection('systemFailure', 'the token could not be recorded'), reason };
    }
  }

  /** Answers one query read from a file (the air-gapped TSA): the granted reply, or a clear refusal naming `what`. */
  async stamp(query: Uint8Array, what: string): Promise<Extract<TsaReply, { status: 'granted' }>> {
    if (query.length > MAX_QUERY_BYTES) throw badInput(`${what} is not a time-stamp query: ${query.length} bytes, a query is at most ${MAX_QUERY_BYTES}.`);
    const r = await this.respond(query);
    if (r.status === 'rejection') throw badInput(`The query ${what} is refused: ${r.reason}`);
    return r;
  }

  private anchor(serial: string, tokenSha256: string, genTime: Date): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ serial, tokenSha256, genTime, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /**
   * One transaction for every token issued since the last flush; its fsync
   * runs off the event loop (GroupCommit) and the tokens are released only
   * once it has completed, while the next batch is already being signed.
   */
  private flush(): void {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    this.commits
      .commit(() => {
        const entries: NewLedgerEntry[] = batch.map((p) => ({
          type: 'timestamp.issued',
          subjects: [p.tokenSha256],
          refs: { tsa: this.authorityId, serial: p.serial },
          time: p.genTime.toISOString(),
        }));
        const r = this.ledger.appendMany(entries);
        batch.forEach((p, i) => this.insert.run(this.authorityId, p.serial, p.tokenSha256, p.genTime.toISOString(), r[i].index));
        return r;
      })
      .then(
        (receipts) => batch.forEach((p, i) => p.resolve(receipts[i].index)),
        (error: unknown) => {
          for (const p of batch) p.reject(error);
        },
      );
  }
}
