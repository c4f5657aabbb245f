/**
 * cert-verifier.html as built by build/scripts/build.mjs
 * (dist/verify/cert-verifier.html), with the office keys pinned into it: the
 * page an office hands out (or a bank clerk keeps) to verify printed
 * certificates offline.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OfficeKeysFile } from '../../../../shared/certificates/office-keys';
import { AffixError } from '../../../../shared/errors/affix-error';

const candidates = (): string[] => [join(__dirname, '..', 'verify', 'cert-verifier.html'), join(__dirname, '..', '..', '..', '..', 'dist', 'verify', 'cert-verifier.html')];

export function certVerifierHtml(keys: OfficeKeysFile): string {
  const path = candidates().find((p) => existsSync(p));
  if (!path) throw new AffixError('INTERNAL', 'The certificate verifier page (dist/verify/cert-verifier.html) is not built; run "npm run build".');
  // JSON inside <script type="application/json">: "<" escaped so no text can close the element.
  const json = JSON.stringify(keys).replace(/</g, '\\u003c');
  return readFileSync(path, 'utf8').replace('/*PINNED*/', () => json);
}
