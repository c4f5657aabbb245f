/**
 * cert-verifier.html as built by build/scripts/build.mjs, with the office
 * keys pinned into it: the page an office hands out (or a bank clerk keeps)
 * to verify printed certificates offline.
 */
import type { OfficeKeysFile } from '../../../../shared/certificates/office-keys';
import { builtPage } from '../../core/fs/built-page';

export function certVerifierHtml(keys: OfficeKeysFile): string {
  // JSON inside <script type="application/json">: "<" escaped so no text can close the element.
  const json = JSON.stringify(keys).replace(/</g, '\\u003c');
  return builtPage('cert-verifier.html', 'The certificate verifier page').replace('/*PINNED*/', () => json);
}
