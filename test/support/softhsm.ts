/**
 * A private SoftHSM2 token for tests: its own SOFTHSM2_CONF and token
 * directory, initialised with softhsm2-util, holding one EC P-256 key and its
 * self-signed certificate (plus a second key filed under the first one's certificate) (made by openssl, imported by pkcs11-tool with the
 * same CKA_ID). SOFTHSM2_CONF is process-wide, so one fixture per test process.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './signing-fixtures';

export const SOFTHSM_MODULE = process.env.SOFTHSM2_MODULE ?? '/usr/lib/softhsm/libsofthsm2.so';

export interface SoftHsmToken {
  modulePath: string;
  tokenLabel: string;
  pin: string;
  keyLabel: string;
  /** Label of a second key stored with the certificate of another key (same CKA_ID): a key that does not match its certificate. */
  mismatchedKeyLabel: string;
  certPem: string;
  cleanup(): void;
}

export function createSoftHsmToken(options: { tokenLabel?: string; keyLabel?: string; pin?: string } = {}): SoftHsmToken {
  const { dir, cleanup } = tempDir('affix-softhsm-');
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens);
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  const tokenLabel = options.tokenLabel ?? 'Affix Test Token';
  const keyLabel = options.keyLabel ?? 'signing-key';
  const pin = options.pin ?? '123456';
  const run = (cmd: string, args: string[]): string =>
    execFileSync(cmd, args, { env: { ...process.env, SOFTHSM2_CONF: conf }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  run('softhsm2-util', ['--init-token', '--free', '--label', tokenLabel, '--pin', pin, '--so-pin', '87654321']);
  const makeKey = (name: string): { key: string; cert: string } => {
    const key = join(dir, `${name}.pem`);
    const cert = join(dir, `${name}.crt.pem`);
    run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '30',
      '-subj',
      `/CN=Affix SoftHSM ${name}/O=Affix Tests`,
    ]);
    run('openssl', ['pkey', '-in', key, '-outform', 'DER', '-out', `${key}.der`]);
    run('openssl', ['x509', '-in', cert, '-outform', 'DER', '-out', `${cert}.der`]);
    return { key: `${key}.der`, cert: `${cert}.der` };
  };
  const write = (type: string, file: string, id: string, label: string): string =>
    run('pkcs11-tool', [
      '--module',
      SOFTHSM_MODULE,
      '--token-label',
      tokenLabel,
      '--login',
      '--pin',
      pin,
      '--write-object',
      file,
      '--type',
      type,
      '--id',
      id,
      '--label',
      label,
    ]);
  const signer = makeKey('signer');
  write('privkey', signer.key, 'a1', keyLabel);
  write('cert', signer.cert, 'a1', keyLabel);
  const mismatchedKeyLabel = 'mismatched-key';
  const other = makeKey('other');
  write('privkey', other.key, 'b2', mismatchedKeyLabel);
  write('cert', signer.cert, 'b2', mismatchedKeyLabel);
  const certPem = run('openssl', ['x509', '-inform', 'DER', '-in', signer.cert]);
  return { modulePath: SOFTHSM_MODULE, tokenLabel, pin, keyLabel, mismatchedKeyLabel, certPem, cleanup };
}
