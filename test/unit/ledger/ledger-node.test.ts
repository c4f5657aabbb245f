/**
 * The ledger node end to end: the SQLite tree against the in-memory one,
 * proofs served from the database, checkpoints checked with node:crypto (an
 * independent Ed25519 and SHA-256), tlog-proofs, witness cosignatures, the
 * Anchor port used by documents, and the CLI's answers to bad input.
 */
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fromBase64, toHex } from '../../../shared/ledger/bytes';
import { checkProofText } from '../../../shared/ledger/check-proof';
import { cosign } from '../../../shared/ledger/cosignature';
import { ed25519PublicKey, ed25519RandomSeed } from '../../../shared/ledger/ed25519';
import { decodeEntry, encodeEntry, normalizeEntry } from '../../../shared/ledger/entry';
import { hashLeaf, verifyConsistency, verifyInclusion } from '../../../shared/ledger/merkle';
import { formatNote, parseNote, parseVerifierKey, SIG_COSIGNATURE_V1, verifierKey } from '../../../shared/ledger/note';
import { thresholdPolicy } from '../../../shared/ledger/witness-policy';
import { parseTlogProof, verifyTlogProof } from '../../../shared/ledger/tlog-proof';
import { memorySource, treeRoot } from '../../../shared/ledger/tree';
import { openServices, type Services } from '../../../main/services/composition/container';
import { handmadePdf } from '../../support/handmade-pdf';
import { affix, tempHome } from '../../support/cli';

const digest = (i: number | string): string => createHash('sha256').update(`node/${i}`).digest('hex');

let home: string;
let services: Services;

before(() => {
  home = tempHome('affix-ledger-');
  services = openServices(home, { create: true, ledger: { checkpointIntervalMs: 0 } });
  services.ledger.ensureNode();
});
after(() => services.close());

test('the SQLite tree equals the in-memory tree, and its proofs verify, for every size 1..300', () => {
  const leafHashes: Uint8Array[] = [];
  for (let i = 0; i < 300; i++) {
    const r = services.ledger.append({ type: 'document.anchored', subjects: [digest(i)], refs: { n: String(i) } });
    assert.equal(r.index, i);
    leafHashes.push(hashLeaf(services.ledger.entries(i, 1)[0].bytes));
    assert.equal(r.leafHash, toHex(leafHashes[i]));
  }
  const mem = memorySource(leafHashes);
  for (let n = 1; n <= 300; n++) {
    const root = services.ledger.rootAt(n);
    assert.deepEqual(root, treeRoot(mem, n), `root at ${n}`);
    for (const m of new Set([0, n - 1, (n * 7) % n, (n * 13 + 5) % n])) {
      const proof = services.ledger.inclusionHashes(m, n);
      assert.ok(verifyInclusion(m, n, leafHashes[m], proof, root), `inclusion ${m} in ${n}`);
      assert.ok(proof.length <= Math.ceil(Math.log2(n)), `proof of ${proof.length} hashes in a tree of ${n}`);
    }
  }
});

test('checkpoints are C2SP signed notes that node:crypto verifies with the published key', async () => {
  const { checkpoint, created } = services.ledger.checkpoint();
  assert.ok(created);
  const status = services.ledger.status()!;
  const lines = checkpoint.note.split('\n');
  assert.equal(lines[0], status.origin);
  assert.match(status.origin, /^affix\.local\/[a-z0-9-]+\/[0-9a-f]{8}$/);
  assert.equal(lines[1], String(services.ledger.size()));
  assert.equal(Buffer.from(lines[2], 'base64').toString('hex'), status.rootHash);
  assert.equal(lines[3], '');
  const sig = /^\u2014 (\S+) (\S+)$/.exec(lines[4])!;
  assert.ok(sig, lines[4]);
  assert.equal(sig[1], status.origin);
  assert.equal(lines[5], '');
  assert.equal(lines.length, 6);

  // Verifier key "name+keyid+base64(0x01 ‖ key)", key id = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4].
  const [, name, keyIdHex, keyB64] = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(status.verifierKey)!;
  assert.equal(name, status.origin);
  const raw = Buffer.from(keyB64, 'base64');
  assert.equal(raw[0], 0x01);
  const pk = raw.subarray(1);
  const keyId = createHash('sha256')
    .update(Buffer.concat([Buffer.from(name), Buffer.of(0x0a, 0x01), pk]))
    .digest()
    .subarray(0, 4);
  assert.equal(keyIdHex, keyId.toString('hex'));
  const sigBytes = Buffer.from(sig[2], 'base64');
  assert.deepEqual(sigBytes.subarray(0, 4), keyId);
  const nodeKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: pk.toString('base64url') }, format: 'jwk' });
  const text = lines.slice(0, 3).join('\n') + '\n';
  assert.ok(cryptoVerify(null, Buffer.from(text), nodeKey, sigBytes.subarray(4)), 'signature over the checkpoint text');
  assert.ok(!cryptoVerify(null, Buffer.from(text.replace(/\n\d+\n/, '\n1\n')), nodeKey, sigBytes.subarray(4)));

  // The CLI prints the same key as its last line.
  const cli = await affix(['ledger', 'pubkey', '--home', home]);
  assert.equal(cli.status, 0);
  assert.equal(cli.stdout.trim().split('\n').pop(), status.verifierKey);
});

test('a tlog-proof from the CLI verifies offline, and any flipped bit in it fails', async () => {
  const r = await affix(['ledger', 'prove', '--home', home, '--index', '123']);
  assert.equal(r.status, 0, r.stderr);
  const proof = `${r.stdout}\n`;
  assert.match(proof, /^c2sp\.org\/tlog-proof@v1\nextra [A-Za-z0-9+/=]+\nindex 123\n/);
  const key = parseVerifierKey(services.ledger.verifierKey());
  const ok = await verifyTlogProof(proof, { logKey: key });
  assert.ok(ok.ok, JSON.stringify(ok));
  assert.equal(ok.ok && ok.entry?.refs.n, '123');
  assert.ok(parseTlogProof(proof).hashes.length <= Math.ceil(Math.log2(300)));

  // Flip each bit of a sample of characters through the whole text: parse error or failed verdict, never success.
  const bytes = Buffer.from(proof);
  let tried = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    for (const bit of [0, 3, 6]) {
      const b = Buffer.from(bytes);
      b[i] ^= 1 << bit;
      let verdict: { ok: boolean };
      try {
        verdict = await verifyTlogProof(b.toString('latin1'), { logKey: key });
      } catch {
        verdict = { ok: false };
      }
      assert.equal(verdict.ok, false, `flipping bit ${bit} of byte ${i} (${JSON.stringify(proof[i])}) was accepted`);
      tried += 1;
    }
  }
  assert.ok(tried > 500);

  // `ledger check-proof` (the same shared verifier) agrees, and names a wrong key.
  const file = join(home, '..', 'p.tlog');
  writeFileSync(file, proof);
  const good = await affix(['ledger', 'check-proof', file, '--key', services.ledger.verifierKey(), '--home', home]);
  assert.equal(good.status, 0, good.stderr);
  const other = verifierKey('someone-else', 0x01, ed25519PublicKey(ed25519RandomSeed()));
  const bad = await checkProofText(proof, `${other.name}+${toHex(other.keyId)}+${Buffer.concat([Buffer.of(1), other.publicKey]).toString('base64')}`);
  assert.equal(bad.ok, false);
  writeFileSync(file, proof.replace('index 123', 'index 124'));
  const moved = await affix(['ledger', 'check-proof', file, '--key', services.ledger.verifierKey(), '--home', home]);
  assert.equal(moved.status, 1, moved.stdout);
});

test('consistency proofs between checkpoints verify', async () => {
  const first = services.ledger.latestCheckpoint()!;
  services.ledger.appendMany(Array.from({ length: 17 }, (_, i) => ({ type: 'seal.used' as const, subjects: [digest(`c${i}`)] })));
  services.ledger.checkpoint();
  const r = await affix(['ledger', 'consistency', '--home', home, '--from', String(first.size), '--json']);
  assert.equal(r.status, 0, r.stderr);
  const c = JSON.parse(r.stdout) as { proof: string; from: number; to: number; oldRoot: string; newRoot: string };
  assert.equal(c.to, first.size + 17);
  assert.equal(c.oldRoot, toHex(first.rootHash));
  const lines = c.proof.split('\n');
  assert.equal(lines[0], `old ${first.size}`);
  const hashes = lines.slice(1, lines.indexOf('')).map((l) => fromBase64(l)!);
  assert.ok(verifyConsistency(first.size, c.to, hashes, first.rootHash, Buffer.from(c.newRoot, 'hex')));
  assert.ok(!verifyConsistency(first.size, c.to, hashes, services.ledger.rootAt(first.size - 1), Buffer.from(c.newRoot, 'hex')));
});

test('k-of-n witness cosignatures are checked by the shared verifier', async () => {
  const cp = services.ledger.latestCheckpoint()!;
  const seeds = [0, 1, 2].map(() => ed25519RandomSeed());
  const witnesses = seeds.map((s, i) => verifierKey(`witness.example/${i}`, SIG_COSIGNATURE_V1, ed25519PublicKey(s)));
  const note = parseNote(cp.note);
  const cosigned = (which: number[]): string =>
    formatNote({ text: note.text, signatures: [...note.signatures, ...which.map((i) => cosign(note.text, witnesses[i].name, seeds[i], 1_700_000_000 + i))] });
  const index = cp.size - 1;
  const proofWith = (checkpointNote: string): string => {
    const p = services.ledger.prove(index, cp.size).proof;
    return p.slice(0, p.indexOf('\n\n') + 2) + checkpointNote;
  };
  const logKey = parseVerifierKey(services.ledger.verifierKey());
  const policy = thresholdPolicy(witnesses, 2);
  const two = await verifyTlogProof(proofWith(cosigned([0, 2])), { logKey, policy });
  assert.ok(two.ok, JSON.stringify(two));
  assert.deepEqual(two.ok && two.witnesses?.cosigned.map((c) => c.name).sort(), ['w0', 'w2']);
  const one = await verifyTlogProof(proofWith(cosigned([1])), { logKey, policy });
  assert.equal(one.ok, false);
  // A cosignature over another checkpoint does not count.
  const forged = cosigned([0, 1]).replace(/^(\u2014 witness\.example\/1 )(.)/m, (_, p: string, c: string) => p + (c === 'A' ? 'B' : 'A'));
  const bad = await verifyTlogProof(proofWith(forged), { logKey, policy });
  assert.equal(bad.ok, false);
});

test('documents are anchored through the Anchor port and found by subject', () => {
  const before = services.ledger.size();
  const doc = services.documents.importBytes(handmadePdf({ style: 'table' }), 'contract.pdf');
  assert.equal(services.ledger.size(), before + 1);
  const trail = services.ledger.findBySubject(doc.sha256);
  assert.equal(trail.length, 1);
  assert.equal(trail[0].entry.type, 'document.anchored');
  assert.equal(trail[0].entry.refs.documentId, doc.id);
  assert.deepEqual(services.ledger.findBySubject(digest('nothing')), []);
});

test('entries have one canonical encoding; anything else is refused', () => {
  const e = normalizeEntry(
    {
      type: 'signature.added',
      subjects: [digest(1).toUpperCase()],
      commitments: ['ab'.repeat(32)],
      actorKeyId: 'key-1',
      refs: { z: '1', a: '2' },
      time: '2025-01-02T03:04:05.678Z',
    },
    new Date(0),
  );
  const bytes = encodeEntry(e);
  assert.deepEqual(decodeEntry(bytes), e);
  assert.deepEqual(Object.keys(e.refs), ['a', 'z']);
  assert.equal(bytes[0], 1, 'version byte');
  assert.throws(() => decodeEntry(Buffer.concat([bytes, Buffer.of(0)])), /trailing/);
  const bad = Buffer.from(bytes);
  bad[0] = 2;
  assert.throws(() => decodeEntry(bad), /version/);
  assert.throws(() => normalizeEntry({ type: 'seal.used', subjects: ['not-hex'] }), /subject/);
  assert.throws(() => normalizeEntry({ type: 'seal.used', subjects: [digest(1)], commitments: ['abcd'] }), /commitment/);
  assert.throws(() => services.ledger.append({ type: 'made.up' as never, subjects: [digest(1)] }), /not one of/);
});

test('the CLI refuses malformed input with exit 2 and a message naming the problem', async () => {
  const cases: [string[], RegExp][] = [
    [['ledger', 'append', '--type', 'seal.used'], /--hash/],
    [['ledger', 'append', '--type', 'nope', '--hash', digest(1)], /--type/],
    [['ledger', 'append', '--type', 'seal.used', '--hash', 'xyz'], /--hash/],
    [['ledger', 'append', '--type', 'seal.used', '--hash', digest(1), '--commitment', '12'], /commitment/],
    [['ledger', 'prove', '--index', '-1'], /--index/],
    [['ledger', 'prove', '--index', '999999'], /No ledger entry 999999/],
    [['ledger', 'prove', '--index', '1', '--size', '2'], /never signed a checkpoint of size 2/],
    [['ledger', 'consistency', '--from', '99999'], /--from/],
    [['ledger', 'show', '--limit', '0'], /--limit/],
    [['ledger', 'check-proof', '/nonexistent', '--key', 'x'], /Cannot read/],
  ];
  for (const [args, re] of cases) {
    const r = await affix([...args, '--home', home]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}`);
    assert.match(r.stderr, re, args.join(' '));
  }
  const file = join(home, '..', 'garbage.tlog');
  writeFileSync(file, 'not a proof\n');
  const g = await affix(['ledger', 'check-proof', file, '--key', services.ledger.verifierKey(), '--home', home]);
  assert.equal(g.status, 2);
  assert.match(g.stderr, /tlog-proof/);
});

test('checkpoints follow appends automatically, at most once per interval, and on close', async () => {
  const h = tempHome('affix-auto-');
  const interval = 200;
  const s = openServices(h, { create: true, ledger: { checkpointIntervalMs: interval } });
  const waitFor = async (size: number): Promise<void> => {
    for (let t = 0; t < 100 && s.ledger.latestCheckpoint()?.size !== size; t++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(s.ledger.latestCheckpoint()?.size, size, `no automatic checkpoint of size ${size}`);
  };
  try {
    s.ledger.ensureNode();
    s.ledger.append({ type: 'key.created', subjects: [digest('a0')] });
    assert.equal(s.ledger.latestCheckpoint(), null, 'not signed inside the append');
    await waitFor(1);
    for (let i = 1; i <= 5; i++) {
      s.ledger.append({ type: 'key.created', subjects: [digest(`a${i}`)] });
      await new Promise((r) => setImmediate(r));
    }
    await waitFor(6);
    const [second, first] = s.ledger.listCheckpoints(10);
    assert.equal(s.ledger.listCheckpoints(10).length, 2, 'one checkpoint for the five appends');
    // Stored signing times: never two within the interval (a little slack for clock granularity).
    assert.ok(Date.parse(second.signedAt) - Date.parse(first.signedAt) >= interval - 5, `${first.signedAt} → ${second.signedAt}`);
    s.ledger.append({ type: 'key.revoked', subjects: [digest('a9')] });
  } finally {
    s.close();
  }
  const again = openServices(h);
  try {
    assert.equal(again.ledger.latestCheckpoint()?.size, 7, 'closing signs a last checkpoint over everything acknowledged');
  } finally {
    again.close();
  }
});

test('affix init creates the node key (0600) and the node; status shows the ledger', async () => {
  const h = tempHome('affix-init-');
  const before = await affix(['init', '--home', h, '--json']);
  assert.equal(before.status, 0, before.stderr);
  const status = JSON.parse(before.stdout) as { ledger: { size: number; checkpointSize: number | null; origin: string } | null };
  assert.deepEqual(status.ledger && { size: status.ledger.size, checkpointSize: status.ledger.checkpointSize }, { size: 0, checkpointSize: null });
  const keyFile = join(h, 'ledger', 'node-key.json');
  assert.ok(existsSync(keyFile));
  if (process.platform !== 'win32') assert.equal(statSync(keyFile).mode & 0o777, 0o600);
  const pub = await affix(['ledger', 'pubkey', '--home', h]);
  assert.match(pub.stdout.trim().split('\n').pop()!, new RegExp(`^${status.ledger!.origin.replace(/[.]/g, '\\.')}\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}$`));
  // A second init keeps the same key.
  await affix(['init', '--home', h]);
  assert.equal((await affix(['ledger', 'pubkey', '--home', h])).stdout, pub.stdout);
});

test('show, status and verify report the real state', async () => {
  const show = await affix(['ledger', 'show', '--home', home, '--from', '5', '--limit', '2', '--json']);
  assert.equal(show.status, 0, show.stderr);
  const s = JSON.parse(show.stdout) as { total: number; entries: { index: number; subjects: string[] }[] };
  assert.equal(s.total, services.ledger.size());
  assert.deepEqual(
    s.entries.map((e) => e.index),
    [5, 6],
  );
  assert.deepEqual(s.entries[0].subjects, [digest(5)]);
  const status = await affix(['status', '--home', home, '--json']);
  assert.equal(JSON.parse(status.stdout).ledger.size, services.ledger.size());
  const v = await affix(['ledger', 'verify', '--home', home]);
  assert.equal(v.status, 0, v.stdout);
});
