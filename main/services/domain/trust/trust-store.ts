/**
 * What verification trusts in this workspace: every organisation's root CA
 * (made here, listed by the PKI) plus CA certificates the user imported, e.g.
 * a counterparty's root or a national CA. Only CA certificates are accepted:
 * a leaf certificate as an anchor would make any signature by that one key
 * "trusted" without a chain, which is not what a clerk means by trusting it.
 * An expired anchor is kept and flagged; verification judges it at the time
 * of each signature.
 */
import { isPem, parsePem } from '../../../../shared/asn1/pem';
import { x509 } from '../../core/x509/peculiar-x509';
import { readFileSync } from 'node:fs';
import type { TrustAnchor } from '../../../../shared/contract/settings';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import { sha256Hex } from '../../../../shared/identity/record-hash';
import type { Db } from '../../core/store/database';
import { fileError, fsProblem } from '../../core/fs/fs-errors';

/** An organisation's root CA, as the PKI lists it. */
export interface OrgRoot {
  org: { id: string; legalName: string };
  der: Uint8Array;
}

/** One certificate from PEM or DER bytes; anything else is refused with what was found instead. */
export function parseCertificateFile(bytes: Uint8Array, name: string): Uint8Array<ArrayBuffer> {
  let der: Uint8Array = bytes;
  if (isPem(bytes)) {
    const blocks = parsePem(bytes, name);
    const certs = blocks.filter((b) => b.label === 'CERTIFICATE' || b.label === 'X509 CERTIFICATE' || b.label === 'TRUSTED CERTIFICATE');
    if (certs.length === 0) throw badInput(`${name} holds no certificate (it holds ${blocks.map((b) => b.label).join(', ')}).`);
    if (certs.length > 1) throw badInput(`${name} holds ${certs.length} certificates; import them one at a time.`);
    der = certs[0].der;
  }
  try {
    new x509.X509Certificate(new Uint8Array(der));
  } catch (error) {
    throw badInput(`${name} is not an X.509 certificate (PEM or DER): ${error instanceof Error ? error.message : String(error)}`, error);
  }
  return new Uint8Array(der);
}

/** Refuses a certificate that may not issue certificates. */
function requireCa(cert: x509.X509Certificate, name: string): void {
  const basic = cert.getExtension(x509.BasicConstraintsExtension);
  if (!basic?.ca) {
    throw badInput(
      `${name} is not a CA certificate (${basic ? 'its basic constraints say cA=false' : 'it has no basic constraints extension'}); only a CA can be a trust anchor. Subject: ${cert.subject}`,
    );
  }
  const usage = cert.getExtension(x509.KeyUsagesExtension);
  if (usage && (usage.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
    throw badInput(`${name} is marked CA but its key usage does not allow signing certificates (no keyCertSign). Subject: ${cert.subject}`);
  }
}

function view(der: Uint8Array, source: Pick<TrustAnchor, 'source' | 'org' | 'importedAt'>, now = new Date()): TrustAnchor {
  const cert = new x509.X509Certificate(new Uint8Array(der));
  return {
    sha256: sha256Hex(der),
    subject: cert.subject,
    issuer: cert.issuer,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    validity: now < cert.notBefore ? 'not-yet-valid' : now > cert.notAfter ? 'expired' : 'valid',
    selfSigned: cert.subject === cert.issuer,
    ...source,
  };
}

export class TrustStore {
  constructor(
    private readonly db: Db,
    private readonly orgRoots: () => OrgRoot[],
  ) {}

  private imported(): { sha256: string; der: Buffer; imported_at: string }[] {
    return this.db
      .prepare<[], { sha256: string; der: Buffer; imported_at: string }>('SELECT sha256, der, imported_at FROM trust_anchors ORDER BY imported_at, sha256')
      .all();
  }

  /** The anchors verification uses (DER): organisation roots first, then imported CAs. */
  anchors(): Uint8Array[] {
    return [...this.orgRoots().map((r) => r.der), ...this.imported().map((r) => new Uint8Array(r.der))];
  }

  list(): TrustAnchor[] {
    return [
      ...this.orgRoots().map((r) => view(r.der, { source: 'organisation', org: r.org, importedAt: null })),
      ...this.imported().map((r) => view(r.der, { source: 'imported', org: null, importedAt: r.imported_at })),
    ];
  }

  importFile(path: string): TrustAnchor {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw fileError(`Cannot read the certificate file ${path}: ${fsProblem(error)}`, path, error);
    }
    return this.importBytes(bytes, path);
  }

  importBytes(bytes: Uint8Array, name: string): TrustAnchor {
    const der = parseCertificateFile(bytes, name);
    requireCa(new x509.X509Certificate(der), name);
    const sha256 = sha256Hex(der);
    const root = this.orgRoots().find((r) => sha256Hex(r.der) === sha256);
    if (root) throw new AffixError('CONFLICT', `${name} is already trusted: it is the root CA of ${root.org.legalName}.`);
    if (this.db.prepare('SELECT 1 FROM trust_anchors WHERE sha256 = ?').get(sha256)) {
      throw new AffixError('CONFLICT', `${name} is already a trust anchor (SHA-256 ${sha256}).`);
    }
    const importedAt = new Date().toISOString();
    this.db.prepare('INSERT INTO trust_anchors (sha256, der, imported_at) VALUES (?, ?, ?)').run(sha256, Buffer.from(der), importedAt);
    return view(der, { source: 'imported', org: null, importedAt });
  }

  remove(sha256: string): { sha256: string } {
    if (this.orgRoots().some((r) => sha256Hex(r.der) === sha256)) {
      throw new AffixError('REFUSED', "An organisation's own root CA is always trusted in its workspace; it cannot be removed here.");
    }
    if (this.db.prepare('DELETE FROM trust_anchors WHERE sha256 = ?').run(sha256).changes === 0) {
      throw new AffixError('NOT_FOUND', `No imported trust anchor with SHA-256 ${sha256}.`);
    }
    return { sha256 };
  }
}
