/**
 * Strings from files never reach the terminal raw: a signed PDF whose
 * certificate subject, field name and reason carry ESC/BEL/CR/C1/DEL and bidi
 * controls, and a proof package whose member names and evidence strings carry
 * them, are verified through the CLI in text and --json mode; no output byte
 * is one of those characters, text shows visible escapes, and JSON still parses
 * to the original strings.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonSafe, terminalSafe } from '../../../main/cli/terminal-safe';
import { signPdf } from '../../../main/services/engines/pdf-signing/sign-pdf';
import { affix } from '../../support/cli';
import { handmadePdf } from '../../support/handmade-pdf';
import { outputOf } from '../../support/signing-fixtures';
import { createTestSigner } from '../../support/throwaway-signer';
import { hostileZip } from '../../robustness/proof/hostile/zip-writer';

/** OSC title set + BEL, clear screen, CR overprint, CSI (C1), DEL, and each bidi control. */
const HOSTILE = '\x1b]0;pwned\x07\x1b[2J\rTOTAL-PASSED\x9b31m\x7f\x08\u202aa\u202bb\u202cc\u202dd\u202ee\u2066f\u2067g\u2068h\u2069i\u200ej\u200fk\u061cl';
// eslint-disable-next-line no-control-regex -- the characters under test
const FORBIDDEN = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CHARS = [...HOSTILE].filter((c) => FORBIDDEN.test(c));

const dir = mkdtempSync(join(tmpdir(), 'affix-terminal-'));
const noHome = join(dir, 'no-workspace');
after(() => rmSync(dir, { recursive: true, force: true }));

function assertClean(output: string, where: string): void {
  const bad = [...output].filter((c) => FORBIDDEN.test(c));
  assert.deepEqual(
    bad.map((c) => c.charCodeAt(0).toString(16)),
    [],
    `${where} carries raw control/bidi characters`,
  );
}

describe('terminalSafe / jsonSafe', () => {
  it('shows each control and bidi character as a visible escape, keeping newlines and tabs', () => {
    const out = terminalSafe(`a\tb\n${HOSTILE}`);
    assertClean(out, 'terminalSafe');
    assert.ok(out.startsWith('a\tb\n\\x1B]0;pwned\\x07\\x1B[2J\\rTOTAL-PASSED\\x9B31m\\x7F\\x08\\u202Aa'));
    assert.match(out, /\\u202Ee\\u2066f.*\\u200Fk\\u061Cl$/);
  });
  it('escapes them in JSON without changing the parsed value', () => {
    const json = jsonSafe(JSON.stringify({ s: HOSTILE }, null, 2));
    assertClean(json, 'jsonSafe');
    assert.equal((JSON.parse(json) as { s: string }).s, HOSTILE);
  });
});

describe('affix verify: a PDF with hostile certificate subject, field name and reason', () => {
  let pdf: string;
  let root: string;
  before(async () => {
    const signer = await createTestSigner('ecdsa-p256-sha256', { commonName: 'Mallory \x1b[2J\x07TOTAL-PASSED\u202e\u2066\u200f\u061c' });
    const signed = await signPdf(
      handmadePdf({ style: 'table' }),
      { field: `Field ${HOSTILE}`, reason: `Reason ${HOSTILE}`, location: `Place ${HOSTILE}`, contactInfo: `Contact ${HOSTILE}` },
      signer.signer,
    );
    pdf = join(dir, 'hostile.pdf');
    writeFileSync(pdf, outputOf(signed));
    root = join(dir, 'root.pem');
    writeFileSync(root, signer.rootPem);
  });

  for (const lang of ['en', 'zh']) {
    it(`text output (${lang}) has none of the bytes and shows them escaped`, async () => {
      const r = await affix(['verify', pdf, '--trust', root, '--lang', lang, '--home', noHome]);
      assert.equal(r.status, 0, r.stderr);
      assertClean(r.stdout + r.stderr, 'affix verify');
      assert.match(r.stdout, /Field \\x1B\]0;pwned\\x07/);
      assert.match(r.stdout, /Mallory \\x1B\[2J\\x07TOTAL-PASSED\\u202E\\u2066\\u200F\\u061C/);
    });
  }

  it('--json output has none of the bytes and parses back to the strings in the file', async () => {
    const r = await affix(['verify', pdf, '--trust', root, '--json', '--home', noHome]);
    assert.equal(r.status, 0, r.stderr);
    assertClean(r.stdout + r.stderr, 'affix verify --json');
    const report = JSON.parse(r.stdout) as { signatures: { field: string; reason?: string | null }[] };
    assert.equal(report.signatures[0].field, `Field ${HOSTILE}`);
    const strings: string[] = [];
    JSON.parse(r.stdout, (_k, v: unknown) => (typeof v === 'string' && strings.push(v), v));
    const all = strings.join('');
    assert.deepEqual(
      CHARS.filter((c) => !all.includes(c)),
      [],
      'JSON lost characters',
    );
  });
});

describe('affix proof verify: a package with hostile member names and evidence strings', () => {
  let path: string;
  let badName: string;
  before(() => {
    const text = (s: string): Uint8Array => new TextEncoder().encode(s);
    const h = (c: string, n = 64): string => c.repeat(n);
    const event = {
      index: 0,
      type: `evil${HOSTILE}`.slice(0, 60),
      time: HOSTILE,
      actorKeyId: HOSTILE,
      subjects: [h('a')],
      commitments: [HOSTILE],
      refs: { [HOSTILE]: HOSTILE },
      leafHash: h('b'),
      proof: `x${HOSTILE}`,
    };
    const evidence = {
      format: 'affix-evidence',
      version: 1,
      exportedAt: HOSTILE,
      ledger: { origin: HOSTILE },
      document: { id: HOSTILE, name: HOSTILE, sha256: h('c'), sha512: h('d', 128), bytes: 8, versions: [h('c')] },
      files: {},
      verification: HOSTILE,
      signers: [],
      events: [event],
      checkpoint: { note: HOSTILE, size: 1, rootHash: 'AAAA' },
      consistency: null,
      crls: [],
      trustPolicy: { ledgerKey: HOSTILE, witnessPolicy: null, trustAnchors: [] },
    };
    const pdf = text('%PDF-1.7\n%%EOF\n');
    path = join(dir, 'hostile.affixproof');
    writeFileSync(
      path,
      hostileZip([
        { name: 'document.pdf', bytes: pdf, stored: true },
        { name: 'evidence.json', bytes: text(JSON.stringify(evidence)) },
        { name: 'report.pdf', bytes: pdf, stored: true },
        { name: 'extra.txt', bytes: text('x') },
      ]),
    );
    // The same package with a member named with the hostile string: the zip reader refuses
    // that name (it is not one a package can carry), and its message shows it escaped.
    badName = join(dir, 'hostile-name.affixproof');
    writeFileSync(
      badName,
      hostileZip([
        { name: 'document.pdf', bytes: pdf, stored: true },
        { name: 'evidence.json', bytes: text(JSON.stringify(evidence)) },
        { name: 'report.pdf', bytes: pdf, stored: true },
        { name: `extra${HOSTILE}.txt`, bytes: text('x') },
      ]),
    );
  });

  for (const args of [['--lang', 'en'], ['--lang', 'zh'], ['--json']]) {
    it(`${args.join(' ')}: a failed verdict, no raw control or bidi byte`, async () => {
      const r = await affix(['proof', 'verify', path, '--home', noHome, ...args]);
      assert.equal(r.status, 1, r.stderr);
      assertClean(r.stdout + r.stderr, `affix proof verify ${args.join(' ')}`);
      if (args[0] === '--json') assert.equal((JSON.parse(r.stdout) as { verdict: string }).verdict, 'failed');
      else assert.match(r.stdout, /\\x1B\]0;pwned/, 'the hostile strings are shown, escaped');
    });
    it(`${args.join(' ')}: a hostile member name is refused (exit 2), named escaped`, async () => {
      const r = await affix(['proof', 'verify', badName, '--home', noHome, ...args]);
      assert.equal(r.status, 2, r.stderr);
      assertClean(r.stdout + r.stderr, `affix proof verify ${args.join(' ')} (hostile name)`);
      assert.match(r.stdout + r.stderr, /unsafe entry name "extra\\u001b\]0;pwned/i);
    });
  }
});
