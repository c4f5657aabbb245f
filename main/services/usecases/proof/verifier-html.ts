/**
 * verify.html as built by build/scripts/build.mjs (dist/verify/verify.html):
 * found beside the bundled CLI / Electron main (dist/<x>/…) or, when running
 * from source, under the repository's dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AffixError } from '../../../../shared/errors/affix-error';

const candidates = (): string[] => [join(__dirname, '..', 'verify', 'verify.html'), join(__dirname, '..', '..', '..', '..', 'dist', 'verify', 'verify.html')];

let cached: Uint8Array | null = null;

export function verifierHtml(): Uint8Array {
  if (cached) return cached;
  const path = candidates().find((p) => existsSync(p));
  if (!path) throw new AffixError('INTERNAL', 'The standalone verifier (dist/verify/verify.html) is not built; run "npm run build".');
  cached = new Uint8Array(readFileSync(path));
  return cached;
}
