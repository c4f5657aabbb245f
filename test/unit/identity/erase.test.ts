/**
 * Crypto-shredding: after `affix identity erase`, neither the person's name
 * nor their ID number — nor the wrapped key that protected them — is in the
 * database file's bytes (or its WAL), in UTF-8 or UTF-16; their data can no
 * longer be opened; disclosures made before the erasure still verify
 * against the ledger; and `affix ledger verify` passes.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openServices } from '../../../main/services/composition/container';
import { verifyDisclosure } from '../../../shared/identity/commitment';
import { Workbench } from './fixtures';

const NAME = '王小明';
const ID_NUMBER = '11010519491231002X';

function encodings(s: string): Buffer[] {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.from(le).swap16();
  return [Buffer.from(s, 'utf8'), le, be];
}

function databaseBytes(home: string): Buffer {
  const files = ['affix.db', 'affix.db-wal', 'affix.db-journal'].map((f) => join(home, f)).filter(existsSync);
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

/** Every file of the workspace (database, WAL, blobs, ledger files). */
function workspaceBytes(home: string): Buffer {
  return Buffer.concat(
    readdirSync(home, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => readFileSync(join(d.parentPath, d.name))),
  );
}

describe('identity erase (crypto-shredding)', () => {
  const wb = new Workbench();
  let personId: string;
  let org: { id: string };
  let wrappedKey: Buffer;
  /** A reason and a custodian's approval: reveals, disclosures and erasures need them (issue #18). */
  let grant: string[];
  let disclosed: { disclosures: { field: string; value: string; salt: string; commitment: string }[]; ledgerIndex: number };

  before(async () => {
    await wb.init();
    org = await wb.createOrg();
    personId = (await wb.verifyPerson(NAME, ID_NUMBER)).id;
    await wb.json(['pki', 'issue', '--org', org.id, '--person', personId, '--pin-env', 'AFFIX_TEST_PIN']);
    grant = await wb.appointCustodian(org.id);
    const s = openServices(wb.home);
    try {
      wrappedKey = s.workspace.db.prepare<[string], { wrapped: Buffer }>('SELECT wrapped FROM subject_keys WHERE subject_id = ?').get(personId)!.wrapped;
    } finally {
      s.close();
    }
  });
  after(() => wb.cleanup());

  it('holds the personal data only encrypted, and can reveal and disclose it before erasure', async () => {
    const bytes = databaseBytes(wb.home);
    for (const needle of [...encodings(NAME), ...encodings(ID_NUMBER)])
      assert.equal(bytes.indexOf(needle), -1, `plaintext ${needle.toString('hex')} in the database`);
    assert.ok(bytes.indexOf(wrappedKey) >= 0, 'the wrapped subject key is in the file (the search itself works)');

    const shown = await wb.json<{ personal: { name: string; document: { parsed: { number: string } } } }>(['identity', 'show', personId, '--reveal', ...grant]);
    assert.equal(shown.personal.name, NAME);
    assert.equal(shown.personal.document.parsed.number, ID_NUMBER);

    const r = await wb.json<{ disclosed: typeof disclosed }>(['identity', 'show', personId, '--disclose', 'name', '--disclose', 'idNumber', ...grant]);
    disclosed = r.disclosed;
    assert.deepEqual(
      disclosed.disclosures.map((d) => d.value),
      [NAME, ID_NUMBER],
    );
  });

  it('erases: data gone from the file bytes, key shredded, certificates revoked', async () => {
    const r = await wb.json<{ revokedSerials: string[]; walTruncated: boolean }>(['identity', 'erase', personId, '--yes', ...grant]);
    assert.equal(r.revokedSerials.length, 1);
    assert.equal(r.walTruncated, true);
    const bytes = databaseBytes(wb.home);
    for (const needle of [...encodings(NAME), ...encodings(ID_NUMBER)]) assert.equal(bytes.indexOf(needle), -1);
    assert.equal(bytes.indexOf(wrappedKey), -1, 'the wrapped subject key survived in the database file');
    const everything = workspaceBytes(wb.home);
    for (const needle of [...encodings(NAME), ...encodings(ID_NUMBER), wrappedKey]) assert.equal(everything.indexOf(needle), -1, 'found in a workspace file');

    const reveal = await wb.run(['identity', 'show', personId, '--reveal', ...grant]);
    assert.equal(reveal.status, 2);
    assert.match(reveal.stderr, /erased/);
    const shown = await wb.json<{ person: { erasedAt: string | null; verification: unknown } }>(['identity', 'show', personId], false);
    assert.ok(shown.person.erasedAt);
    assert.ok(shown.person.verification, 'the clear record of commitments stays');
    const again = await wb.run(['identity', 'erase', personId, '--yes', ...grant]);
    assert.equal(again.status, 2);
    const issue = await wb.run(['pki', 'issue', '--org', org.id, '--person', personId, '--pin-env', 'AFFIX_TEST_PIN']);
    assert.equal(issue.status, 2);
    assert.match(issue.stderr, /erased/);
  });

  it('keeps the ledger verifiable, and earlier disclosures still open the anchored commitments', async () => {
    const audit = await wb.plain(['ledger', 'verify']);
    assert.equal(audit.status, 0, audit.stdout + audit.stderr);
    const entries = wb.entries();
    const verified = entries.find((e) => e.index === disclosed.ledgerIndex)!;
    assert.equal(verified.entry.type, 'identity.verified');
    for (const d of disclosed.disclosures) {
      assert.ok(verifyDisclosure(d, d.commitment));
      assert.ok(verified.entry.commitments?.includes(d.commitment), `${d.field} commitment is anchored`);
    }
    assert.ok(entries.some((e) => e.entry.type === 'identity.erased' && e.entry.refs?.personId === personId));
    assert.ok(entries.some((e) => e.entry.type === 'certificate.revoked' && e.entry.refs?.reason === 'cessationOfOperation'));
  });

  it('refuses erase without --yes (exit 2, nothing erased)', async () => {
    const other = await wb.verifyPerson('赵六', '360426199101010071');
    const r = await wb.plain(['identity', 'erase', other.id]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--yes/);
    const shown = await wb.json<{ personal: { name: string } }>(['identity', 'show', other.id, '--reveal', ...grant]);
    assert.equal(shown.personal.name, '赵六');
  });
});
