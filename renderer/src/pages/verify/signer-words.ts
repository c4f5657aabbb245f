/**
 * A certificate's distinguished name as the parts people read: who (CN), for
 * which organisation (O). The verifier writes names as "C=CN, O=…, CN=…";
 * a value may itself contain ", ", so a part ends only where the next
 * "KEY=" starts.
 */
export function nameParts(dn: string | undefined): { commonName?: string; organisation?: string } {
  if (!dn) return {};
  const parts = new Map<string, string>();
  for (const piece of dn.split(/, (?=[A-Za-z][A-Za-z0-9.]*=)/)) {
    const eq = piece.indexOf('=');
    if (eq > 0 && !parts.has(piece.slice(0, eq))) parts.set(piece.slice(0, eq), piece.slice(eq + 1));
  }
  return { commonName: parts.get('CN'), organisation: parts.get('O') };
}
