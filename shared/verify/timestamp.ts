/**
 * A signature timestamp (RFC 3161 token in the CMS's unsigned attributes)
 * counts as proof of when the signature existed only once it is checked: its
 * message imprint is the digest of the signature value, its own CMS signature
 * is valid, and its authority chains to a trust anchor at genTime. Unsigned
 * attributes are outside the signature, so an unchecked token proves nothing.
 */
import type { Cert } from './certificate';
import { checkChain } from './chain';
import { checkCmsSignature } from './check-cms-signature';

export type TimestampCheck = { ok: true; genTime: Date } | { ok: false; reason: string };

export async function checkSignatureTimestamp(token: Uint8Array, signatureValue: Uint8Array, anchors: Cert[]): Promise<TimestampCheck> {
  const checked = await checkCmsSignature(token, [signatureValue], 'ETSI.RFC3161');
  if (checked.stage === 'format') return { ok: false, reason: `the timestamp token is malformed: ${checked.reason}` };
  const genTime = checked.cms.tstImprint?.genTime;
  if (!checked.intact || !genTime) return { ok: false, reason: 'the timestamp does not cover this signature value' };
  if (!checked.valid || !checked.signer || checked.problem) {
    return { ok: false, reason: `the timestamp's own signature does not verify${checked.problem ? `: ${checked.problem.reason}` : ''}` };
  }
  const chain = await checkChain(checked.signer, checked.cms.certificates, anchors, genTime);
  if (!chain.trusted) return { ok: false, reason: `the timestamp authority is not trusted: ${chain.reason}` };
  return { ok: true, genTime };
}
