/**
 * `affix ledger append --from FILE.jsonl` (issue 20): many entries in one
 * process and one transaction; a bad line anywhere exits 2 naming the line
 * and appends nothing; the appended entries are exactly the file's, in order,
 * and the ledger audit passes afterwards.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openServices } from '../../../main/services/composition/container';
import { affix, tempHome } from '../../support/cli';

const hex = (i: number): string => i.toString(16).padStart(64, '0');
const line = (i: number, extra: Record<string, unknown> = {}): string => JSON.stringify({ type: 'document.anchored', subjects: [hex(i)], ...extra });

function fileWith(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'affix-from-')), 'entries.jsonl');
  writeFileSync(path, lines.join('\n'));
  return path;
}

async function ledgerSize(home: string): Promise<number> {
  const r = await affix(['ledger', 'show', '--home', home, '--limit', '1', '--json']);
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { total: number }).total;
}

test('appends every line in order, in one call, and the audit passes', async () => {
  const home = tempHome();
  assert.equal((await affix(['init', '--home', home])).status, 0);
  await affix(['ledger', 'append', '--home', home, '--type', 'document.anchored', '--hash', hex(999_999)]);
  const count = 25_000; // more than one internal batch (10,000), all in the one transaction
  const lines = Array.from({ length: count }, (_, i) =>
    i === 7 ? line(i, { commitments: ['AB'.repeat(32)], actorKeyId: 'key-1', refs: { documentId: 'doc-1' } }) : line(i),
  );
  lines.splice(100, 0, '', '   '); // blank lines are skipped
  const r = await affix(['ledger', 'append', '--from', fileWith(lines), '--home', home, '--json']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { appended: count, first: 1, last: count });
  assert.equal(await ledgerSize(home), count + 1);

  const s = openServices(home);
  try {
    const entries = s.ledger.entries(1, 10);
    assert.deepEqual(
      entries.map((e) => e.entry.subjects[0]),
      Array.from({ length: 10 }, (_, i) => hex(i)),
    );
    assert.deepEqual(entries[7].entry.commitments, ['ab'.repeat(32)], 'hex is taken in either case, stored lowercase');
    assert.equal(entries[7].entry.actorKeyId, 'key-1');
    assert.equal(s.ledger.entries(count, 1)[0].entry.subjects[0], hex(count - 1));
  } finally {
    s.close();
  }
  const audit = await affix(['ledger', 'verify', '--home', home]);
  assert.equal(audit.status, 0, audit.stdout + audit.stderr);
});

test('a bad line exits 2 naming it, and nothing of the file is appended', async () => {
  const home = tempHome();
  assert.equal((await affix(['init', '--home', home])).status, 0);
  const good = Array.from({ length: 15_000 }, (_, i) => line(i));
  const cases: { bad: string; says: RegExp }[] = [
    { bad: '{"type": "document.anchored", "subjects": [', says: /line 12001: not JSON/ },
    { bad: line(1, { type: 'no.such.type' }), says: /line 12001: type:/ },
    { bad: JSON.stringify({ type: 'document.anchored', subjects: ['abc'] }), says: /line 12001: subjects\.0/ },
    { bad: line(1, { name: '张三' }), says: /line 12001: .*name/ },
    { bad: '[1, 2]', says: /line 12001/ },
  ];
  for (const { bad, says } of cases) {
    const lines = [...good];
    lines.splice(12_000, 0, bad); // after the first batch has gone in: it must be rolled back too
    const r = await affix(['ledger', 'append', '--from', fileWith(lines), '--home', home]);
    assert.equal(r.status, 2, `${bad}: ${r.stdout}`);
    assert.match(r.stderr, says);
    assert.equal(await ledgerSize(home), 0, `${bad}: nothing appended`);
  }
  const long = fileWith([line(1), `{"type":"document.anchored","subjects":["${'a'.repeat(70_000)}"]}`]);
  const r = await affix(['ledger', 'append', '--from', long, '--home', home]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /line 2: longer than/);
  assert.equal(await ledgerSize(home), 0);
});

test('--from refuses the single-entry options and a missing file, with exit 2', async () => {
  const home = tempHome();
  assert.equal((await affix(['init', '--home', home])).status, 0);
  const path = fileWith([line(1)]);
  const mixed = await affix(['ledger', 'append', '--from', path, '--type', 'document.anchored', '--home', home]);
  assert.equal(mixed.status, 2);
  assert.match(mixed.stderr, /do not combine it with --type/);
  const missing = await affix(['ledger', 'append', '--from', join(tmpdir(), 'affix-no-such-file.jsonl'), '--home', home]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /Cannot read the entries file .*ENOENT/);
  const empty = await affix(['ledger', 'append', '--from', fileWith([]), '--home', home]);
  assert.equal(empty.status, 0);
  assert.match(empty.stdout, /No entries/);
  assert.equal(await ledgerSize(home), 0);
});
