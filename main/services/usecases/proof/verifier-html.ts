/** verify.html as built by build/scripts/build.mjs: the standalone proof-package verifier put into every package. */
import { builtPage } from '../../core/fs/built-page';

let cached: Uint8Array | null = null;

export function verifierHtml(): Uint8Array {
  cached ??= new TextEncoder().encode(builtPage('verify.html', 'The standalone verifier'));
  return cached;
}
