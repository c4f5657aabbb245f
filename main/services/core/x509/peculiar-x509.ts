/**
 * @peculiar/x509, loaded on first use rather than at import (issue 20).
 * Evaluating it (with reflect-metadata, tsyringe and the @peculiar/asn1-*
 * schemas it registers) costs about a quarter of a second, and every CLI
 * command that opens the workspace imports the PKI, trust and key services
 * that use it, though `status` or `ledger append` never touch a certificate.
 *
 * `x509` stands in for `import * as x509 from '@peculiar/x509'`: the first
 * property read loads the package (a bundled require(), so esbuild keeps it
 * in every bundle and runs it only then) and sets Node's WebCrypto as its
 * provider. For types, import the package with `import type`.
 */
import { webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';

let loaded: typeof X509 | undefined;

function load(): typeof X509 {
  if (!loaded) {
    // tsyringe (used by @peculiar/x509) needs the Reflect metadata API before it loads.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('reflect-metadata');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const x509 = require('@peculiar/x509') as typeof X509;
    x509.cryptoProvider.set(webcrypto as unknown as Crypto);
    loaded = x509;
  }
  return loaded;
}

export const x509: typeof X509 = new Proxy({} as typeof X509, {
  get: (_target, key) => Reflect.get(load(), key),
});

/** The package's types under the same name, as the namespace import gave them. */
// eslint-disable-next-line @typescript-eslint/no-namespace
export declare namespace x509 {
  export type X509Certificate = X509.X509Certificate;
  export type JsonName = X509.JsonName;
  export type Extension = X509.Extension;
}
