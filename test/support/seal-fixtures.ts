/**
 * A contract seal valid for a year and its signing key, as the TSA and LTV
 * tests need one: a signature the workspace's own CA issued, made without
 * going through a signing order.
 */
import type { Services } from '../../main/services/composition/container';
import { ecdsaSigningKey } from '../../main/services/domain/pki/key-pair';
import type { SigningKey } from '../../main/services/domain/keys/signing-key';

const YEAR = 365 * 86400_000;

export async function contractSealKey(services: Services, orgId: string, passphrase: string): Promise<{ certSerial: string; key: SigningKey }> {
  const seal = await services.seals.create({
    orgId,
    type: 'contract',
    name: '合同专用章',
    validFrom: new Date(Date.now() - 60_000),
    validUntil: new Date(Date.now() + YEAR),
    passphrase,
  });
  const chain = services.pki.chain(seal.certSerial);
  return { certSerial: seal.certSerial, key: ecdsaSigningKey(services.pki.privateKey(seal.certSerial), chain.slice(0, 2), 'seal') };
}
