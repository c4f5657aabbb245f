/**
 * The standalone pages build/scripts/build.mjs writes to dist/verify/
 * (verify.html, cert-verifier.html): found beside the bundled CLI or
 * Electron main (dist/<x>/…, their sibling dist/verify/) or, when running
 * from source, in the dist/ of the nearest folder above this file that has
 * one — so the lookup does not depend on how deep this module sits.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AffixError } from '../../../../shared/errors/affix-error';

function candidates(name: string): string[] {
  const out = [join(__dirname, '..', 'verify', name)];
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) out.push(join(dir, 'dist', 'verify', name));
  return out;
}

/** The text of dist/verify/`name`; an error saying to build when it is missing. */
export function builtPage(name: string, what: string): string {
  const path = candidates(name).find((p) => existsSync(p));
  if (!path) throw new AffixError('INTERNAL', `${what} (dist/verify/${name}) is not built; run "npm run build".`);
  return readFileSync(path, 'utf8');
}
