/**
 * Pinned office keys: who a verifier trusts to sign certificate codes. Each
 * is an office seal's certificate; its key id is the first 8 bytes of the
 * certificate's SHA-256, as the EU DCC derives its kid. The file an office
 * hands out (`affix cert office-keys`) lists them with the office's name and
 * USCC; a bare certificate (PEM or DER) is accepted too.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { fromBase64, toHex } from '../ledger/bytes';
import { parseCertificates } from '../verify/certificate';
import { OID } from '../asn1/oids';

export const OFFICE_KEYS_FORMAT = 'affix-certificate-offices';
const P256 = OID.p256;

export interface OfficeKey {
  kid: string;
  name: string;
  uscc: string;
  /** SEC1 uncompressed point. */
  publicKey: Uint8Array;
  certificate: Uint8Array;
  notBefore: Date;
  notAfter: Date;
}

export const OfficeKeysFileSchema = z.object({
  format: z.literal(OFFICE_KEYS_FORMAT),
  version: z.literal(1),
  offices: z
    .array(
      z.object({
        kid: z.string().regex(/^[0-9a-f]{16}$/),
        name: z.string().max(500),
        uscc: z.string().max(64),
        certificate: z.string().max(20000),
      }),
    )
    .max(10000),
});
export type OfficeKeysFile = z.infer<typeof OfficeKeysFileSchema>;

export const kidOf = (certificateDer: Uint8Array): Uint8Array => sha256(certificateDer).subarray(0, 8);

export function officeFromCertificate(der: Uint8Array, name?: string, uscc?: string): OfficeKey {
  const [cert] = parseCertificates(der);
  if (cert === undefined) throw new Error('the file holds no certificate');
  if (cert.publicKey.curveOid !== P256) throw new Error(`certificate ${cert.subject} does not hold a P-256 key (ES256 needs one)`);
  return {
    kid: toHex(kidOf(cert.der)),
    name: name ?? cert.subject,
    uscc: uscc ?? '',
    publicKey: cert.publicKey.keyBytes,
    certificate: cert.der,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
  };
}

/** Reads an office keys file, or PEM/DER certificates; throws naming the problem. */
export function parseOfficeKeys(bytes: Uint8Array): OfficeKey[] {
  const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 64)).trimStart();
  if (head.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      throw new Error('the office keys file is not valid JSON');
    }
    const parsed = OfficeKeysFileSchema.safeParse(json);
    if (!parsed.success)
      throw new Error(
        `the office keys file is not an ${OFFICE_KEYS_FORMAT} file: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    return parsed.data.offices.map((o) => {
      const der = fromBase64(o.certificate);
      if (!der) throw new Error(`office ${o.kid}: the certificate is not base64`);
      const key = officeFromCertificate(der, o.name, o.uscc);
      if (key.kid !== o.kid) throw new Error(`office ${o.kid}: the key id does not match its certificate (${key.kid})`);
      return key;
    });
  }
  return parseCertificates(bytes).map((c) => officeFromCertificate(c.der));
}
