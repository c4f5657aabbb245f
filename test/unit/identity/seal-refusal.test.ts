/**
 * Seal use is refused — exit 2, no output file, and a seal.refused entry on
 * the ledger — for a person who is not authorised (never, or no longer), and
 * for a seal outside its validity window (not yet valid, expired: made while
 * an injected clock read the past, so no test waits for a window to end).
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { pdfWithEmptySignatureField } from '../../support/signing-fixtures';
import { openServices } from '../../../main/services/composition/container';
import { SettableClock } from '../../support/settable-clock';
import { PASSPHRASE, Workbench } from './fixtures';

const HOUR = 3_600_000;

describe('refused seal use', () => {
  const wb = new Workbench();
  let orgId: string;
  let clerk: string;
  let stranger: string;
  let seal: string;
  let n = 0;

  before(async () => {
    await wb.init();
    orgId = (await wb.createOrg()).id;
    clerk = (await wb.verifyPerson('陈合同', '360426199101010071')).id;
    stranger = (await wb.verifyPerson('周路人', '11010519491231002X')).id;
    seal = (
      await wb.json<{ sealId: string }>(['seal', 'create', '--org', orgId, '--type', 'contract', '--name', '测试合同专用章', '--valid-until', '2099-12-31'])
    ).sealId;
    await wb.json(['seal', 'authorize', seal, '--person', clerk], false);
    writeFileSync(wb.file('in.pdf'), pdfWithEmptySignatureField());
  });
  after(() => wb.cleanup());

  async function expectRefused(sealId: string, personId: string, reason: RegExp): Promise<void> {
    const out = wb.file(`out-${++n}.pdf`);
    const before = wb.entries().length;
    const r = await wb.run(['seal', 'sign', wb.file('in.pdf'), '-o', out, '--seal', sealId, '--as', personId]);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, reason);
    assert.equal(existsSync(out), false, 'no output file for a refused use');
    const added = wb.entries().slice(before);
    assert.deepEqual(
      added.map((e) => e.entry.type),
      ['seal.refused'],
    );
    assert.equal(added[0].entry.refs?.sealId, sealId);
    assert.equal(added[0].entry.refs?.personId, personId);
    assert.match(added[0].entry.refs?.reason ?? '', reason);
  }

  it('lets the authorised person seal (control)', async () => {
    const r = await wb.run(['seal', 'sign', wb.file('in.pdf'), '-o', wb.file('ok.pdf'), '--seal', seal, '--as', clerk]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(wb.entries().some((e) => e.entry.type === 'seal.used' && e.entry.refs?.personId === clerk));
  });

  it('refuses a person who is not authorised', () => expectRefused(seal, stranger, /not authorised/));

  it('refuses a person whose authorisation was withdrawn', async () => {
    await wb.json(['seal', 'authorize', seal, '--person', clerk, '--revoke'], false);
    await expectRefused(seal, clerk, /not authorised/);
    await wb.json(['seal', 'authorize', seal, '--person', clerk], false);
  });

  it('refuses a seal that is not yet valid', async () => {
    const future = (
      await wb.json<{ sealId: string }>([
        'seal',
        'create',
        '--org',
        orgId,
        '--type',
        'finance',
        '--name',
        '测试财务专用章',
        '--valid-from',
        '2098-01-01',
        '--valid-until',
        '2099-01-01',
      ])
    ).sealId;
    await wb.json(['seal', 'authorize', future, '--person', clerk], false);
    await expectRefused(future, clerk, /not valid before/);
  });

  it('refuses an expired seal', async () => {
    // A seal that ended an hour ago, made while the services' clock read two hours ago (no waiting for a window to end).
    const clock = new SettableClock();
    clock.set(new Date(Date.now() - 2 * HOUR));
    const services = openServices(wb.home, { clock: clock.read });
    let brief: string;
    try {
      const made = await services.seals.create({
        ...{ orgId, type: 'personnel', name: '测试人事专用章', passphrase: PASSPHRASE },
        ...{ validFrom: new Date(Date.now() - 3 * HOUR), validUntil: new Date(Date.now() - HOUR) },
      });
      brief = made.sealId;
    } finally {
      services.close();
    }
    await wb.json(['seal', 'authorize', brief, '--person', clerk], false);
    // The CLI reads the system clock: there the window has ended.
    await expectRefused(brief, clerk, /expired/);
  });

  it('refuses to authorise an unknown person or to create a seal with a bad window (exit 2)', async () => {
    const r1 = await wb.plain(['seal', 'authorize', seal, '--person', 'person-00000000-0000-0000-0000-000000000000']);
    assert.equal(r1.status, 2);
    const r2 = await wb.run([
      'seal',
      'create',
      '--org',
      orgId,
      '--type',
      'contract',
      '--name',
      'x',
      '--valid-from',
      '2030-01-01',
      '--valid-until',
      '2029-01-01',
    ]);
    assert.equal(r2.status, 2);
    assert.match(r2.stderr, /must end after it starts/);
    const r3 = await wb.run(['seal', 'create', '--org', orgId, '--type', 'stamp', '--name', 'x', '--valid-until', '2099-01-01']);
    assert.equal(r3.status, 2);
    assert.match(r3.stderr, /--type must be one of/);
  });
});
