/**
 * Sole control (issue #18): no workspace key lies in any workspace file as a
 * raw seed or private scalar. Every kind of key is created through the CLI
 * (ledger node key, report seal, witness key, TSA key, root/issuing/seal-maker
 * CA keys, a seal key, a person key under their PIN, a passphrase key); each
 * one's raw secret is then unsealed in-process, and every file of the
 * workspace (SQLite database, WAL, blobs, JSON key files) is searched for it
 * as raw bytes, hex, base64 and base64url. A workspace made the old way (raw
 * seeds in node-key.json, report-seal.json without a protection field, a raw
 * witness key) opens with its passphrase, migrates, and keeps its keys.
 */
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openServices, type Services } from '../../../main/services/composition/container';
import { loadNodeSeed, nodeKeyPath, readNodePublicKey } from '../../../main/services/domain/ledger/node-key';
import { openPersonKey, pinKeyRecord } from '../../../main/services/domain/persons/person-key';
import { openReportSealSecret, reportKeyPath } from '../../../main/services/usecases/proof/report-key';
import { openWithPassphrase } from '../../../main/services/core/secrets/passphrase-box';
import { openWitnessSeed, readWitnessKey, witnessKeyPath } from '../../../main/services/usecases/witness/witness-key';
import { formatVerifierKey } from '../../../shared/ledger/note';
import { affix } from '../../support/cli';
import { PASSPHRASE, PERSON_PIN, Workbench } from '../identity/fixtures';

const KEY_PASS = 'key passphrase 7781';

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The forms a secret could be written in: raw bytes, hex (both cases), base64 and base64url (without padding). */
function spellings(secret: Uint8Array): Buffer[] {
  const b = Buffer.from(secret);
  const b64 = b.toString('base64').replace(/=+$/, '');
  return [b, Buffer.from(b.toString('hex')), Buffer.from(b.toString('hex').toUpperCase()), Buffer.from(b64), Buffer.from(b.toString('base64url'))];
}

/** Names of the files under `home` that hold any spelling of any secret, as "file: secret name". */
function leaks(home: string, secrets: Map<string, Uint8Array>): string[] {
  const found: string[] = [];
  const files = filesUnder(home);
  assert.ok(
    files.some((f) => f.endsWith('.db') || f.endsWith('.sqlite')),
    `the workspace database is among the files searched: ${files.join(', ')}`,
  );
  for (const file of files) {
    const bytes = readFileSync(file);
    for (const [name, secret] of secrets) if (spellings(secret).some((s) => bytes.includes(s))) found.push(`${file}: ${name}`);
  }
  return found;
}

/** The private scalar (EC `d`, Ed25519 seed) of a PKCS#8 key, and the PKCS#8 itself. */
function privateParts(name: string, pkcs8: Uint8Array): [string, Uint8Array][] {
  const jwk = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
  assert.ok(jwk.d, `${name} has a private scalar`);
  return [
    [`${name} scalar`, Buffer.from(jwk.d, 'base64url')],
    [`${name} pkcs8`, pkcs8],
  ];
}

/** Every private key of the workspace, unsealed here with the passphrase and PIN. */
function everySecret(s: Services, personPin: string): Map<string, Uint8Array> {
  const home = s.workspace.home;
  s.vault.unlock(PASSPHRASE);
  const secrets = new Map<string, Uint8Array>();
  secrets.set('ledger node seed', loadNodeSeed(home, s.sealing, readNodePublicKey(home)!));
  secrets.set('report seal scalar', openReportSealSecret(home, s.sealing));
  secrets.set('witness seed', openWitnessSeed(home, s.sealing));
  const pkiKeys = s.workspace.db
    .prepare<[], { id: string; purpose: string; protection: string; secret: Buffer | null; owner_id: string | null }>(
      'SELECT id, purpose, protection, secret, owner_id FROM pki_keys',
    )
    .all();
  for (const k of pkiKeys) {
    const pkcs8 =
      k.protection === 'passphrase'
        ? openWithPassphrase(k.secret!, PASSPHRASE)
        : k.protection === 'master-key'
          ? s.vault.unwrap(k.secret!, k.id)
          : openPersonKey(s.identity.getSubjectRecord(k.owner_id!, pinKeyRecord(k.id)), personPin, k.owner_id!);
    for (const [name, part] of privateParts(`${k.purpose} key ${k.id} (${k.protection})`, pkcs8)) secrets.set(name, part);
  }
  const tsa = s.workspace.db.prepare<[], { key_id: string; key_secret: Buffer }>('SELECT key_id, key_secret FROM tsa_authorities').all();
  for (const t of tsa) for (const [name, part] of privateParts(`TSA key ${t.key_id}`, s.vault.unwrap(t.key_secret, t.key_id))) secrets.set(name, part);
  for (const file of readdirSync(join(home, 'keys'))) {
    const record = JSON.parse(readFileSync(join(home, 'keys', file), 'utf8')) as { id: string; sealedKey: string };
    secrets.set(`passphrase key ${record.id}`, openWithPassphrase(s.protector.unwrap(Buffer.from(record.sealedKey, 'base64')), KEY_PASS));
  }
  return secrets;
}

const protectionOf = (path: string): unknown => (JSON.parse(readFileSync(path, 'utf8')) as { protection?: unknown }).protection;

describe('every workspace key is sealed: no raw seed in any workspace file', () => {
  const wb = new Workbench();
  let secrets: Map<string, Uint8Array>;

  before(async () => {
    await wb.init();
    const org = await wb.createOrg();
    const person = await wb.verifyPerson('赵六', '360426199101010071');
    await wb.json(['pki', 'issue', '--org', org.id, '--person', person.id, '--pin-env', 'AFFIX_TEST_PIN']);
    await wb.json([
      'seal',
      'create',
      '--org',
      org.id,
      '--type',
      'contract',
      '--name',
      '北京测试科技有限公司合同专用章',
      '--valid-until',
      new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10),
    ]);
    await wb.json(['tsa', 'init', '--name', 'Sealed Keys Test TSA']);
    await wb.json(['witness', 'init', '--name', 'court.example/witness']);
    await wb.json(['proof', 'policy', '-o', wb.file('policy.json')]);
    await wb.json(['ledger', 'checkpoint']);
    const key = await affix(['key', 'create', '--label', 'Sealed keys test', '--passphrase-env', 'KP', '--home', wb.home, '--json'], { KP: KEY_PASS });
    assert.equal(key.status, 0, key.stderr);
  });
  after(() => wb.cleanup());

  it('the unattended keys are sealed under the workspace passphrase', () => {
    for (const path of [nodeKeyPath(wb.home), reportKeyPath(wb.home), witnessKeyPath(wb.home)]) assert.equal(protectionOf(path), 'vault', path);
  });

  it('finds none of the raw secrets of every kind of key in any file, open or closed', () => {
    const s = openServices(wb.home);
    try {
      secrets = everySecret(s, PERSON_PIN);
      const kinds = [...secrets.keys()].join('\n');
      for (const kind of [
        'ledger node seed',
        'report seal scalar',
        'witness seed',
        'TSA key',
        'root-ca key',
        'issuing-ca key',
        'seal-maker key',
        'seal key',
        'person key',
        'passphrase key',
      ]) {
        assert.match(kinds, new RegExp(kind), `a ${kind} was created and unsealed`);
      }
      assert.deepEqual(leaks(wb.home, secrets), [], 'while the workspace is open (WAL included)');
    } finally {
      s.close();
    }
    assert.deepEqual(leaks(wb.home, secrets), [], 'after the workspace closed');
  });

  it('the search would find a raw seed if one were written', () => {
    const canary = join(wb.home, 'canary.json');
    const seed = secrets.get('ledger node seed')!;
    writeFileSync(canary, JSON.stringify({ secret: Buffer.from(seed).toString('base64') }));
    try {
      assert.deepEqual(leaks(wb.home, new Map([['ledger node seed', seed]])), [`${canary}: ledger node seed`]);
    } finally {
      writeFileSync(canary, '{}');
    }
  });

  it('without the workspace passphrase the node key cannot sign (exit 2, says what to give)', async () => {
    const r = await affix(['ledger', 'checkpoint', '--home', wb.home], { AFFIX_PASSPHRASE: '' });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /ledger node key is sealed under the workspace passphrase/);
    const wrong = await affix(['ledger', 'checkpoint', '--home', wb.home], { AFFIX_PASSPHRASE: 'not the passphrase' });
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /[Ww]rong passphrase/);
  });
});

describe('affix init with the workspace passphrase seals the node key from birth', () => {
  const wb = new Workbench();
  after(() => wb.cleanup());

  it('with --passphrase-env the vault is created first and node-key.json never holds the seed; without, init says the key waits unsealed', async () => {
    const sealed = await affix(['init', '--home', wb.home, '--passphrase-env', 'AFFIX_TEST_PASS', '--json'], { AFFIX_TEST_PASS: PASSPHRASE });
    assert.equal(sealed.status, 0, sealed.stderr);
    assert.equal(protectionOf(nodeKeyPath(wb.home)), 'vault');
    assert.equal(sealed.stderr, '');
    const checkpoint = await affix(['ledger', 'checkpoint', '--home', wb.home], { AFFIX_PASSPHRASE: PASSPHRASE });
    assert.equal(checkpoint.status, 0, checkpoint.stderr);

    const weak = new Workbench();
    try {
      const refused = await affix(['init', '--home', weak.home], { AFFIX_PASSPHRASE: 'short' });
      assert.equal(refused.status, 2, 'a weak passphrase is refused at creation');
      assert.match(refused.stderr, /vault/);
      const unsealed = await affix(['init', '--home', weak.home], { AFFIX_PASSPHRASE: '' });
      assert.equal(unsealed.status, 0, unsealed.stderr);
      assert.equal(protectionOf(nodeKeyPath(weak.home)), 'passphrase-only');
      assert.match(unsealed.stderr, /no workspace passphrase was given .* kept unsealed until one is first used/);
      const missing = await affix(['init', '--home', weak.home, '--passphrase-env', 'NOT_SET_ANYWHERE'], { NOT_SET_ANYWHERE: '' });
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /NOT_SET_ANYWHERE .* not set or empty/);
    } finally {
      weak.cleanup();
    }
  });
});

describe('a workspace made before keys were sealed opens and migrates', () => {
  const wb = new Workbench();
  const old: { nodeSeed?: Uint8Array; reportScalar?: Uint8Array; witnessSeed?: Uint8Array; nodeKey?: string; witnessKey?: string; reportCert?: string } = {};

  before(async () => {
    // The old code path: no passphrase anywhere, so every unattended key is written as the raw secret.
    const env = { AFFIX_PASSPHRASE: '' };
    assert.equal((await affix(['init', '--home', wb.home], env)).status, 0);
    assert.equal((await affix(['witness', 'init', '--name', 'notary.example/witness', '--home', wb.home], env)).status, 0);
    assert.equal((await affix(['proof', 'policy', '-o', wb.file('old-policy.json'), '--home', wb.home], env)).status, 0);
    assert.equal((await affix(['ledger', 'checkpoint', '--home', wb.home], env)).status, 0);
    for (const path of [nodeKeyPath(wb.home), witnessKeyPath(wb.home)]) assert.equal(protectionOf(path), 'passphrase-only', path);
    // report-seal.json of the old format had no protection field at all.
    const report = JSON.parse(readFileSync(reportKeyPath(wb.home), 'utf8')) as Record<string, unknown>;
    delete report.protection;
    writeFileSync(reportKeyPath(wb.home), JSON.stringify(report, null, 2));
    old.reportCert = report.certificate as string;
    old.nodeSeed = Buffer.from((JSON.parse(readFileSync(nodeKeyPath(wb.home), 'utf8')) as { secret: string }).secret, 'base64');
    old.witnessSeed = Buffer.from((JSON.parse(readFileSync(witnessKeyPath(wb.home), 'utf8')) as { secret: string }).secret, 'base64');
    old.reportScalar = Buffer.from(report.secret as string, 'base64');
    old.nodeKey = (await wb.json<{ verifierKey: string }>(['ledger', 'pubkey'], false)).verifierKey;
    old.witnessKey = formatVerifierKey(readWitnessKey(wb.home)!);
  });
  after(() => wb.cleanup());

  it('holds raw seeds before it is opened with a passphrase (the fixture is the old format)', () => {
    const raw = new Map([
      ['node', old.nodeSeed!],
      ['witness', old.witnessSeed!],
      ['report', old.reportScalar!],
    ]);
    assert.equal(leaks(wb.home, raw).length, 3);
  });

  it('opening it with the passphrase seals every key, keeping the same keys', async () => {
    await wb.createOrg(); // the first command given the passphrase (it also chooses it: the vault is new)
    for (const path of [nodeKeyPath(wb.home), reportKeyPath(wb.home), witnessKeyPath(wb.home)]) assert.equal(protectionOf(path), 'vault', path);
    const raw = new Map([
      ['node', old.nodeSeed!],
      ['witness', old.witnessSeed!],
      ['report', old.reportScalar!],
    ]);
    assert.deepEqual(leaks(wb.home, raw), []);
    assert.equal((await wb.json<{ verifierKey: string }>(['ledger', 'pubkey'], false)).verifierKey, old.nodeKey);
    assert.equal(formatVerifierKey(readWitnessKey(wb.home)!), old.witnessKey);
    assert.equal((JSON.parse(readFileSync(reportKeyPath(wb.home), 'utf8')) as { certificate: string }).certificate, old.reportCert);
    const s = openServices(wb.home, { passphrase: () => PASSPHRASE });
    try {
      assert.deepEqual(loadNodeSeed(wb.home, s.sealing, readNodePublicKey(wb.home)!), new Uint8Array(old.nodeSeed!));
      assert.deepEqual(openWitnessSeed(wb.home, s.sealing), new Uint8Array(old.witnessSeed!));
      assert.deepEqual(openReportSealSecret(wb.home, s.sealing), new Uint8Array(old.reportScalar!));
    } finally {
      s.close();
    }
  });

  it('the migrated node key still signs checkpoints with the passphrase', async () => {
    const r = await wb.run(['ledger', 'checkpoint', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(old.nodeKey!.split('+')[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  });
});
