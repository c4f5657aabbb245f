/**
 * A signature timestamp (RFC 3161 token in the CMS's unsigned attributes)
 * counts as proof of when the signature existed only once it is checked: its
 * message imprint is the digest of the signature value, its own CMS signature
 * is valid, its authority chains to a trust anchor at genTime, and that
 * authority's certificate is a time-stamping certificate (RFC 3161 §2.3:
 * extendedKeyUsage id-kp-timeStamping, alone, critical). Unsigned attributes
 * are outside the signature, so an unchecked token proves nothing.
 *
 * A token whose imprint does not match the signature value, or whose own
 * signature is broken, is a forgery or damage: `failed`. A sound token from
 * an authority that is not trusted is merely no proof: not `failed`.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { Cert } from './certificate';
import { checkChain } from './chain';
import { checkCmsSignature } from './check-cms-signature';
import { own } from './digest';
import { OID } from '../asn1/oids';

/** Where a token fell short: unreadable, not over these bytes, its own signature, or its authority (not a trusted time-stamping certificate). */
export type TimestampStage = 'format' | 'imprint' | 'signature' | 'authority';

export type TimestampCheck = { ok: true; genTime: Date; tsa: string } | { ok: false; failed: boolean; reason: string; stage?: TimestampStage };

export async function checkSignatureTimestamp(token: Uint8Array, signatureValue: Uint8Array, anchors: Cert[]): Promise<TimestampCheck> {
  const checked = await checkCmsSignature(token, [signatureValue], 'ETSI.RFC3161');
  if (checked.stage === 'format') return { ok: false, failed: true, stage: 'format', reason: `the timestamp token is malformed: ${checked.reason}` };
  const genTime = checked.cms.tstImprint?.genTime;
  if (!checked.intact || !genTime)
    return { ok: false, failed: true, stage: 'imprint', reason: 'the timestamp token does not cover this signature value (its message imprint differs)' };
  if (!checked.valid || !checked.signer || checked.problem) {
    return {
      ok: false,
      failed: checked.problem?.failed ?? !checked.valid,
      stage: 'signature',
      reason: `the timestamp's own signature does not verify${checked.problem ? `: ${checked.problem.reason}` : ''}`,
    };
  }
  return trustedTimestampAuthority(checked.signer, checked.cms.certificates, anchors, genTime);
}

/** The authority of a timestamp (signature or document timestamp): a time-stamping certificate chaining to an anchor at genTime. */
export async function trustedTimestampAuthority(signer: Cert, pool: Cert[], anchors: Cert[], genTime: Date): Promise<TimestampCheck> {
  const eku = timeStampingEku(signer);
  if (eku)
    return { ok: false, failed: false, stage: 'authority', reason: `the timestamp authority "${signer.subject}" is not a time-stamping authority: ${eku}` };
  const chain = await checkChain(signer, pool, anchors, genTime);
  if (!chain.trusted) return { ok: false, failed: false, stage: 'authority', reason: `the timestamp authority is not trusted: ${chain.reason}` };
  return { ok: true, genTime, tsa: signer.subject };
}

/** Why `cert` is not a time-stamping certificate (RFC 3161 §2.3), or undefined when it is. */
export function timeStampingEku(cert: Cert): string | undefined {
  let critical: boolean | undefined;
  try {
    const c = new pkijs.Certificate({ schema: asn1js.fromBER(own(cert.der)).result });
    critical = c.extensions?.find((e) => e.extnID === OID.extKeyUsage)?.critical;
  } catch {
    return 'its certificate cannot be read';
  }
  const purposes = cert.extendedKeyUsage;
  if (!purposes || critical === undefined) return 'its certificate has no extendedKeyUsage';
  if (!purposes.includes(OID.kpTimeStamping)) return 'its extendedKeyUsage does not include id-kp-timeStamping';
  if (purposes.length !== 1) return 'its extendedKeyUsage allows other purposes than time-stamping';
  if (!critical) return 'its extendedKeyUsage is not marked critical';
  return undefined;
}
