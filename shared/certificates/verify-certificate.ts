/**
 * The one verdict on a certificate code, for the CLI (`affix cert verify`)
 * and the offline page (cert-verifier.html) alike: the code unwraps
 * (AFX1: → Base45 → zlib → COSE_Sign1), its key id names a pinned office key,
 * the ES256 signature holds, the claims parse, the dates hold, and the
 * newest status list held (signed by the same office, for this code's list
 * URI) does not mark it revoked.
 *
 * VALID: all hold. REVOKED: the list marks it. FAILED: damaged, altered,
 * signed by another key, or outside its validity. INDETERMINATE: the
 * signature cannot be checked (no pinned key with that id), or the newest
 * list held has expired.
 */
import { toHex } from '../ledger/bytes';
import { verifyEs256 } from './cose';
import type { OfficeKey } from './office-keys';
import { decodeClaims, decodeQrText, QrFormatError, type CertificateClaims } from './payload';
import { decodeStatusList, statusAt, type StatusList } from './status-list';

export type CertVerdict = 'VALID' | 'REVOKED' | 'FAILED' | 'INDETERMINATE';

export interface CertCheck {
  id: 'format' | 'key' | 'signature' | 'claims' | 'validity' | 'status';
  ok: boolean | null;
  detail: string;
}

export interface StatusListInfo {
  uri: string;
  issuedAt: string;
  /** How old the list is at verification time, in seconds. */
  ageSeconds: number;
  expiresAt: string | null;
  expired: boolean;
  revoked: boolean;
}

export interface CertVerification {
  verdict: CertVerdict;
  /** The first failed check's detail (or the verdict's reason). */
  reason: string;
  checks: CertCheck[];
  kid: string | null;
  office: { name: string; uscc: string } | null;
  claims: CertificateClaims | null;
  statusList: StatusListInfo | null;
  /** Status lists given but not usable for this code (wrong office, bad signature, other URI). */
  ignoredLists: string[];
}

/** Thrown for input that is no certificate code at all (exit 2 in the CLI). */
export class NotACertificateCode extends Error {}

const iso = (s: number): string => new Date(s * 1000).toISOString();

export async function verifyCertificateQr(
  text: string,
  options: { offices: readonly OfficeKey[]; statusLists?: readonly Uint8Array[]; now?: Date },
): Promise<CertVerification> {
  const now = options.now ?? new Date();
  const checks: CertCheck[] = [];
  const result = (verdict: CertVerdict, reason: string, extra: Partial<CertVerification> = {}): CertVerification => ({
    verdict,
    reason,
    checks,
    kid: null,
    office: null,
    claims: null,
    statusList: null,
    ignoredLists: [],
    ...extra,
  });
  let decoded;
  try {
    decoded = await decodeQrText(text);
  } catch (error) {
    if (error instanceof QrFormatError && error.foreign) throw new NotACertificateCode(error.message);
    checks.push({ id: 'format', ok: false, detail: (error as Error).message });
    return result('FAILED', (error as Error).message);
  }
  checks.push({ id: 'format', ok: true, detail: 'AFX1: Base45, zlib, COSE_Sign1' });
  const { sign1 } = decoded;
  const kid = sign1.kid ? toHex(sign1.kid) : null;
  const office = kid ? options.offices.find((o) => o.kid === kid) : undefined;
  if (!office) {
    const detail = kid ? `no pinned office key has key id ${kid}` : 'the code names no key id';
    checks.push({ id: 'key', ok: null, detail });
    return result('INDETERMINATE', detail, { kid });
  }
  checks.push({ id: 'key', ok: true, detail: `${office.name} (${kid})` });
  const found = { kid, office: { name: office.name, uscc: office.uscc } };
  if (!(await verifyEs256(sign1, office.publicKey))) {
    checks.push({ id: 'signature', ok: false, detail: `the ES256 signature does not verify with the key of ${office.name}` });
    return result('FAILED', 'the signature does not verify: the code was altered or not signed by this office', found);
  }
  checks.push({ id: 'signature', ok: true, detail: 'ES256 (COSE_Sign1) verifies' });
  let claims: CertificateClaims;
  try {
    claims = await decodeClaims(sign1.payload);
  } catch (error) {
    checks.push({ id: 'claims', ok: false, detail: (error as Error).message });
    return result('FAILED', (error as Error).message, found);
  }
  if (office.uscc && claims.issuerUscc !== office.uscc) {
    checks.push({ id: 'claims', ok: false, detail: `issuer ${claims.issuerUscc} is not the office's USCC ${office.uscc}` });
    return result('FAILED', 'the issuer named in the code is not the office whose key signed it', { ...found, claims });
  }
  checks.push({ id: 'claims', ok: true, detail: `certificate ${claims.number}` });
  const t = Math.floor(now.getTime() / 1000);
  if (claims.validFrom !== undefined && t < claims.validFrom) {
    checks.push({ id: 'validity', ok: false, detail: `not valid before ${iso(claims.validFrom)}` });
    return result('FAILED', `the certificate is not valid before ${iso(claims.validFrom)}`, { ...found, claims });
  }
  if (claims.validUntil !== undefined && t > claims.validUntil) {
    checks.push({ id: 'validity', ok: false, detail: `expired on ${iso(claims.validUntil)}` });
    return result('FAILED', `the certificate expired on ${iso(claims.validUntil)}`, { ...found, claims });
  }
  checks.push({ id: 'validity', ok: true, detail: claims.validUntil !== undefined ? `valid until ${iso(claims.validUntil)}` : 'no end date' });

  const ignoredLists: string[] = [];
  let newest: StatusList | null = null;
  for (const [i, bytes] of (options.statusLists ?? []).entries()) {
    let list: StatusList;
    try {
      list = await decodeStatusList(bytes);
    } catch (error) {
      ignoredLists.push(`list ${i + 1}: ${(error as Error).message}`);
      continue;
    }
    if (list.uri !== claims.status.uri) {
      ignoredLists.push(`list ${i + 1}: it is ${list.uri}, not this code's list ${claims.status.uri}`);
      continue;
    }
    if (!list.kid || toHex(list.kid) !== kid || !(await verifyEs256(list.sign1, office.publicKey))) {
      ignoredLists.push(`list ${i + 1}: not signed by the office key that signed the code`);
      continue;
    }
    if (!newest || list.issuedAt > newest.issuedAt) newest = list;
  }
  if (!newest) {
    checks.push({ id: 'status', ok: null, detail: 'no status list for this code was given: revocation not checked' });
    return result('VALID', 'signature valid; revocation not checked (no status list)', { ...found, claims, ignoredLists });
  }
  const status = statusAt(newest, claims.status.idx);
  const info: StatusListInfo = {
    uri: newest.uri,
    issuedAt: iso(newest.issuedAt),
    ageSeconds: Math.max(0, t - newest.issuedAt),
    expiresAt: newest.expiresAt !== undefined ? iso(newest.expiresAt) : null,
    expired: newest.expiresAt !== undefined && t > newest.expiresAt,
    revoked: status !== null && status !== 0,
  };
  const extra = { ...found, claims, statusList: info, ignoredLists };
  if (status === null) {
    checks.push({
      id: 'status',
      ok: null,
      detail: `the status list of ${info.issuedAt} is older than this certificate (index ${claims.status.idx} beyond its end)`,
    });
    return result('INDETERMINATE', `the newest status list held (${info.issuedAt}) predates this certificate`, extra);
  }
  if (status !== 0) {
    checks.push({ id: 'status', ok: false, detail: `revoked according to the status list of ${info.issuedAt}` });
    return result('REVOKED', `revoked (status list of ${info.issuedAt})`, extra);
  }
  if (info.expired) {
    checks.push({ id: 'status', ok: null, detail: `the newest status list held expired on ${info.expiresAt}` });
    return result('INDETERMINATE', `not revoked as of ${info.issuedAt}, but that status list expired on ${info.expiresAt}`, extra);
  }
  checks.push({ id: 'status', ok: true, detail: `not revoked as of ${info.issuedAt}` });
  return result('VALID', `valid; not revoked as of ${info.issuedAt}`, extra);
}
