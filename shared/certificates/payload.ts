/**
 * The certificate's QR code: a CWT (RFC 8392) in a COSE_Sign1 signed with
 * the office's seal key, zlib-compressed (RFC 1950), Base45-encoded (RFC
 * 9285) and prefixed `AFX1:` — the EU Digital COVID Certificate's
 * construction (`HC1:`), so that the code stays in the QR alphanumeric mode
 * and verifies offline.
 *
 * Claims: iss (1) the issuing office's USCC, sub (2) the certificate number,
 * iat (6) when it was issued, nbf (5) / exp (4) its validity, status (65535)
 * its place in the office's status list (draft-ietf-oauth-status-list §6.2:
 * {"status_list": {"idx", "uri"}}), and one private-use claim (-65537, RFC
 * 8392 §9.1: below -65536) holding what else the certificate prints: type,
 * holder and the holder's number.
 */
import { unzlibSync, zlibSync } from 'fflate';
import { base45Decode, base45Encode } from './base45';
import { cborDecode, cborEncode } from './cbor';
import { coseSign1, decodeCoseSign1, type CoseSign1 } from './cose';

export const QR_PREFIX = 'AFX1:';
/** A QR code holds at most 4,296 alphanumeric characters (version 40-L). */
export const MAX_QR_TEXT = 4296;
const MAX_INFLATED = 64 * 1024;

export const CLAIM_ISS = 1;
export const CLAIM_SUB = 2;
export const CLAIM_EXP = 4;
export const CLAIM_NBF = 5;
export const CLAIM_IAT = 6;
export const CLAIM_STATUS = 65535;
export const CLAIM_CERTIFICATE = -65537;
const CERT_TYPE = 1;
const CERT_HOLDER = 2;
const CERT_HOLDER_ID = 3;

export interface CertificateClaims {
  /** The certificate number (sub). */
  number: string;
  /** What kind of certificate, as printed (e.g. 营业执照). */
  type: string;
  holder: string;
  holderId?: string;
  /** The issuing office's USCC (iss). */
  issuerUscc: string;
  /** NumericDate seconds. */
  issuedAt: number;
  validFrom?: number;
  validUntil?: number;
  status: { idx: number; uri: string };
}

export async function encodeClaims(c: CertificateClaims): Promise<Uint8Array> {
  const cert = new Map<number, string>([
    [CERT_TYPE, c.type],
    [CERT_HOLDER, c.holder],
  ]);
  if (c.holderId) cert.set(CERT_HOLDER_ID, c.holderId);
  const claims = new Map<number, unknown>([
    [CLAIM_ISS, c.issuerUscc],
    [CLAIM_SUB, c.number],
    [CLAIM_IAT, c.issuedAt],
  ]);
  if (c.validFrom !== undefined) claims.set(CLAIM_NBF, c.validFrom);
  if (c.validUntil !== undefined) claims.set(CLAIM_EXP, c.validUntil);
  claims.set(
    CLAIM_STATUS,
    new Map([
      [
        'status_list',
        new Map<string, unknown>([
          ['idx', c.status.idx],
          ['uri', c.status.uri],
        ]),
      ],
    ]),
  );
  claims.set(CLAIM_CERTIFICATE, cert);
  return cborEncode(claims);
}

export async function decodeClaims(payload: Uint8Array): Promise<CertificateClaims> {
  const m = await cborDecode(payload);
  if (!(m instanceof Map)) throw new Error('the payload is not a CWT claims map');
  const text = (v: unknown, what: string): string => {
    if (typeof v !== 'string' || v.length === 0) throw new Error(`the payload's ${what} is missing or not text`);
    return v;
  };
  const date = (v: unknown, what: string): number | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new Error(`the payload's ${what} is not a NumericDate`);
    return v;
  };
  const cert = m.get(CLAIM_CERTIFICATE);
  if (!(cert instanceof Map)) throw new Error('the payload has no certificate claim');
  const status = m.get(CLAIM_STATUS);
  const list = status instanceof Map ? status.get('status_list') : undefined;
  if (!(list instanceof Map)) throw new Error('the payload has no status list reference');
  const idx = list.get('idx');
  if (typeof idx !== 'number' || !Number.isSafeInteger(idx) || idx < 0) throw new Error('the status list index is not a non-negative integer');
  const holderId = cert.get(CERT_HOLDER_ID);
  const issuedAt = date(m.get(CLAIM_IAT), 'iat');
  if (issuedAt === undefined) throw new Error("the payload's iat is missing");
  return {
    number: text(m.get(CLAIM_SUB), 'certificate number (sub)'),
    type: text(cert.get(CERT_TYPE), 'certificate type'),
    holder: text(cert.get(CERT_HOLDER), 'holder'),
    holderId: holderId === undefined ? undefined : text(holderId, 'holder number'),
    issuerUscc: text(m.get(CLAIM_ISS), 'issuer (iss)'),
    issuedAt,
    validFrom: date(m.get(CLAIM_NBF), 'nbf'),
    validUntil: date(m.get(CLAIM_EXP), 'exp'),
    status: { idx, uri: text(list.get('uri'), 'status list uri') },
  };
}

/** The QR text of a signed certificate payload. */
export async function encodeQrText(
  claims: CertificateClaims,
  kid: Uint8Array,
  sign: (tbs: Uint8Array) => Uint8Array | Promise<Uint8Array>,
): Promise<{ text: string; cose: Uint8Array }> {
  const cose = await coseSign1(await encodeClaims(claims), kid, sign);
  return { text: QR_PREFIX + base45Encode(zlibSync(cose, { level: 9 })), cose };
}

/**
 * zlib (RFC 1950) decoding that checks what fflate leaves unchecked: the
 * header (CM 8, FCHECK, no preset dictionary) and the Adler-32 of the
 * output against the trailer — so an altered trailer is an error, not
 * silently ignored.
 */
export function strictUnzlib(packed: Uint8Array): Uint8Array | null {
  if (packed.length < 6) return null;
  // At least 6 bytes (checked above): the DataView reads below are in range.
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const cmf = view.getUint8(0);
  const flg = view.getUint8(1);
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || (cmf * 256 + flg) % 31 !== 0 || flg & 0x20) return null;
  let out: Uint8Array;
  try {
    out = unzlibSync(packed);
  } catch {
    return null;
  }
  const expected = view.getUint32(packed.length - 4); // big-endian, as RFC 1950 stores ADLER32
  return adler32(out) === expected ? out : null;
}

export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < bytes.length;) {
    const end = Math.min(bytes.length, i + 5552);
    for (; i < end; i++) {
      a += bytes[i]!; // i < end ≤ bytes.length
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

export class QrFormatError extends Error {
  constructor(
    message: string,
    /** true: not an Affix certificate code at all (bad input); false: one that is damaged or altered. */
    readonly foreign: boolean,
  ) {
    super(message);
    this.name = 'QrFormatError';
  }
}

/** Unwraps the QR text down to the COSE_Sign1; throws QrFormatError naming the layer that failed. */
export async function decodeQrText(text: string): Promise<{ cose: Uint8Array; sign1: CoseSign1 }> {
  const trimmed = text.trim();
  if (!trimmed.startsWith(QR_PREFIX)) throw new QrFormatError(`the code does not start with ${QR_PREFIX}: it is not an Affix certificate code`, true);
  if (trimmed.length > MAX_QR_TEXT) throw new QrFormatError('the code is longer than any QR code can hold', true);
  const packed = base45Decode(trimmed.slice(QR_PREFIX.length));
  if (!packed) throw new QrFormatError('the code is not valid Base45 (RFC 9285): damaged or altered', false);
  const cose = strictUnzlib(packed);
  if (!cose) throw new QrFormatError('the code does not inflate (zlib, RFC 1950, with its Adler-32): damaged or altered', false);
  if (cose.length > MAX_INFLATED) throw new QrFormatError('the code inflates to more than 64 KiB', false);
  try {
    return { cose, sign1: await decodeCoseSign1(cose) };
  } catch (error) {
    throw new QrFormatError(`the code is not a COSE_Sign1: ${(error as Error).message}`, false);
  }
}
