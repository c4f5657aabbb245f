/**
 * The C2SP formats against the specs' own examples (c2sp.org/tlog-witness,
 * tlog-cosignature, signed-note), and the witness's native (node:crypto)
 * cosignatures against the shared verifier (@noble / WebCrypto).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { fromBase64, readU64, toBase64 } from '../../../shared/ledger/bytes';
import { cosignatureMessage, verifyCosignature } from '../../../shared/ledger/cosignature';
import { ed25519PublicKey, ed25519RandomSeed } from '../../../shared/ledger/ed25519';
import { keyIdFor, parseNote, parseVerifierKey, SIG_COSIGNATURE_V1 } from '../../../shared/ledger/note';
import {
  addSignatures,
  checkCosignatureResponse,
  formatAddCheckpointRequest,
  formatTlogSize,
  parseAddCheckpointRequest,
  parseCosignatureResponse,
  parseTlogSize,
} from '../../../shared/ledger/tlog-witness';
import { WitnessSigner } from '../../../main/services/usecases/witness/witness-key';

/** c2sp.org/tlog-witness, add-checkpoint, "Example request body". */
const SPEC_REQUEST = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`;

/** c2sp.org/tlog-witness, "Example response body" (Ed25519 lines of 76 bytes are the first two's shape in tlog-cosignature). */
const SPEC_COSIGNED = `example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==
`;

test('the spec example add-checkpoint request parses and re-formats byte for byte', () => {
  const r = parseAddCheckpointRequest(SPEC_REQUEST);
  assert.equal(r.oldSize, 20852014);
  assert.equal(r.proof.length, 4);
  assert.equal(toBase64(r.proof[0]), 'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=');
  const note = parseNote(r.checkpoint);
  assert.equal(note.text, 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n');
  assert.equal(note.signatures.length, 2);
  assert.equal(formatAddCheckpointRequest(r), SPEC_REQUEST);
});

test('malformed requests are refused naming the problem', () => {
  const bad: [string, RegExp][] = [
    ['', /no "old <size>" line/],
    ['old 01\n\nx\n', /leading zeroes/],
    ['old -1\n\nx\n', /old <size>/],
    ['new 5\n\nx\n', /old <size>/],
    ['old 5\nnot-base64!\n\nx\n', /Proof line 1 .* not a base64 SHA-256/],
    ['old 5\nAAAA\n\nx\n', /Proof line 1/],
    ['old 5\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n', /no empty line/],
    ['old 5\n\n', /no checkpoint/],
    [`old 5\n${'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n'.repeat(64)}\nx\n`, /more than 63 proof lines/],
    ['old 5\n'.padEnd(70_000, 'x'), /too large/],
  ];
  for (const [body, message] of bad) assert.throws(() => parseAddCheckpointRequest(body), message, JSON.stringify(body.slice(0, 40)));
});

test('the spec example cosignature: key ID layout, timestamp and signed message (tlog-cosignature)', () => {
  const note = parseNote(SPEC_COSIGNED);
  const w = note.signatures[1];
  assert.equal(w.name, 'witness.example.com/w1');
  assert.equal(w.signature.length, 8 + 64, 'timestamped_signature: u64 timestamp ‖ Ed25519 signature');
  assert.equal(readU64(w.signature, 0), 1679315147);
  assert.equal(
    new TextDecoder().decode(cosignatureMessage(note.text, 1679315147)),
    'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
  );
  // The response body of the spec is signature lines only; it parses the same way.
  const lines = SPEC_COSIGNED.slice(SPEC_COSIGNED.indexOf('\n\n') + 2);
  assert.deepEqual(
    parseCosignatureResponse(lines).map((s) => s.name),
    ['example.com/behind-the-sofa', 'witness.example.com/w1'],
  );
});

test('cosignature/v1 key ID = SHA-256(name ‖ "\\n" ‖ 0x04 ‖ key)[:4], computed independently', () => {
  const seed = ed25519RandomSeed();
  const pk = ed25519PublicKey(seed);
  const expected = createHash('sha256')
    .update(Buffer.concat([Buffer.from('court.example/w1\n'), Buffer.from([0x04]), pk]))
    .digest()
    .subarray(0, 4);
  assert.deepEqual(Buffer.from(keyIdFor('court.example/w1', SIG_COSIGNATURE_V1, pk)), expected);
  const signer = new WitnessSigner('court.example/w1', seed);
  const v = parseVerifierKey(signer.verifierKey);
  assert.equal(v.type, SIG_COSIGNATURE_V1);
  assert.deepEqual(Buffer.from(v.keyId), expected);
  assert.equal(signer.verifierKey, `court.example/w1+${expected.toString('hex')}+${Buffer.concat([Buffer.from([4]), pk]).toString('base64')}`);
});

test('a native witness cosignature verifies with the shared verifier, and not over another checkpoint', async () => {
  const signer = new WitnessSigner('court.example/w1', ed25519RandomSeed());
  const text = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
  const line = signer.cosign(text, 1679315147);
  assert.equal(await verifyCosignature(text, line, signer.key), 1679315147);
  assert.equal(await verifyCosignature(text.replace('20852163', '20852164'), line, signer.key), null);
  const response = `— court.example/w1 ${toBase64(new Uint8Array([...line.keyId, ...line.signature]))}\n`;
  const checked = await checkCosignatureResponse(text, parseCosignatureResponse(response), signer.key);
  assert.ok(checked.ok);
  const cosigned = addSignatures(SPEC_COSIGNED, parseCosignatureResponse(response));
  assert.equal(parseNote(cosigned).signatures.length, 3);
  assert.equal(addSignatures(cosigned, parseCosignatureResponse(response)), cosigned, 'a line already there is not added twice');
});

test('text/x.tlog.size bodies', () => {
  assert.equal(formatTlogSize(42), '42\n');
  assert.equal(parseTlogSize('42\n'), 42);
  for (const bad of ['42', '042\n', '-1\n', 'x\n']) assert.throws(() => parseTlogSize(bad));
  assert.equal(fromBase64('AAAA')?.length, 3);
});
