/**
 * Revocation of a certified path at the best proven time (ETSI EN 319 102-1
 * §5.2.6 / §5.6.2.3, simplified to CRLs): the CRLs come from the document's
 * DSS, the caller (`--crl`, a proof package) and the verifying workspace's
 * own record of what it revoked (matched by certificate digest, so exact).
 *
 * - revoked at or before the proven time → TOTAL-FAILED / REVOKED;
 * - revoked after a timestamp proved the signature existed → still valid,
 *   with a note (the revocation cannot reach back past the proof);
 * - revoked and no proof of existence at all (proven time is "now") → the
 *   revocation predates "now": TOTAL-FAILED / REVOKED;
 * - no revocation data from the issuer → said plainly in a note.
 */
import { parseCrl, revocationStatus, type Crl } from '../proof/revocation';
import { derItems } from '../asn1/pem';
import type { Cert } from './certificate';
import { digest, equalBytes, toHex } from './digest';

/** A revocation the verifying party knows first-hand (its own PKI), by SHA-256 of the certificate DER. */
export interface KnownRevocation {
  certSha256: string;
  at: Date;
  reason?: string;
}

export interface RevocationData {
  crls: Crl[];
  known: KnownRevocation[];
  /** Subject DERs of the issuers whose every revocation `known` lists (the verifying workspace's own CAs). */
  authorities: Uint8Array[];
  /** Unreadable CRLs, for the report. */
  problems: string[];
}

/** Parses DER or PEM CRLs; an unreadable one is reported, not fatal. */
export function readCrls(inputs: Uint8Array[], from: string): { crls: Crl[]; problems: string[] } {
  const crls: Crl[] = [];
  const problems: string[] = [];
  inputs.forEach((input, i) => {
    let ders: Uint8Array[];
    try {
      ders = derItems(input, ['X509 CRL'], `CRL ${i + 1} from ${from}`);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return;
    }
    for (const der of ders) {
      try {
        crls.push(parseCrl(der));
      } catch (error) {
        problems.push(`CRL ${i + 1} from ${from} is unreadable (${error instanceof Error ? error.message : String(error)})`);
      }
    }
  });
  return { crls, problems };
}

export type RevocationOutcome = { revoked: false; notes: string[] } | { revoked: true; reason: string; notes: string[] };

/** Each certificate of a path (signer first) with the one after it, its issuer; the anchor has none. */
function* withIssuers(path: readonly Cert[]): Generator<[cert: Cert, issuer: Cert]> {
  let cert: Cert | undefined;
  for (const next of path) {
    if (cert) yield [cert, next];
    cert = next;
  }
}

/**
 * Checks every certificate of `path` (signer first, anchor last) but the
 * anchor at `provenAt`; `proven` says whether that time comes from a
 * timestamp (else it is "now").
 */
export async function checkPathRevocation(path: Cert[], data: RevocationData, provenAt: Date, proven: boolean): Promise<RevocationOutcome> {
  const notes: string[] = [];
  for (const [cert, issuer] of withIssuers(path)) {
    const sha = toHex(await digest('SHA-256', [cert.der]));
    const known = data.known.find((k) => k.certSha256 === sha);
    const fromCrl = await revocationStatus(cert, issuer, data.crls, provenAt);
    const at = known ? known.at : fromCrl.kind === 'revoked-before' || fromCrl.kind === 'revoked-after' ? fromCrl.at : undefined;
    const source = known ? 'the verifying workspace revoked it' : "the issuer's CRL lists it";
    if (at) {
      if (at <= provenAt) {
        const when = proven
          ? `before ${provenAt.toISOString()}, when a timestamp proves the signature existed`
          : 'and no timestamp proves the signature existed before that';
        return {
          revoked: true,
          reason: `certificate "${cert.subject}" (serial ${cert.serialHex}) was revoked ${at.toISOString()}${known?.reason ? ` (${known.reason})` : ''} — ${source} — ${when}`,
          notes,
        };
      }
      notes.push(
        `certificate "${cert.subject}" was revoked ${at.toISOString()}, after ${provenAt.toISOString()} when a timestamp proves the signature existed: the signature stays valid`,
      );
      continue;
    }
    if (fromCrl.kind === 'good')
      notes.push(`certificate "${cert.subject}": not revoked according to its issuer's CRL of ${fromCrl.crlThisUpdate.toISOString()}`);
    else if (data.authorities.some((a) => equalBytes(a, cert.issuerDer)))
      notes.push(`certificate "${cert.subject}": not revoked according to the verifying workspace`);
    else notes.push(`certificate "${cert.subject}": revocation status unknown (no CRL from its issuer was available)`);
  }
  return { revoked: false, notes };
}
