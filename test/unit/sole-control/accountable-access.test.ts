/**
 * Accountable access (issue #18): a reveal without a custodian's approval
 * is refused (and the refusal anchored); with a stated reason and a
 * custodian's PIN it is granted; every reveal, refused attempt, disclosure
 * and erasure appears in `affix access log` and on the ledger, with no
 * personal data in the ledger entry.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPublicKey, verify } from 'node:crypto';
import { affix } from '../../support/cli';
import { PASSPHRASE, PERSON_PIN, Workbench } from '../identity/fixtures';

const NAME = '周八';
const ID_NUMBER = '11010519491231002X';
const CUSTODIAN_PIN = 'custodian 7741';

interface LogEntry {
  action: string;
  outcome: string;
  actor: string;
  personId: string;
  fields: string[];
  reason: string;
  approvers: { personId: string; certSerial: string; signature: string }[];
  detail: string | null;
  ledgerIndex: number;
}

describe('accountable reveal, disclosure and erasure', () => {
  const wb = new Workbench();
  let orgId: string;
  let subject: string;
  let custodian: string;
  let other: string;
  const env = { AFFIX_TEST_PASS: PASSPHRASE, CPIN: CUSTODIAN_PIN, OPIN: PERSON_PIN, BAD: 'not the pin' };
  const cli = (args: string[]) => affix([...args, '--home', wb.home, '--passphrase-env', 'AFFIX_TEST_PASS'], env);
  const log = async (person?: string): Promise<LogEntry[]> => {
    const r = await affix(['access', 'log', '--home', wb.home, '--json', ...(person ? ['--person', person] : [])]);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as LogEntry[];
  };

  before(async () => {
    await wb.init();
    orgId = (await wb.createOrg()).id;
    subject = (await wb.verifyPerson(NAME, ID_NUMBER)).id;
    custodian = (await wb.verifyPerson('吴监管', '360426199101010071')).id;
    other = (await wb.verifyPerson('郑九', '110105194912310038')).id;
    for (const [p, v] of [
      [custodian, 'CPIN'],
      [other, 'OPIN'],
    ]) {
      const r = await cli(['pki', 'issue', '--org', orgId, '--person', p, '--pin-env', v]);
      assert.equal(r.status, 0, r.stderr);
    }
  });
  after(() => wb.cleanup());

  it('refuses a reveal while no custodian is configured, and anchors the refusal', async () => {
    const r = await cli(['identity', 'show', subject, '--reveal', '--reason', 'court order 2026-17', '--actor', 'clerk-7']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /No custodians are configured/);
    const [entry] = await log(subject);
    assert.deepEqual([entry.action, entry.outcome, entry.actor], ['reveal', 'refused', 'clerk-7']);
    assert.equal(wb.entries()[entry.ledgerIndex].entry.type, 'access.refused');
  });

  it('sets the custodians (anchored)', async () => {
    const r = await cli(['access', 'custodians', '--set', custodian, '--k', '1', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).custodians, [custodian]);
    assert.ok(wb.entries().some((e) => e.entry.type === 'access.custodians-set' && e.entry.refs?.custodians === custodian));
    // Changing them now needs the current custodian's approval.
    const without = await cli(['access', 'custodians', '--set', `${custodian},${other}`, '--k', '1']);
    assert.equal(without.status, 2);
    assert.match(without.stderr, /needs the approval of 1 of the custodians/);
  });

  it('refuses a reveal without a reason, without a custodian, by a non-custodian, or with a wrong custodian PIN', async () => {
    const cases: [string[], RegExp][] = [
      [['--custodian', custodian, '--custodian-pin-env', 'CPIN'], /needs a stated reason/],
      [['--reason', 'audit'], /needs the approval of 1 of the custodians/],
      [['--reason', 'audit', '--custodian', other, '--custodian-pin-env', 'OPIN'], /is not a custodian/],
      [['--reason', 'audit', '--custodian', custodian, '--custodian-pin-env', 'BAD'], /Wrong PIN/],
    ];
    for (const [extra, message] of cases) {
      const r = await cli(['identity', 'show', subject, '--reveal', '--actor', 'clerk-7', ...extra]);
      assert.equal(r.status, 2, extra.join(' '));
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stdout, new RegExp(NAME));
    }
    const refused = (await log(subject)).filter((e) => e.outcome === 'refused');
    assert.equal(refused.length, 1 + cases.length, 'every refused attempt is logged');
  });

  it("grants a reveal with a reason and a custodian's PIN; the approval is the custodian's signature", async () => {
    const r = await cli([
      'identity',
      'show',
      subject,
      '--reveal',
      '--reason',
      'court order 2026-17',
      '--actor',
      'clerk-7',
      '--custodian',
      custodian,
      '--custodian-pin-env',
      'CPIN',
      '--json',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).personal.name, NAME);
    const entry = (await log(subject)).at(-1)!;
    assert.deepEqual([entry.action, entry.outcome, entry.reason], ['reveal', 'granted', 'court order 2026-17']);
    assert.deepEqual(
      entry.approvers.map((a) => a.personId),
      [custodian],
    );
    // The approval verifies under the custodian's certificate.
    const cert = await wb.json<{ pem: string }>(['pki', 'show', entry.approvers[0].certSerial]);
    const statement = (await import('node:crypto')).createHash('sha256').update('court order 2026-17').digest('hex');
    const signed = `affix access/1\nreveal\n${subject}\n${entry.fields.join(',')}\n${statement}\nactor=clerk-7`;
    assert.ok(verify('sha256', Buffer.from(signed), { key: createPublicKey(cert.pem), dsaEncoding: 'der' }, Buffer.from(entry.approvers[0].signature, 'hex')));

    const ledger = wb.entries()[entry.ledgerIndex].entry;
    assert.equal(ledger.type, 'access.viewed');
    assert.equal(ledger.refs?.actor, 'clerk-7');
    assert.equal(ledger.refs?.approvers, custodian);
    assert.match(ledger.refs?.reasonSha256 ?? '', /^[0-9a-f]{64}$/);
    const text = JSON.stringify(ledger);
    for (const pii of [NAME, ID_NUMBER, '1949-12-31', 'court order']) assert.ok(!text.includes(pii), `${pii} on the ledger`);
  });

  it('logs disclosures (identity show --disclose) and the erasure, which needs a reason and the approval', async () => {
    const d = await cli([
      'identity',
      'show',
      subject,
      '--disclose',
      'name',
      '--reason',
      'evidence for case 17',
      '--custodian',
      custodian,
      '--custodian-pin-env',
      'CPIN',
    ]);
    assert.equal(d.status, 0, d.stderr);
    const noReason = await cli(['identity', 'erase', subject, '--yes', '--custodian', custodian, '--custodian-pin-env', 'CPIN']);
    assert.equal(noReason.status, 2);
    assert.match(noReason.stderr, /needs a stated reason/);
    const noPass = await affix(['identity', 'erase', subject, '--yes', '--reason', 'x', '--home', wb.home]);
    assert.equal(noPass.status, 2, 'erasure needs the workspace passphrase');
    const e = await cli([
      'identity',
      'erase',
      subject,
      '--yes',
      '--reason',
      'the person asked to be forgotten',
      '--custodian',
      custodian,
      '--custodian-pin-env',
      'CPIN',
    ]);
    assert.equal(e.status, 0, e.stderr);
    const entries = await log(subject);
    const granted = entries.filter((x) => x.outcome === 'granted').map((x) => x.action);
    assert.deepEqual(granted, ['reveal', 'disclose', 'erase']);
    const ledger = wb.entries();
    assert.equal(ledger[entries.find((x) => x.action === 'disclose')!.ledgerIndex].entry.type, 'access.disclosed');
    assert.equal(ledger[entries.find((x) => x.action === 'erase' && x.outcome === 'granted')!.ledgerIndex].entry.type, 'access.erased');
    const human = await affix(['access', 'log', '--home', wb.home]);
    assert.match(human.stdout, /erase\s+granted/);
    assert.match(human.stdout, /reason: the person asked to be forgotten/);
  });
});
