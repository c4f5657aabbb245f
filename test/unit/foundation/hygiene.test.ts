/**
 * Workspace hygiene from issue 16: missing files named in words, encrypted
 * PDFs refused at import, workspace files 0600 and folders 0700, and a full
 * disk (a small tmpfs) giving "No space left on device while …" with nothing
 * corrupted, while read-only commands keep working.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { affix, tempHome } from '../../support/cli';
import { handmadePdf } from '../../support/handmade-pdf';

const dir = mkdtempSync(join(tmpdir(), 'affix-hygiene-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const pdf = join(dir, 'plain.pdf');
writeFileSync(pdf, handmadePdf({ style: 'table' }));

describe('missing files', () => {
  for (const args of [['doc', 'import'], ['verify'], ['proof', 'verify']]) {
    it(`affix ${args.join(' ')} names the missing file in words`, async () => {
      const home = tempHome();
      await affix(['init', '--home', home]);
      const r = await affix([...args, join(dir, 'nope.pdf'), '--home', home]);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /nope\.pdf.*no such file or directory \(ENOENT\)/);
    });
  }
});

describe('encrypted PDFs', () => {
  it('are refused at import with a clear message, and nothing is recorded', async (t) => {
    const encrypted = join(dir, 'encrypted.pdf');
    try {
      execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', pdf, encrypted]);
    } catch {
      t.skip('qpdf is not installed');
      return;
    }
    const home = tempHome();
    await affix(['init', '--home', home]);
    const r = await affix(['doc', 'import', encrypted, '--home', home]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /encrypted \(password-protected\); Affix cannot sign encrypted PDFs/);
    const list = await affix(['doc', 'list', '--home', home, '--json']);
    assert.deepEqual(JSON.parse(list.stdout), []);
  });
});

describe('workspace permissions', () => {
  it('every folder is 0700 and every file 0600', async () => {
    const home = tempHome();
    const env = { KP: 'a long key passphrase' };
    assert.equal((await affix(['init', '--home', home])).status, 0);
    assert.equal((await affix(['key', 'create', '--label', 'K', '--passphrase-env', 'KP', '--home', home], env)).status, 0);
    assert.equal((await affix(['doc', 'import', pdf, '--home', home])).status, 0);
    const loose: string[] = [];
    const walk = (p: string): void => {
      const s = statSync(p);
      if ((s.mode & 0o077) !== 0) loose.push(`${p} ${(s.mode & 0o777).toString(8)}`);
      if (s.isDirectory()) for (const n of readdirSync(p)) walk(join(p, n));
    };
    walk(home);
    assert.deepEqual(loose, []);
  });
});

describe('a full disk (tmpfs)', () => {
  it('import fails with "No space left on device while …", read-only commands never fail blindly, nothing is corrupted', async (t) => {
    const mount = join(dir, 'small');
    mkdirSync(mount);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mount], { stdio: 'pipe' });
    } catch (error) {
      t.skip(`cannot mount a tmpfs here: ${(error as Error).message.split('\n')[0]}`);
      return;
    }
    try {
      const home = join(mount, 'home');
      assert.equal((await affix(['init', '--home', home])).status, 0);
      assert.equal((await affix(['doc', 'import', pdf, '--home', home])).status, 0);
      const big = join(dir, 'big.pdf');
      writeFileSync(big, Buffer.concat([handmadePdf({ style: 'table' }), Buffer.alloc(1024 * 1024, 0x20), Buffer.from('\n%%EOF\n')]));
      // Fill the disk.
      const filler = join(mount, 'filler');
      try {
        execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { stdio: 'pipe' });
      } catch {
        // dd ends with "No space left on device", as intended.
      }
      const full = await affix(['doc', 'import', big, '--home', home]);
      assert.equal(full.status, 2, full.stderr);
      assert.match(full.stderr, /No space left on device/);
      assert.doesNotMatch(full.stderr, /internal error|disk I\/O error/);
      assert.deepEqual(
        readdirSync(home, { recursive: true }).filter((n) => String(n).endsWith('.tmp')),
        [],
        'temp files left',
      );
      // Read-only commands: they work, or say the disk is full; never an internal error.
      // (Known gap: SQLite's WAL recovery can need room even to read; see README.)
      for (const args of [['status'], ['verify', pdf], ['ledger', 'verify']]) {
        const r = await affix([...args, '--home', home]);
        assert.ok(r.status === 0 || r.status === 3 || /No space left on device while/.test(r.stderr), `affix ${args.join(' ')}: ${r.status} ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /internal error/);
      }
      // Space returns: nothing was corrupted, and the import now succeeds.
      rmSync(filler);
      assert.equal((await affix(['status', '--home', home])).status, 0);
      const again = await affix(['doc', 'import', big, '--home', home]);
      assert.equal(again.status, 0, again.stderr);
      const audit = await affix(['ledger', 'verify', '--home', home]);
      assert.equal(audit.status, 0, audit.stderr + audit.stdout);
    } finally {
      // Lazy: a file this process still has open (e.g. a closed database's page cache) must not keep the mount.
      execFileSync('umount', ['-l', mount]);
    }
  });
});
