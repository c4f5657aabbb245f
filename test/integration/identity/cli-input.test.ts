/**
 * Bad input to the identity, organisation, PKI and seal commands: exit 2 with
 * a message naming the problem (for numbers: the check that failed), and
 * nothing recorded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { affix } from '../../support/cli';
import { ENV, Workbench } from '../../unit/identity/fixtures';

describe('identity/org/pki/seal commands refuse bad input with exit 2', () => {
  const wb = new Workbench();
  let orgId: string;
  before(async () => {
    await wb.init();
    orgId = (await wb.createOrg()).id;
  });
  after(() => wb.cleanup());

  const verifyArgs = (doc: string[]) => [
    'identity',
    'verify',
    '--name',
    '测试',
    ...doc,
    '--photo',
    wb.file('photo.png'),
    '--operator',
    'op',
    '--consent',
    'yes',
    '--security-features-checked',
    '--face-matched',
  ];

  for (const [doc, check] of [
    [['--id-number', '360426199101010072'], /check-digit/],
    [['--id-number', '360426199102300071'], /birth-date/],
    [['--id-number', '36042619910101007'], /format/],
    [['--mrz', 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', '--mrz', 'L898902C36UTO7408122F1204159ZE184226B<<<<<11'], /composite-check/],
    [['--mrz', 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', '--mrz', 'L898902C37UTO7408122F1204159ZE184226B<<<<<10'], /document-number-check/],
  ] as const) {
    it(`refuses ${doc.at(-1)} naming ${check}`, async () => {
      const r = await wb.run(verifyArgs([...doc]));
      assert.equal(r.status, 2, r.stdout);
      assert.match(r.stderr, check);
      assert.equal((await wb.json<unknown[]>(['identity', 'list'], false)).length, 0, 'nothing recorded');
    });
  }

  it('accepts the ICAO TD3 specimen MRZ (IAL2 with a second strong document)', async () => {
    const p = await wb.json<{ verification: { ial: string; documentKind: string } }>([
      ...verifyArgs(['--mrz', 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', '--mrz', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10']),
      '--evidence',
      'drivers-license',
    ]);
    assert.equal(p.verification.ial, 'IAL2');
    assert.equal(p.verification.documentKind, 'mrz-TD3');
  });

  it('refuses --ial IAL2 when the evidence only reaches IAL1', async () => {
    const r = await wb.run([...verifyArgs(['--id-number', '360426199101010071']), '--ial', 'IAL2']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /IAL2 was required/);
  });

  it('refuses a bad credit code naming the check, and a duplicate one', async () => {
    const bad = await wb.run(['org', 'create', '--name', 'X', '--uscc', '91110000600037341M']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /check-character/);
    const dup = await wb.run(['org', 'create', '--name', 'X', '--uscc', '91110000600037341L']);
    assert.equal(dup.status, 2);
    assert.match(dup.stderr, /already exists/);
  });

  it('refuses a wrong or missing passphrase', async () => {
    const wrong = await affix([...verifyArgs(['--id-number', '360426199101010071']), '--home', wb.home, '--passphrase-env', 'P'], { P: 'not it' });
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /[Ww]rong passphrase/);
    const missing = await affix(['pki', 'crl', '--org', orgId, '--home', wb.home], { ...ENV, AFFIX_PASSPHRASE: '' });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /AFFIX_PASSPHRASE/);
  });

  it('refuses malformed ids, serials and options', async () => {
    for (const args of [
      ['identity', 'show', 'nobody'],
      ['pki', 'revoke', 'zz'],
      ['pki', 'revoke', 'abcdef', '--reason', 'boredom'],
      ['seal', 'list', '--org', 'x'],
      ['identity', 'verify', '--name', 'x', '--id-number', '1', '--mrz', 'A'],
    ]) {
      const r = await wb.run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.ok(r.stderr.length > 0);
    }
  });

  it('prints --help for each command', async () => {
    for (const c of [
      'org create',
      'identity verify',
      'identity show',
      'identity erase',
      'pki issue',
      'pki revoke',
      'pki crl',
      'seal create',
      'seal list',
      'seal authorize',
      'seal sign',
    ]) {
      const r = await affix([...c.split(' '), '--help']);
      assert.equal(r.status, 0, c);
      assert.match(r.stdout, new RegExp(`Usage: affix ${c}`));
    }
  });
});
