/**
 * Signing envelopes between three organisations on three workspaces, A → B →
 * C → A, each step signed in its own workspace and every hop checked by the
 * receiver: the initiator's signed order, the sender's signed state, each
 * party's root confirmed out of band, each party's ledger proofs. And bad
 * envelopes — an unconfirmed or wrong root, an altered order, a missing
 * member, altered evidence, an older envelope replayed after a newer one, a
 * zip bomb — are refused with exit 2 and nothing imported.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { zipSync } from 'fflate';
import { openServices } from '../../../main/services/composition/container';
import { readAsic, writeAsic } from '../../../shared/envelope/asic-container';
import { contractPdf } from '../../support/appearance-fixtures';
import { pdfsig } from '../../support/pdf-tools';
import { Workbench } from '../identity/fixtures';
import { checkOf, ensureVerifierBuilt, readBytes, verifyOffline, withEvidence, writeBytes } from '../proof/fixtures';
import { PACKAGE_FILES } from '../../../shared/proof/container';
import { readPackageBounded } from '../../../shared/proof/package-budget';
import { EvidenceSchema } from '../../../shared/proof/evidence';

interface Org {
  wb: Workbench;
  uscc: string;
  name: string;
  rootPem: string;
  rootSha256: string;
  sealId: string;
  personId: string;
}

const orgs: Record<'A' | 'B' | 'C', Org> = {} as Record<'A' | 'B' | 'C', Org>;
let docA: string;

async function makeOrg(key: 'A' | 'B' | 'C', name: string, uscc: string, person: [string, string]): Promise<Org> {
  const wb = new Workbench();
  await wb.init();
  const org = await wb.json<{ id: string; rootSerial: string }>(['org', 'create', '--name', name, '--uscc', uscc]);
  const personId = (await wb.verifyPerson(...person)).id;
  const sealId = (
    await wb.json<{ sealId: string }>([
      'seal',
      'create',
      '--org',
      org.id,
      '--type',
      'contract',
      '--name',
      `${name}合同专用章`,
      '--valid-until',
      new Date(Date.now() + 365 * 86_400_000).toISOString(),
    ])
  ).sealId;
  await wb.json(['seal', 'authorize', sealId, '--person', personId], false);
  const s = openServices(wb.home);
  let der: Buffer;
  try {
    der = s.pki.certificateDer(org.rootSerial);
  } finally {
    s.close();
  }
  const rootPem = wb.file(`root-${key}.pem`);
  writeFileSync(rootPem, `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`);
  return { wb, uscc, name, rootPem, rootSha256: createHash('sha256').update(der).digest('hex'), sealId, personId };
}

const docCount = (o: Org): Promise<number> => o.wb.json<unknown[]>(['doc', 'list'], false).then((d) => d.length);

/** The receiving party signs its step: the newest version out, signed into its field, recorded as a new version. */
async function signStep(o: Org, docId: string, field: string): Promise<void> {
  const cur = o.wb.file(`${field}-in.pdf`);
  assert.equal((await o.wb.plain(['doc', 'export', docId, '-o', cur])).status, 0);
  const r = await o.wb.run(['sign', cur, '-o', o.wb.file(`${field}-out.pdf`), '--key', o.sealId, '--as', o.personId, '--field', field]);
  assert.equal(r.status, 0, r.stderr);
}

async function importAt(o: Org, file: string, accept: Org[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return o.wb.plain(['envelope', 'import', file, ...accept.flatMap((x) => ['--accept-root', x.rootSha256]), '--json']);
}

before(async () => {
  await ensureVerifierBuilt();
  orgs.A = await makeOrg('A', '北京甲方科技有限公司', '91110000600037341L', ['张三', '11010519491231002X']);
  orgs.B = await makeOrg('B', '上海乙方贸易有限公司', '91310000630004567B', ['李四', '360426199101010071']);
  orgs.C = await makeOrg('C', '深圳丙方制造有限公司', '914403005800012360', ['王五', '11010519491231002X']);
  const A = orgs.A;
  writeFileSync(A.wb.file('contract.pdf'), await contractPdf());
  docA = (await A.wb.json<{ id: string }>(['doc', 'import', A.wb.file('contract.pdf')], false)).id;
  // Steps 2 and 3 are the outside parties'; until the envelope names them, a local key stands in as their signer.
  const placeholder = (await A.wb.json<{ id: string }>(['key', 'create', '--label', 'placeholder'])).id;
  await A.wb.json(
    [
      'plan',
      'set',
      docA,
      '--certify',
      '2',
      '--step',
      `label=甲方,seal=${A.sealId},as=${A.personId},page=1,rect=320,160,120,120`,
      '--step',
      `label=乙方,key=${placeholder},appearance=person,page=1,rect=72,170,200,70`,
      '--step',
      `label=丙方,key=${placeholder},appearance=person,page=1,rect=72,60,200,70`,
    ],
    false,
  );
  const s1 = await A.wb.run(['plan', 'sign', docA, '--step', '1']);
  assert.equal(s1.status, 0, s1.stderr);
});
after(() => Object.values(orgs).forEach((o) => o.wb.cleanup()));

let fromA: string;
let fromB: string;
let fromC: string;

test("A → B → C → A: each party imports, signs its step and sends on; A ends with every signature valid and the others' checkpoints recorded", async () => {
  const { A, B, C } = orgs;
  fromA = A.wb.file('deal-1.affixenv');
  const exported = await A.wb.run([
    'envelope',
    'export',
    docA,
    '-o',
    fromA,
    '--party',
    `step=2,name=${B.name},uscc=${B.uscc},root=${B.rootPem}`,
    '--party',
    `step=3,name=${C.name},uscc=${C.uscc},root=${C.rootPem}`,
    '--json',
  ]);
  assert.equal(exported.status, 0, exported.stderr);
  // ASiC-E: mimetype first and stored.
  const zip = readFileSync(fromA);
  assert.equal(zip.subarray(30, 38).toString('latin1'), 'mimetype');
  assert.equal(zip.readUInt16LE(8), 0, 'mimetype is stored, not deflated');
  assert.ok(readAsic(zip, 'x').has('META-INF/signature-order.p7s'));

  // B has not confirmed A's and C's roots: refused, showing the safety numbers, nothing imported.
  const unconfirmed = await B.wb.plain(['envelope', 'import', fromA]);
  assert.equal(unconfirmed.status, 2);
  assert.match(unconfirmed.stderr, new RegExp(`${A.uscc}; SHA-256 ${A.rootSha256.slice(0, 4)} ${A.rootSha256.slice(4, 8)}`));
  assert.match(unconfirmed.stderr, /--accept-root/);
  assert.equal(await docCount(B), 0, 'nothing imported');
  // A fingerprint that is not the root's (misread, or a substituted root) confirms nothing.
  const wrong = await importAt(B, fromA, [{ ...A, rootSha256: 'ab'.repeat(32) }, C]);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /root CA of 北京甲方科技有限公司 \(USCC 91110000600037341L; SHA-256 .*\) is not trusted here/);
  assert.equal(await docCount(B), 0, 'nothing imported');

  const atB = await importAt(B, fromA, [A, C]);
  assert.equal(atB.status, 0, atB.stderr);
  const b = JSON.parse(atB.stdout);
  assert.deepEqual([b.next, b.ourTurn, b.initiator.uscc, b.sequence], [2, true, A.uscc, 1]);
  assert.match(b.orderSigner, /北京甲方科技有限公司/);
  await signStep(B, b.documentId, 'Step2');
  fromB = B.wb.file('deal-2.affixenv');
  assert.equal((await B.wb.run(['envelope', 'export', b.documentId, '-o', fromB])).status, 0);

  const atC = await importAt(C, fromB, [A, B]);
  assert.equal(atC.status, 0, atC.stderr);
  const c = JSON.parse(atC.stdout);
  assert.deepEqual([c.next, c.ourTurn, c.sequence], [3, true, 2]);
  assert.deepEqual(
    c.foreignCheckpoints.map((x: { uscc: string }) => x.uscc).sort(),
    [A.uscc, B.uscc].sort(),
    "A's and B's evidence verified and their checkpoints recorded",
  );
  await signStep(C, c.documentId, 'Step3');
  fromC = C.wb.file('deal-3.affixenv');
  assert.equal((await C.wb.run(['envelope', 'export', c.documentId, '-o', fromC])).status, 0);

  const versionsBefore = (
    await A.wb.json<{ versions: number }>(['doc', 'list'], false).then((d) => (d as unknown as { id: string; versions: number }[]).find((x) => x.id === docA)!)
  ).versions;
  const back = await importAt(A, fromC, [B, C]);
  assert.equal(back.status, 0, back.stderr);
  const a = JSON.parse(back.stdout);
  assert.equal(a.documentId, docA, 'the same document, not a new one');
  assert.equal(a.next, null);
  assert.deepEqual(a.foreignCheckpoints.map((x: { uscc: string }) => x.uscc).sort(), [B.uscc, C.uscc].sort());
  const docs = await A.wb.json<{ id: string; versions: number }[]>(['doc', 'list'], false);
  assert.equal(docs.length, 1);
  assert.equal(docs[0].versions, versionsBefore + 1, 'a new version of the same document');
  const types = A.wb.entries().map((e) => e.entry.type);
  assert.equal(types.filter((t) => t === 'foreign.checkpoint').length, 2);

  const final = A.wb.file('final.pdf');
  assert.equal((await A.wb.plain(['doc', 'export', docA, '-o', final])).status, 0);
  const verified = await A.wb.plain(['verify', final, '--trust', B.rootPem, '--trust', C.rootPem]);
  assert.equal(verified.status, 0, verified.stdout);
  const sig = await pdfsig(final);
  assert.deepEqual(
    sig.signatures.map((s) => [s.field, s.valid]),
    [
      ['Step1', true],
      ['Step2', true],
      ['Step3', true],
    ],
    sig.output,
  );

  // A's proof package covers every party: all signers, each ledger's events, under A's own policy (B's and C's roots pinned).
  const pkg = A.wb.file('deal.affixproof');
  const exportedProof = await A.wb.run(['proof', 'export', docA, '-o', pkg, '--json']);
  assert.equal(exportedProof.status, 0, exportedProof.stderr);
  const policy = A.wb.file('policy.json');
  assert.equal((await A.wb.plain(['proof', 'policy', '-o', policy])).status, 0);
  const pinned = JSON.parse(readFileSync(policy, 'utf8')) as { trustAnchors: string[] };
  for (const o of [B, C])
    assert.ok(
      pinned.trustAnchors.some((a) => createHash('sha256').update(Buffer.from(a, 'base64')).digest('hex') === o.rootSha256),
      `${o.name}'s root is pinned`,
    );
  const verdict = await verifyOffline(pkg, ['--trust-policy', policy]);
  assert.equal(verdict.status, 0, JSON.stringify(verdict.report, null, 2));
  const evidence = EvidenceSchema.parse(JSON.parse(new TextDecoder().decode(readPackageBounded(readBytes(pkg)).files.get(PACKAGE_FILES.evidence)!)));
  assert.deepEqual(
    evidence.signers.map((s) => [s.field, s.ledger ?? A.uscc]),
    [
      ['Step1', A.uscc],
      ['Step2', B.uscc],
      ['Step3', C.uscc],
    ],
  );
  assert.deepEqual(evidence.foreign?.map((f) => f.uscc).sort(), [B.uscc, C.uscc].sort());
  for (const f of evidence.foreign ?? [])
    assert.ok(
      f.events.some((e) => e.type === 'signature.added'),
      `${f.name}'s signature is an anchored event`,
    );
  assert.match(checkOf(verdict.report, 'audit-trail').messages.join('\n'), /上海乙方贸易有限公司 \(91310000630004567B\): \d+ events proven/);

  // One altered event of B's fails it.
  const tampered = A.wb.file('tampered.affixproof');
  writeBytes(
    tampered,
    withEvidence(readBytes(pkg), (e) => {
      const ev = e.foreign!.find((f) => f.uscc === B.uscc)!.events.find((x) => x.type === 'signature.added')!;
      ev.refs = { ...ev.refs, field: 'Step9' };
    }),
  );
  const bad = await verifyOffline(tampered, ['--trust-policy', policy]);
  assert.equal(bad.status, 1);
  assert.match(
    checkOf(bad.report, 'audit-trail').messages.join('\n'),
    /上海乙方贸易有限公司 \(91310000630004567B\): event signature\.added .* does not match the proven ledger entry \(altered\)/,
  );
});

test('bad envelopes are refused with exit 2 naming the problem, and nothing is imported', async () => {
  const { A, B, C } = orgs;
  const before = A.wb.entries().length;
  const members = readAsic(readFileSync(fromB), 'x');
  const rezip = (name: string, edit: (m: Map<string, Uint8Array>) => void): string => {
    const m = new Map(members);
    edit(m);
    const path = A.wb.file(name);
    writeFileSync(path, writeAsic([...m]));
    return path;
  };
  const altered = (m: Map<string, Uint8Array>, path: string, from: string, to: string): void => {
    m.set(path, new TextEncoder().encode(new TextDecoder().decode(m.get(path)).replace(from, to)));
  };
  const bomb = A.wb.file('bomb.affixenv');
  // 64 MiB of zeros declared as 1 KiB: only counting the bytes really inflated catches it.
  const zeros = zipSync({
    mimetype: [new TextEncoder().encode('application/vnd.etsi.asic-e+zip'), { level: 0 }],
    'document.pdf': [new Uint8Array(64 * 1024 * 1024), { level: 9 }],
  });
  const liar = Buffer.from(zeros);
  const cd = liar.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  liar.writeUInt32LE(1024, cd + 24);
  liar.writeUInt32LE(1024, liar.indexOf(Buffer.from('document.pdf')) - 30 + 22);
  writeFileSync(bomb, liar);

  const cases: [string, string, Org[], RegExp][] = [
    [
      'swapped root certificate',
      rezip('swapped-root.affixenv', (m) => m.set(`roots/${B.uscc}.cer`, m.get(`roots/${C.uscc}.cer`)!)),
      [B, C],
      /root CA certificate of 上海乙方贸易有限公司 \(91310000630004567B\) is not the one the signing order names/,
    ],
    [
      'altered order',
      rezip('altered-order.affixenv', (m) => altered(m, 'order.json', '丙方', '丁方')),
      [B, C],
      /order\.json was altered after 北京甲方科技有限公司 signed it/,
    ],
    ['missing member', rezip('missing.affixenv', (m) => m.delete(`roots/${C.uscc}.cer`)), [B, C], /member roots\/914403005800012360\.cer .*missing/],
    [
      'altered evidence',
      rezip('evidence.affixenv', (m) => {
        const tlog = [...m.keys()].find((k) => k.startsWith(`evidence/${B.uscc}/`) && k.endsWith('.tlog'))!;
        const proof = new TextDecoder().decode(m.get(tlog));
        // One character of the proof's first hash changed.
        const lines = proof.split('\n');
        const at = lines.findIndex((l, i) => i > 0 && /^[A-Za-z0-9+/]{43}=$/.test(l));
        assert.ok(at > 0, proof);
        lines[at] = (lines[at][0] === 'A' ? 'B' : 'A') + lines[at].slice(1);
        m.set(tlog, new TextEncoder().encode(lines.join('\n')));
      }),
      [B, C],
      /was altered after 上海乙方贸易有限公司 signed it/,
    ],
    ['zip bomb', bomb, [B, C], /inflates (beyond|to) .*|would inflate to more than/],
    ['replay of an older envelope', fromB, [B, C], /older envelope \(sequence 2\) than one already seen here \(sequence 3\)/],
  ];
  for (const [what, file, accept, message] of cases) {
    const r = await importAt(A, file, accept);
    assert.equal(r.status, 2, `${what}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, what);
  }
  assert.equal(A.wb.entries().length, before, 'nothing was recorded');
  assert.equal((await A.wb.json<unknown[]>(['doc', 'list'], false)).length, 1);
  assert.ok(!existsSync(A.wb.file('nothing.pdf')));
});

test("decline travels back to the initiator; void is the initiator's alone", async () => {
  const { A, B, C } = orgs;
  // B declines a fresh copy of the envelope from A's first export (a separate workspace of B's would be the same).
  const bId = (await B.wb.json<{ id: string }[]>(['doc', 'list'], false))[0].id;
  const declined = B.wb.file('declined.affixenv');
  const r = await B.wb.run(['envelope', 'decline', bId, '--reason', '价格条款有误', '-o', declined]);
  assert.equal(r.status, 0, r.stderr);
  const v = await B.wb.run(['envelope', 'void', bId, '-o', B.wb.file('void.affixenv')]);
  assert.equal(v.status, 2);
  assert.match(v.stderr, /Only the initiator can void/);
  // C sees the decline (its last sequence was 3 from its own export... C exported seq 3; B's decline is seq 3 too: older or equal, refused).
  const atC = await importAt(C, declined, [A, B]);
  assert.equal(atC.status, 2);
  assert.match(atC.stderr, /older envelope/);
});
