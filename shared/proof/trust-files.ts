/**
 * Reading a certificate file the verifier trusts. Its own module: it needs
 * the certificate parser (pkijs), which commands that only open a workspace
 * must not load (test/integration/cli/lean-bin.test.ts).
 */
import { derItems } from '../asn1/pem';
import { badInput } from '../errors/affix-error';
import { parseCertificates } from '../verify/certificate';

/**
 * The certificates of one file the verifier trusts (PEM with CERTIFICATE
 * blocks, or DER): what `affix proof verify --trust` accepts, read so for
 * verify.html's TSA root field; BAD_INPUT naming the file when it holds none.
 */
export function trustAnchorsIn(bytes: Uint8Array, name: string): Uint8Array[] {
  return derItems(bytes, ['CERTIFICATE'], `The trust anchor ${name}`).map((der) => {
    try {
      if (parseCertificates(der).length === 0) throw new Error('empty');
    } catch {
      throw badInput(`The trust anchor ${name} is not an X.509 certificate (PEM or DER).`);
    }
    return der;
  });
}
