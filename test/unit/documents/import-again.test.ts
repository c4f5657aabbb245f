/**
 * `affix doc import` of bytes already in the workspace says so (the name given
 * is not silently dropped), and `doc list` counts the signatures a PDF carried
 * when it was imported, not only those Affix added.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { affix, tempHome } from '../../support/cli';
import { handmadePdf } from '../../support/handmade-pdf';

const ENV = { KEY_PASS: 'correct horse battery' };

test('importing the same bytes again with a new --name says it is the earlier document', async () => {
  const home = tempHome('affix-import-again-');
  assert.equal((await affix(['init', '--home', home])).status, 0);
  const pdf = join(dirname(home), 'a.pdf');
  writeFileSync(pdf, handmadePdf({ style: 'table' }));
  const first = await affix(['doc', 'import', pdf, '--name', '合同 A', '--home', home, '--json']);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(JSON.parse(first.stdout).existing, false);
  assert.equal(first.stderr, '');
  const again = await affix(['doc', 'import', pdf, '--name', '合同 B', '--home', home, '--json']);
  assert.equal(again.status, 0, again.stderr);
  const doc = JSON.parse(again.stdout) as { id: string; name: string; existing: boolean };
  assert.deepEqual([doc.id, doc.name, doc.existing], [JSON.parse(first.stdout).id, '合同 A', true]);
  assert.match(again.stderr, /already in the workspace as "合同 A" .*the name "合同 B" was not applied/);
  const plain = await affix(['doc', 'import', pdf, '--home', home]);
  assert.match(plain.stdout, /^Already imported 合同 A/);
});

test('doc list counts the signatures an imported PDF already carries, then those added here', async () => {
  const signer = tempHome('affix-signed-elsewhere-');
  const dir = dirname(signer);
  assert.equal((await affix(['init', '--home', signer])).status, 0);
  const pdf = join(dir, 'in.pdf');
  writeFileSync(pdf, handmadePdf({ style: 'table' }));
  const key = JSON.parse((await affix(['key', 'create', '--label', 'Elsewhere', '--passphrase-env', 'KEY_PASS', '--home', signer, '--json'], ENV)).stdout) as {
    id: string;
  };
  const signed = join(dir, 'signed.pdf');
  assert.equal((await affix(['sign', pdf, '-o', signed, '--key', key.id, '--passphrase-env', 'KEY_PASS', '--home', signer], ENV)).status, 0);

  const home = tempHome('affix-count-');
  assert.equal((await affix(['init', '--home', home])).status, 0);
  const imported = JSON.parse((await affix(['doc', 'import', signed, '--home', home, '--json'])).stdout) as { id: string; signatures: number };
  assert.equal(imported.signatures, 1, 'the signature made elsewhere');
  const key2 = JSON.parse((await affix(['key', 'create', '--label', 'Here', '--passphrase-env', 'KEY_PASS', '--home', home, '--json'], ENV)).stdout) as {
    id: string;
  };
  const twice = join(dir, 'twice.pdf');
  assert.equal((await affix(['sign', signed, '-o', twice, '--key', key2.id, '--passphrase-env', 'KEY_PASS', '--home', home], ENV)).status, 0);
  const list = await affix(['doc', 'list', '--home', home]);
  assert.match(list.stdout, new RegExp(`${imported.id} .* 2 signatures `));
  const json = JSON.parse((await affix(['doc', 'list', '--home', home, '--json'])).stdout) as { id: string; signatures: number }[];
  assert.equal(json.find((d) => d.id === imported.id)?.signatures, 2);
});
