/**
 * A workspace with an organisation and verified persons, built through the
 * CLI exactly as a user would, for the identity/PKI/seal tests.
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { openServices } from '../../../main/services/composition/container';
import type { AnchoredEntry } from '../../../shared/ledger/entry-types';
import { affix, tempHome, type CliResult } from '../../support/cli';

export const PASSPHRASE = 'correct horse battery staple';
/** The PIN each test person chooses for their own signing key (`--pin-env AFFIX_TEST_PIN`). */
export const PERSON_PIN = '406 872 sole';
export const ENV = { AFFIX_TEST_PASS: PASSPHRASE, AFFIX_TEST_PIN: PERSON_PIN };
export const USCC = '91110000600037341L';

/** A real 2×2 RGB PNG (CRCs computed), enough for the photo sniffing. */
export function tinyPng(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
  const raw = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export class Workbench {
  readonly home = tempHome('affix-identity-');
  readonly dir = join(dirname(this.home), 'files');

  constructor() {
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(this.file('photo.png'), tinyPng());
  }

  file(name: string): string {
    return join(this.dir, name);
  }

  async run(args: string[]): Promise<CliResult> {
    return affix([...args, '--home', this.home, '--passphrase-env', 'AFFIX_TEST_PASS'], ENV);
  }

  /** Runs a command that takes no passphrase option. */
  async plain(args: string[]): Promise<CliResult> {
    return affix([...args, '--home', this.home], ENV);
  }

  async json<T>(args: string[], withPassphrase = true): Promise<T> {
    const r = withPassphrase ? await this.run([...args, '--json']) : await this.plain([...args, '--json']);
    assert.equal(r.status, 0, `affix ${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  }

  async init(): Promise<void> {
    const r = await this.plain(['init']);
    assert.equal(r.status, 0, r.stderr);
  }

  async createOrg(): Promise<{ id: string; rootSerial: string; issuingSerial: string }> {
    return this.json(['org', 'create', '--name', '北京测试科技有限公司', '--uscc', USCC]);
  }

  async verifyPerson(
    name: string,
    idNumber: string,
  ): Promise<{ id: string; verification: { recordSha256: string; ial: string; commitments: Record<string, string> } }> {
    return this.json([
      'identity',
      'verify',
      '--name',
      name,
      '--id-number',
      idNumber,
      '--photo',
      this.file('photo.png'),
      '--evidence',
      'household-register',
      '--security-features-checked',
      '--face-matched',
      '--operator',
      'operator-0042',
      '--consent',
      'I agree to identity verification (consent text v1)',
      '--ial',
      'IAL2',
    ]);
  }

  /**
   * Appoints a verified custodian (with a certificate and PIN of their own)
   * whose approval reveals, disclosures and erasures need; returns the
   * arguments that state a reason and give that approval.
   */
  async appointCustodian(orgId: string): Promise<string[]> {
    const custodian = (await this.verifyPerson('监管员', '110105194912310038')).id;
    await this.json(['pki', 'issue', '--org', orgId, '--person', custodian, '--pin-env', 'AFFIX_TEST_PIN']);
    await this.json(['access', 'custodians', '--set', custodian, '--k', '1']);
    return ['--reason', 'test of the accountable access', '--actor', 'test-operator', '--custodian', custodian, '--custodian-pin-env', 'AFFIX_TEST_PIN'];
  }

  /** Creates an official seal of `orgId`, valid until `validUntil` (YYYY-MM-DD), authorised to `users`; returns its id. */
  async officialSeal(orgId: string, users: string[], validUntil = '2030-12-31'): Promise<string> {
    const { sealId } = await this.json<{ sealId: string }>([
      'seal',
      'create',
      '--org',
      orgId,
      '--type',
      'official',
      '--name',
      '北京测试科技有限公司',
      '--valid-until',
      validUntil,
    ]);
    for (const user of users) await this.json(['seal', 'authorize', sealId, '--person', user], false);
    return sealId;
  }

  /** Every ledger entry of the workspace, in order. */
  entries(): AnchoredEntry[] {
    const s = openServices(this.home);
    try {
      return s.ledger.entries(0, 100_000);
    } finally {
      s.close();
    }
  }

  cleanup(): void {
    rmSync(dirname(this.home), { recursive: true, force: true });
  }
}
