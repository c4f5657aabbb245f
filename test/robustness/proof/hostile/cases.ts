/**
 * The hostile proof packages of issue 16, shared by the robustness test
 * (peak RSS and outcome, hostile-packages.test.ts) and the bench (whole-process
 * time against its 5 s goal, bench/benches/hostile.ts). Each case is a zip
 * written by hand, so sizes and headers can lie.
 */
import { PACKAGE_BUDGET } from '../../../../shared/proof/package-budget';
import { deflatedZeros, type HostileMember } from './zip-writer';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const hex = (c: string, n = 64): string => c.repeat(n);

/** Schema-valid evidence.json content; nothing in it verifies. */
function evidence(events = 1, proof = 'c2sp.org/tlog-proof@v1\nindex 0\n\n', minimal = false): Record<string, unknown> {
  const event = {
    index: 0,
    type: 'document.anchored',
    time: '2026-01-01T00:00:00Z',
    actorKeyId: null,
    subjects: [hex('a')],
    commitments: [],
    refs: {},
    leafHash: hex('b'),
    proof,
  };
  return {
    format: 'affix-evidence',
    version: 1,
    exportedAt: '2026-01-01T00:00:00Z',
    ledger: { origin: 'example.org/log' },
    document: { id: 'd', name: 'x.pdf', sha256: hex('c'), sha512: hex('d', 128), bytes: 8, versions: [hex('c')] },
    files: {},
    verification: null,
    signers: [],
    events: Array.from({ length: events }, () => (minimal ? {} : event)),
    checkpoint: { note: 'example.org/log\n1\nAAAA\n', size: 1, rootHash: 'AAAA' },
    consistency: null,
    crls: [],
    trustPolicy: { ledgerKey: 'example.org/log+00000000+AAAA', witnessPolicy: null, trustAnchors: [] },
  };
}

const pdf = text('%PDF-1.7\n%%EOF\n');
function pkg(evidenceMember: Partial<HostileMember> & { bytes?: Uint8Array }, extra: HostileMember[] = []): HostileMember[] {
  return [
    { name: 'document.pdf', bytes: pdf, stored: true },
    { name: 'evidence.json', bytes: text(JSON.stringify(evidence())), ...evidenceMember },
    { name: 'report.pdf', bytes: pdf, stored: true },
    ...extra,
  ];
}

export interface HostileCase {
  name: string;
  members: () => HostileMember[];
  status: 1 | 2;
  message: RegExp;
}

const GiB = 1024 * 1024 * 1024;
export const HOSTILE_CASES: HostileCase[] = [
  {
    name: 'false size headers: evidence.json claims 1,000 bytes and inflates to 40 MiB',
    members: () => pkg({ bytes: text(' '.repeat(40 * 1024 * 1024)), claim: 1000 }),
    status: 2,
    message: /evidence\.json inflates to more bytes than the 1000 it claims/,
  },
  {
    name: 'zip bomb: document.pdf claims 4 KiB, inflates to 400 MiB of zeros',
    members: () => [{ name: 'document.pdf', raw: deflatedZeros(400), claim: 4096 }, ...pkg({}).slice(1)],
    status: 2,
    message: /document\.pdf inflates to more bytes than the 4096 it claims/,
  },
  {
    name: 'zip bomb: every member claims 500 MB',
    members: () => pkg({}).map((m) => ({ name: m.name, raw: deflatedZeros(16), claim: 500_000_000 })),
    status: 2,
    message: /claims to inflate to 500000000 bytes \(limit: \d+ MiB for /,
  },
  {
    name: 'zip bomb in a member the exporter never writes: listed, never inflated',
    members: () => pkg({}, [{ name: 'payload.bin', raw: deflatedZeros(400), claim: 0xfffffffe }]),
    status: 1,
    message: /files the export did not write: payload\.bin/,
  },
  {
    name: '100,000 events',
    members: () => pkg({ bytes: text(JSON.stringify(evidence(100_000, '', true))) }),
    status: 2,
    message: new RegExp(`lists 100000 events \\(limit: ${PACKAGE_BUDGET.events} events\\)`),
  },
  {
    name: 'a 1 GiB evidence.json claim',
    members: () => pkg({ raw: deflatedZeros(1), claim: GiB }),
    status: 2,
    message: /evidence\.json claims to inflate to 1073741824 bytes \(limit: 16 MiB for evidence\.json\)/,
  },
  {
    name: 'deep JSON: 1,000,000 nested arrays',
    members: () => pkg({ bytes: text('['.repeat(1_000_000) + ']'.repeat(1_000_000)) }),
    status: 2,
    message: /evidence\.json nests deeper than 64 levels \(limit: 64 levels of JSON nesting\)/,
  },
  {
    name: 'a 10^6-line proof',
    members: () => pkg({ bytes: text(JSON.stringify(evidence(1, 'c2sp.org/tlog-proof@v1\n' + 'AAAA\n'.repeat(1_000_000)))) }),
    status: 2,
    message: /the proof of event 1 is \d+ characters \(limit: 65536 characters per proof\)/,
  },
  {
    name: 'a proof of 10,000 short lines',
    members: () => pkg({ bytes: text(JSON.stringify(evidence(1, '\n'.repeat(10_000)))) }),
    status: 2,
    message: /the proof of event 1 has more than 256 lines \(limit: 256 lines per proof\)/,
  },
  {
    name: '4,000 copies of one event: a failure, each proof not re-checked',
    members: () => pkg({ bytes: text(JSON.stringify(evidence(4_000))) }),
    status: 1,
    message: /The event at ledger index 0 is listed 4000 times\./,
  },
];
