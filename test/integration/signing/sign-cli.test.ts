/**
 * `affix sign`, `affix key create|list` end to end through the CLI (in
 * process, same code as the binary): the three key sources, workspace
 * records and ledger anchors, and every refusal the issue lists — exit 2, a
 * message naming the problem, no output file, the input untouched.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openServices } from '../../../main/services/composition/container';
import { affix, tempHome } from '../../support/cli';
import { opensslP12, type P12Files } from '../../support/key-fixtures';
import { extractSignatures, opensslCmsVerify, pdfsig, qpdfCheck } from '../../support/pdf-tools';
import { corpusDir, corpusSkip } from '../../support/corpus';
import { tempDir } from '../../support/signing-fixtures';
import { createSoftHsmToken, type SoftHsmToken } from '../../support/softhsm';

const pdfjs = (f: string): string => join(corpusDir, 'pdfjs', f);
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

let tmp: ReturnType<typeof tempDir>;
let home: string;
let p12: P12Files;
let token: SoftHsmToken;
let keyId: string;
const env = { KEY_PASS: 'correct horse battery', P12_PASS: 'p12-secret', PIN: '123456', BAD: 'wrong-secret' };

before(async () => {
  tmp = tempDir('affix-sign-cli-');
  home = tempHome();
  p12 = opensslP12(tmp.dir);
  token = createSoftHsmToken();
  assert.equal((await affix(['init', '--home', home])).status, 0);
  const created = await affix(['key', 'create', '--home', home, '--label', '张三 Zhang San', '--passphrase-env', 'KEY_PASS', '--json'], env);
  assert.equal(created.status, 0, created.stderr);
  keyId = JSON.parse(created.stdout).id;
});
after(() => {
  token?.cleanup();
  tmp?.cleanup();
});

const out = (name: string): string => join(tmp.dir, name);
const hsmArgs = (): string[] => ['--pkcs11-module', token.modulePath, '--token-label', token.tokenLabel, '--key-label', token.keyLabel, '--pin-env', 'PIN'];

describe('affix key', () => {
  it('lists the created key, whose private part is sealed on disk', async () => {
    const list = await affix(['key', 'list', '--home', home, '--json']);
    assert.equal(list.status, 0);
    const keys = JSON.parse(list.stdout) as { id: string; label: string; subject: string }[];
    assert.deepEqual(
      keys.map((k) => k.label),
      ['张三 Zhang San'],
    );
    assert.match(keys[0].subject, /CN=张三 Zhang San/);
    const record = readFileSync(join(home, 'keys', `${keyId}.json`), 'utf8');
    assert.match(record, /"sealedKey"/);
    assert.doesNotMatch(record, /PRIVATE KEY/);
  });

  it('anchors key.created on the ledger', () => {
    const s = openServices(home);
    try {
      const types = s.ledger.entries(0, 100).map((e) => e.entry.type);
      assert.ok(types.includes('key.created'), types.join(','));
    } finally {
      s.close();
    }
  });

  it('refuses a short passphrase and a missing variable with exit 2', async () => {
    const short = await affix(['key', 'create', '--home', home, '--label', 'x', '--passphrase-env', 'SHORT'], { SHORT: 'abc' });
    assert.equal(short.status, 2);
    assert.match(short.stderr, /passphrase/);
    const missing = await affix(['key', 'create', '--home', home, '--label', 'x', '--passphrase-env', 'NOPE']);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /NOPE/);
  });
});

describe('affix sign', { skip: corpusSkip }, () => {
  it('signs three times (workspace key, PKCS#12, PKCS#11), records each version and anchors each signature', async () => {
    const input = pdfjs('issue16063.pdf');
    const inputHash = sha(input);
    const r1 = await affix(
      [
        'sign',
        input,
        '-o',
        out('s1.pdf'),
        '--home',
        home,
        '--key',
        keyId,
        '--passphrase-env',
        'KEY_PASS',
        '--certify',
        '2',
        '--appearance',
        'seal',
        '--org-name',
        '北京测试科技有限公司',
        '--seal-text',
        '合同专用章',
        '--page',
        '1',
        '--rect',
        '400,80,119,119',
        '--empty-field',
        'name=Party B,page=1,rect=60,80,200,70',
        '--json',
      ],
      env,
    );
    assert.equal(r1.status, 0, r1.stderr);
    const j1 = JSON.parse(r1.stdout);
    assert.equal(j1.field, 'Signature1');
    assert.equal(j1.certification, 2);
    assert.equal(j1.sha256, sha(out('s1.pdf')));
    assert.equal(j1.revision, 5);
    const r2 = await affix(
      [
        'sign',
        out('s1.pdf'),
        '-o',
        out('s2.pdf'),
        '--home',
        home,
        '--p12',
        p12.path,
        '--password-env',
        'P12_PASS',
        '--appearance',
        'person',
        '--field',
        'Party B',
        '--reason',
        '同意',
        '--subfilter',
        'pkcs7',
        '--json',
      ],
      env,
    );
    assert.equal(r2.status, 0, r2.stderr);
    const r3 = await affix(['sign', out('s2.pdf'), '-o', out('s3.pdf'), '--home', home, ...hsmArgs(), '--field', 'Approval', '--json'], env);
    assert.equal(r3.status, 0, r3.stderr);
    const j3 = JSON.parse(r3.stdout);
    assert.equal(j3.field, 'Approval');
    assert.equal(sha(input), inputHash, 'the input is never modified');

    const sig = await pdfsig(out('s3.pdf'));
    assert.deepEqual(
      sig.signatures.map((s) => [s.valid, s.totalDocumentSigned]),
      [
        [true, false],
        [true, false],
        [true, true],
      ],
      sig.output,
    );
    assert.deepEqual(
      sig.signatures.map((s) => s.subFilter),
      ['ETSI.CAdES.detached', 'adbe.pkcs7.detached', 'ETSI.CAdES.detached'],
    );
    const cms = extractSignatures(readFileSync(out('s3.pdf')));
    assert.equal((await opensslCmsVerify(cms[1], p12.certPem)).code, 0);
    assert.equal((await opensslCmsVerify(cms[2], token.certPem)).code, 0);
    assert.equal((await qpdfCheck(out('s3.pdf'))).code, 0);

    const s = openServices(home);
    try {
      const doc = s.documents.get(j1.documentId);
      assert.equal(doc.sha256, inputHash);
      assert.equal(doc.versions, 4);
      assert.equal(doc.currentSha256, j3.sha256);
      const anchored = s.ledger.entries(0, 1000).filter((e) => e.entry.type === 'signature.added');
      assert.deepEqual(
        anchored.map((e) => e.entry.subjects[0]),
        [j1.sha256, JSON.parse(r2.stdout).sha256, j3.sha256],
      );
      assert.equal(anchored[0].entry.actorKeyId, keyId);
    } finally {
      s.close();
    }
  });

  it('locks fields with FieldMDP (--lock) and stays valid', async () => {
    const res = await affix(
      [
        'sign',
        pdfjs('issue5734.pdf'),
        '-o',
        out('locked.pdf'),
        '--home',
        home,
        '--p12',
        p12.path,
        '--password-env',
        'P12_PASS',
        '--field',
        'Buyer',
        '--lock',
        'include:Buyer,Seller',
        '--json',
      ],
      env,
    );
    assert.equal(res.status, 0, res.stderr);
    const text = readFileSync(out('locked.pdf')).toString('latin1');
    assert.match(text, /\/Lock\s*<<[^>]*\/Action\s*\/Include/);
    assert.match(text, /\/TransformMethod\s*\/FieldMDP/);
    const sig = await pdfsig(out('locked.pdf'));
    assert.equal(sig.signatures.length, 1);
    assert.equal(sig.signatures[0].valid, true, sig.output);
    const bad = await affix(
      ['sign', pdfjs('issue5734.pdf'), '-o', out('badlock.pdf'), '--home', home, '--p12', p12.path, '--password-env', 'P12_PASS', '--lock', 'some'],
      env,
    );
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--lock must be/);
  });

  const refusals: { name: string; args: () => string[]; input?: () => string; message: RegExp }[] = [
    {
      name: 'an encrypted PDF',
      input: () => pdfjs('empty_protected.pdf'),
      args: () => ['--p12', p12.path, '--password-env', 'P12_PASS'],
      message: /encrypted/,
    },
    {
      name: 'a broken PDF',
      input: () => truncated(),
      args: () => ['--p12', p12.path, '--password-env', 'P12_PASS'],
      message: /cannot be read as a PDF|damaged|startxref|cross-reference/i,
    },
    {
      name: 'a file that is not a PDF',
      input: () => notPdf(),
      args: () => ['--p12', p12.path, '--password-env', 'P12_PASS'],
      message: /not a PDF|cannot be read as a PDF|%PDF/i,
    },
    { name: 'a wrong PKCS#12 password', args: () => ['--p12', p12.path, '--password-env', 'BAD'], message: /Wrong PKCS#12 password/ },
    { name: 'a wrong workspace key passphrase', args: () => ['--key', keyId, '--passphrase-env', 'BAD'], message: /Wrong passphrase/ },
    { name: 'a wrong PIN', args: () => [...hsmArgs().slice(0, -2), '--pin-env', 'BAD'], message: /Wrong PIN/ },
    {
      name: 'a key that does not match its certificate',
      args: () => ['--pkcs11-module', token.modulePath, '--token-label', token.tokenLabel, '--key-label', token.mismatchedKeyLabel, '--pin-env', 'PIN'],
      message: /does not match its certificate/,
    },
    {
      name: 'a page out of range',
      args: () => ['--p12', p12.path, '--password-env', 'P12_PASS', '--appearance', 'person', '--page', '9', '--rect', '10,10,100,50'],
      message: /Page 9 is out of range/,
    },
    {
      name: 'a rectangle out of range',
      args: () => ['--p12', p12.path, '--password-env', 'P12_PASS', '--appearance', 'person', '--page', '1', '--rect', '500,800,200,70'],
      message: /Rectangle 500,800,200,70 is out of range/,
    },
    {
      name: 'a text that does not occur',
      args: () => ['--p12', p12.path, '--password-env', 'P12_PASS', '--appearance', 'seal', '--org-name', '某公司', '--at-text', '甲方（盖章）'],
      message: /does not occur/,
    },
    {
      name: 'the output path equal to the input',
      input: () => copyOf('same.pdf'),
      args: () => ['--p12', p12.path, '--password-env', 'P12_PASS', '-o', out('same.pdf')],
      message: /different file from the input/,
    },
  ];
  for (const r of refusals) {
    it(`refuses ${r.name}: exit 2, a message, no output`, async () => {
      const input = r.input?.() ?? pdfjs('three_pages_with_number.pdf');
      const before = sha(input);
      const target = out(`refused-${r.name.replace(/\W+/g, '-')}.pdf`);
      const args = r.args();
      const res = await affix(['sign', input, ...(args.includes('-o') ? [] : ['-o', target]), '--home', home, ...args], env);
      assert.equal(res.status, 2, res.stdout + res.stderr);
      assert.match(res.stderr, r.message);
      assert.equal(existsSync(target), false, 'no output file');
      assert.equal(sha(input), before, 'input untouched');
    });
  }

  it('needs a workspace', async () => {
    const res = await affix(
      ['sign', pdfjs('issue5734.pdf'), '-o', out('nows.pdf'), '--home', join(tmp.dir, 'no-workspace'), '--p12', p12.path, '--password-env', 'P12_PASS'],
      env,
    );
    assert.equal(res.status, 2);
    assert.match(res.stderr, /No Affix workspace.*affix init/);
    assert.equal(existsSync(out('nows.pdf')), false);
  });

  it('refuses two key sources at once', async () => {
    const res = await affix(['sign', pdfjs('issue5734.pdf'), '-o', out('two.pdf'), '--home', home, '--p12', p12.path, '--key', keyId], env);
    assert.equal(res.status, 2);
    assert.match(res.stderr, /one key source/);
  });
});

function truncated(): string {
  const bytes = readFileSync(pdfjs('issue5734.pdf'));
  const path = out('truncated.pdf');
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 3)));
  return path;
}

function notPdf(): string {
  const path = out('notes.pdf');
  writeFileSync(path, 'These are meeting notes, not a PDF.\n');
  return path;
}

function copyOf(name: string): string {
  const path = out(name);
  writeFileSync(path, readFileSync(pdfjs('issue5734.pdf')));
  return path;
}
