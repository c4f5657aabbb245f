/**
 * Identity, PKI and seal operations (issue 6), each against a reference
 * measured in the same run:
 *   - recording an identity verification (vault already unlocked: AES-GCM
 *     records, HMAC commitments, one ledger append) vs. one plain ledger
 *     append of a document.anchored entry — goal ≤ 5×;
 *   - issuing a person certificate vs. the same key generation and the same
 *     certificate profile without the bookkeeping (vault records, database
 *     rows, two ledger appends) — goal ≤ 2×;
 *   - resident-ID validation vs. SHA-256 of the same 18 bytes — no goal,
 *     reported so a regression in the validators shows.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openServices, type Services } from '../../main/services/composition/container';
import { generateKey } from '../../main/services/domain/pki/key-pair';
import { issue, selfSignedRoot } from '../../main/services/domain/pki/profiles';
import { validateResidentId } from '../../shared/identity/resident-id';
import { tinyPng } from '../../test/unit/identity/fixtures';
import { medianMs, type BenchCase } from '../harness';

const PASS = 'bench passphrase';

async function workspace(): Promise<{ s: Services; dir: string; photo: string; orgId: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'affix-bench-id-'));
  const s = openServices(join(dir, 'home'), { create: true, ledger: { checkpointIntervalMs: 0 } });
  const photo = join(dir, 'photo.png');
  writeFileSync(photo, tinyPng());
  const org = await s.pki.createOrg({ legalName: '基准测试有限公司', uscc: '91110000600037341L', representatives: [], passphrase: PASS });
  return { s, dir, photo, orgId: org.id };
}

const verify = (s: Services, photo: string) =>
  s.identity.verify({
    name: '基准',
    document: { kind: 'resident-id', number: '360426199101010071' },
    additionalEvidence: ['household-register'],
    securityFeaturesChecked: true,
    faceMatched: true,
    photoPaths: [photo],
    operator: 'op',
    consentStatement: 'consent',
    passphrase: PASS,
  });

let n = 0;
const anchor = (s: Services) => s.ledger.append({ type: 'document.anchored', subjects: [createHash('sha256').update(`b${++n}`).digest('hex')] });

export const cases: BenchCase[] = [
  {
    name: 'verify person',
    async run() {
      const { s, dir, photo } = await workspace();
      try {
        const ms = await medianMs(() => verify(s, photo), 21);
        const ref = await medianMs(() => anchor(s), 21);
        return {
          verifyMs: { value: ms, unit: 'ms' },
          ledgerAppendMs: { value: ref, unit: 'ms' },
          ratio: { value: ms / ref, unit: '×', goal: '≤ 5× one ledger append', met: ms / ref <= 5 },
        };
      } finally {
        s.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'issue person certificate',
    async run() {
      const { s, dir, photo, orgId } = await workspace();
      try {
        const person = verify(s, photo);
        const ms = await medianMs(() => s.pki.issuePerson({ orgId, personId: person.id, days: 365, passphrase: PASS }), 11);
        const ca = await generateKey();
        const issuer = { cert: await selfSignedRoot([{ CN: ['ref'] }], ca.keys, new Date(Date.now() + 86400_000 * 365)), privateKey: ca.keys.privateKey };
        const window = { notBefore: new Date(), notAfter: new Date(Date.now() + 86400_000) };
        const profile = { kind: 'person', recordSha256: person.verification!.recordSha256, ial: 'IAL2' } as const;
        const ref = await medianMs(async () => {
          const k = await generateKey();
          await issue(issuer, [{ CN: ['基准'] }], k.keys.publicKey, window, profile);
        }, 11);
        return {
          issueMs: { value: ms, unit: 'ms' },
          keyAndCertOnlyMs: { value: ref, unit: 'ms' },
          ratio: { value: ms / ref, unit: '×', goal: '≤ 2× key + certificate alone', met: ms / ref <= 2 },
        };
      } finally {
        s.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'resident ID validation',
    async run() {
      const ids = Array.from({ length: 10_000 }, (_, i) => `36042619910101${String(i % 1000).padStart(3, '0')}`).map((p) => p + '0');
      const today = new Date();
      const ms = await medianMs(() => ids.forEach((id) => validateResidentId(id, today)), 7);
      const ref = await medianMs(() => ids.forEach((id) => createHash('sha256').update(id).digest()), 7);
      return {
        perIdUs: { value: (ms * 1000) / ids.length, unit: 'µs' },
        sha256PerIdUs: { value: (ref * 1000) / ids.length, unit: 'µs' },
        ratio: { value: ms / ref, unit: '×' },
      };
    },
  },
];
