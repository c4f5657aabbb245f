/**
 * A workspace with an organisation and a TSA, its certificates written as
 * PEM files for openssl, and a TSA engine ready to answer.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openServices, type Services } from '../../../main/services/composition/container';
import { tsaServiceOf } from '../../../main/services/usecases/tsa/tsa-of';
import type { TsaEngine, TsaView } from '../../../main/services/usecases/tsa/tsa-service';
import { tempHome } from '../../support/cli';

export const PASSPHRASE = 'correct horse battery staple';
export const USCC = '91110000600037341L';

export interface TsaBench {
  home: string;
  dir: string;
  services: Services;
  tsa: TsaView;
  engine: TsaEngine;
  /** Root CA (PEM file), the TSA certificate alone, and TSA + issuing CA (for -untrusted). */
  rootPem: string;
  tsaPem: string;
  untrustedPem: string;
  file(name: string): string;
  close(): void;
}

export async function tsaBench(options: { ledgerInterval?: number } = {}): Promise<TsaBench> {
  const home = tempHome('affix-tsa-');
  const dir = join(dirname(home), 'files');
  mkdirSync(dir, { recursive: true });
  const services = openServices(home, { create: true, ledger: { checkpointIntervalMs: options.ledgerInterval ?? 0 } });
  services.ledger.ensureNode();
  await services.pki.createOrg({ legalName: '北京某某公证处', uscc: USCC, representatives: [], passphrase: PASSPHRASE });
  const tsa = await tsaServiceOf(services).init({ name: 'Affix Test TSA', passphrase: PASSPHRASE });
  const engine = tsaServiceOf(services).open(tsa.id, PASSPHRASE);
  const file = (name: string) => join(dir, name);
  writeFileSync(file('root.pem'), tsa.chainPem[tsa.chainPem.length - 1]);
  writeFileSync(file('tsa.pem'), tsa.certificatePem);
  writeFileSync(file('untrusted.pem'), tsa.certificatePem + tsa.chainPem[0]);
  return {
    home,
    dir,
    services,
    tsa,
    engine,
    rootPem: file('root.pem'),
    tsaPem: file('tsa.pem'),
    untrustedPem: file('untrusted.pem'),
    file,
    close: () => services.close(),
  };
}

/** Runs openssl; its output, and whether it succeeded (a refusal is data, not an exception). */
export function openssl(args: string[]): { ok: boolean; out: string } {
  try {
    return { ok: true, out: execFileSync('openssl', args, { stdio: 'pipe' }).toString() };
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    return { ok: false, out: `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}` };
  }
}
