/**
 * Inflates one deflated member (APPNOTE.TXT §4.4.5 method 8, §5.5: RFC 1951)
 * to exactly the size its central directory declares, counting the bytes
 * really produced. The declared size only sizes the output buffer — the
 * caller has already held it to its budget — and the first byte beyond it
 * stops inflation: a zip bomb (a member that inflates far beyond what it
 * declares) costs at most one piece's output past its declared size, never
 * what it would really inflate to.
 */
import { Inflate } from 'fflate';
import { ZipRefusal } from './zip-problem';

/**
 * Compressed bytes fed per push. fflate hands over a push's whole output at
 * once and deflate expands at most ~1032:1, so one push yields at most ~4 MiB
 * before it is counted.
 */
const PIECE = 4 * 1024;

export function inflateMember(data: Uint8Array, declaredSize: number, name: string): Uint8Array {
  const out = new Uint8Array(declaredSize);
  let produced = 0;
  const inflater = new Inflate((chunk) => {
    if (produced + chunk.length > declaredSize) throw new ZipRefusal({ kind: 'inflates-beyond-declared', name, declared: declaredSize });
    out.set(chunk, produced);
    produced += chunk.length;
  });
  try {
    // The last piece is pushed as final, so a stream cut short fails inside fflate ("unexpected EOF").
    for (let at = 0; at < data.length; at += PIECE) inflater.push(data.subarray(at, at + PIECE), at + PIECE >= data.length);
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ZipRefusal) throw error;
    throw new ZipRefusal({ kind: 'not-inflatable', name, reason: error instanceof Error ? error.message : String(error) });
  }
  if (produced !== declaredSize) throw new ZipRefusal({ kind: 'size-mismatch', name, actual: produced, declared: declaredSize, stored: false });
  return out;
}
