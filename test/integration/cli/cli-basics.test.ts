import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { commands } from '../../../main/cli/commands';
import { affix, tempHome } from '../../support/cli';
import { handmadePdf } from '../../support/handmade-pdf';
import { repoRoot } from '../../support/repo';

test('init creates a workspace and status reports its real state', async () => {
  const home = tempHome();
  const init = await affix(['init', '--home', home, '--json']);
  assert.equal(init.status, 0, init.stderr);
  const created = JSON.parse(init.stdout);
  assert.equal(created.created, true);
  assert.equal(created.home, home);
  assert.ok(existsSync(join(home, 'affix.db')));
  assert.match(created.workspaceId, /^[0-9a-f-]{36}$/);

  const again = JSON.parse((await affix(['init', '--home', home, '--json'])).stdout);
  assert.equal(again.created, false, 'a second init keeps the existing workspace');
  assert.equal(again.workspaceId, created.workspaceId);

  const status = await affix(['status', '--home', home, '--json']);
  assert.equal(status.status, 0, status.stderr);
  const s = JSON.parse(status.stdout);
  assert.equal(s.workspaceId, created.workspaceId);
  assert.equal(s.schema.core, 1);
  assert.equal(s.documents, 0);

  const human = await affix(['status', '--home', home]);
  assert.match(human.stdout, new RegExp(created.workspaceId));
});

test('AFFIX_HOME selects the workspace when --home is absent', async () => {
  const home = tempHome();
  assert.equal((await affix(['init'], { AFFIX_HOME: home })).status, 0);
  const s = JSON.parse((await affix(['status', '--json'], { AFFIX_HOME: home })).stdout);
  assert.equal(s.home, home);
});

test('status on a folder that is not a workspace is a clear exit-2 error', async () => {
  const r = await affix(['status', '--home', tempHome()]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /No Affix workspace at .* Run "affix init/);
});

test('malformed arguments exit 2 with a message naming the problem', async () => {
  const unknownOption = await affix(['status', '--bogus']);
  assert.equal(unknownOption.status, 2);
  assert.match(unknownOption.stderr, /--bogus/);
  const unknownCommand = await affix(['frobnicate']);
  assert.equal(unknownCommand.status, 2);
  assert.match(unknownCommand.stderr, /unknown command "frobnicate"/);
  const extra = await affix(['status', 'surplus']);
  assert.equal(extra.status, 2);
  assert.match(extra.stderr, /takes no positional arguments/);
  const none = await affix([]);
  assert.equal(none.status, 2);
});

test('every command answers --help with its usage and exit 0', async () => {
  assert.ok(commands.length >= 2);
  for (const c of commands) {
    const r = await affix([...c.name.split(' '), '--help']);
    assert.equal(r.status, 0, `${c.name} --help`);
    assert.match(r.stdout, new RegExp(`^Usage: affix ${c.name}`), c.name);
    assert.match(r.stdout, /Exit status: 0 success, 1 verification failed, 2 bad input/, c.name);
  }
  const top = await affix(['--help']);
  assert.equal(top.status, 0);
  for (const c of commands) assert.ok(top.stdout.includes(c.name), `overall help lists ${c.name}`);
});

test('documents: importing a non-PDF is refused and leaves no document behind', async () => {
  const home = tempHome();
  await affix(['init', '--home', home]);
  const r = await affix(['doc', 'import', join(repoRoot, 'package.json'), '--home', home]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not a PDF/);
  const list = JSON.parse((await affix(['doc', 'list', '--home', home, '--json'])).stdout);
  assert.deepEqual(list, []);
});

test('documents: a PDF is stored content-addressed and imported once', async () => {
  const home = tempHome();
  await affix(['init', '--home', home]);
  const pdf = join(home, '..', 'three-pages.pdf');
  writeFileSync(pdf, handmadePdf({ style: 'table' }));
  const first = JSON.parse((await affix(['doc', 'import', pdf, '--home', home, '--json'])).stdout);
  const second = JSON.parse((await affix(['doc', 'import', pdf, '--home', home, '--json'])).stdout);
  assert.equal(first.id, second.id);
  assert.match(first.sha256, /^[0-9a-f]{64}$/);
  assert.ok(existsSync(join(home, 'blobs', first.sha256.slice(0, 2), first.sha256.slice(2))));
});

test('npm run affix works from the repository (builds if needed) and keeps exit statuses', () => {
  const home = tempHome();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const init = spawnSync(npm, ['run', '--silent', 'affix', '--', 'init', '--home', home, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  assert.equal(JSON.parse(init.stdout).home, home);
  const status = spawnSync(npm, ['run', '--silent', 'affix', '--', 'status', '--home', home, '--json'], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(status.status, 0, status.stderr);
  assert.equal(JSON.parse(status.stdout).workspaceId, JSON.parse(init.stdout).workspaceId);
  const bad = spawnSync(npm, ['run', '--silent', 'affix', '--', 'status', '--home', join(home, 'nope')], { cwd: repoRoot, encoding: 'utf8' });
  assert.equal(bad.status, 2);
});
