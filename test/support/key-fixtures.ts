/**
 * The three kinds of key the issue asks signatures to come from, made the way
 * their users make them: a P-256 software key (Affix's own generator), an
 * RSA-2048 PKCS#12 file from `openssl pkcs12 -export`, and a SoftHSM2 token key.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import type { Signer } from '../../main/services/domain/keys/signer';
import { pkcs11Signer } from '../../main/services/domain/keys/pkcs11-signer';
import { pkcs12Signer } from '../../main/services/domain/keys/pkcs12';
import { generateSoftwareKey } from '../../main/services/domain/keys/software-key-generator';
import { softwareSigner } from '../../main/services/domain/keys/software-key';
import { createSoftHsmToken, type SoftHsmToken } from './softhsm';

export interface KeyFixture {
  signer: Signer;
  /** The signer's (self-signed) certificate, the trust anchor for `openssl cms -verify -CAfile`. */
  certPem: string;
}

export async function softwareKeyFixture(commonName = 'Affix Software Signer'): Promise<KeyFixture> {
  const { secretKey, certificateDer } = await generateSoftwareKey(commonName);
  return { signer: softwareSigner(secretKey, certificateDer, 'software-test'), certPem: new X509Certificate(certificateDer).toString() };
}

export interface P12Files {
  path: string;
  password: string;
  certPem: string;
}

/** `openssl pkcs12 -export` of a fresh key; `legacy` uses OpenSSL's -legacy (SHA-1 PBE, 3DES key, RC2 certificates). */
export function opensslP12(dir: string, options: { name?: string; key?: 'rsa' | 'ec'; legacy?: boolean; password?: string } = {}): P12Files {
  const name = options.name ?? 'rsa';
  const key = join(dir, `${name}.key`);
  const crt = join(dir, `${name}.crt`);
  const path = join(dir, `${name}.p12`);
  const password = options.password ?? 'p12-secret';
  const newkey = options.key === 'ec' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
  execFileSync(
    'openssl',
    ['req', '-x509', ...newkey, '-nodes', '-keyout', key, '-out', crt, '-days', '30', '-subj', `/CN=Affix PKCS12 ${name}/O=Affix Tests`],
    { stdio: 'pipe' },
  );
  execFileSync(
    'openssl',
    ['pkcs12', '-export', ...(options.legacy ? ['-legacy'] : []), '-inkey', key, '-in', crt, '-out', path, '-passout', `pass:${password}`],
    { stdio: 'pipe' },
  );
  return { path, password, certPem: execFileSync('cat', [crt], { encoding: 'utf8' }) };
}

export function p12KeyFixture(dir: string): KeyFixture & { files: P12Files } {
  const files = opensslP12(dir);
  return { signer: pkcs12Signer(files.path, files.password), certPem: files.certPem, files };
}

export function softHsmKeyFixture(): KeyFixture & { token: SoftHsmToken } {
  const token = createSoftHsmToken();
  const signer = pkcs11Signer({ modulePath: token.modulePath, tokenLabel: token.tokenLabel, pin: token.pin, keyLabel: token.keyLabel });
  return { signer, certPem: token.certPem, token };
}
