/**
 * Property: any sequence of signing operations through the CLI — certify at
 * level 1, 2 or 3, visible and invisible signatures, new fields and empty
 * fields prepared for later, FieldMDP locks, and certified or plain signing
 * orders — either is refused (exit 2, no output file) or yields a document
 * whose every signature is TOTAL-PASSED in `affix verify` (the workspace's
 * roots trusted) and valid in poppler's pdfsig. The signer must never make a
 * document its own verifier (or pyHanko) fails.
 *
 * Random but reproducible: the seed is printed with any failure, and
 * AFFIX_PROPERTY_SEED=N replays it.
 */
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { VerificationReport } from '../../../shared/verify';
import { Workbench } from '../identity/fixtures';
import { titledContract } from '../plans/fixtures';
import { pdfsig } from '../../support/pdf-tools';
import { prng } from '../../support/prng';

const SEED = Number(process.env.AFFIX_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SIGN_SEQUENCES = 6;
const PLAN_SEQUENCES = 4;

const rand = prng(SEED);
const chance = (p: number): boolean => rand() < p;
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const rect = (): string => `${40 + Math.floor(rand() * 360)},${40 + Math.floor(rand() * 660)},${100 + Math.floor(rand() * 60)},${50 + Math.floor(rand() * 40)}`;

let wb: Workbench;
let person: string;
let sealId: string;
let n = 0;

before(async () => {
  wb = new Workbench();
  await wb.init();
  const org = await wb.createOrg();
  person = (await wb.verifyPerson('张三', '11010519491231002X')).id;
  // The person chooses a PIN of their own for their key (issue #18); signing as them needs it.
  await wb.json(['pki', 'issue', '--org', org.id, '--person', person, '--pin-env', 'AFFIX_TEST_PIN']);
  sealId = (
    await wb.json<{ sealId: string }>([
      'seal',
      'create',
      '--org',
      org.id,
      '--type',
      'contract',
      '--name',
      '北京测试科技有限公司合同专用章',
      '--valid-until',
      new Date(Date.now() + 365 * 86_400_000).toISOString(),
    ])
  ).sealId;
  await wb.json(['seal', 'authorize', sealId, '--person', person], false);
});
after(() => wb.cleanup());

async function freshContract(): Promise<string> {
  const path = wb.file(`contract-${++n}.pdf`);
  writeFileSync(path, await titledContract(`Sequence ${n} (seed ${SEED})`));
  return path;
}

/** Every signature TOTAL-PASSED in affix verify, and valid in pdfsig. */
async function assertAllPass(path: string, expected: number, log: string[]): Promise<void> {
  const context = `seed ${SEED} (replay with AFFIX_PROPERTY_SEED=${SEED}); operations:\n  ${log.join('\n  ')}`;
  const r = await wb.plain(['verify', path, '--json']);
  const report = JSON.parse(r.stdout) as VerificationReport;
  const bad = report.signatures
    .filter((s) => s.status.indication !== 'TOTAL-PASSED')
    .map(
      (s) => `${s.field}: ${s.status.indication} ${'reason' in s.status ? s.status.reason : ''} ${JSON.stringify(s.modifications.filter((m) => !m.allowed))}`,
    );
  assert.equal(r.status, 0, `affix verify ${path} exit ${r.status}: ${bad.join('; ')}\n${context}`);
  assert.equal(report.signatures.length, expected, context);
  const sig = await pdfsig(path);
  const made = sig.signatures.filter((s) => s.subFilter !== '');
  assert.equal(made.length, expected, `pdfsig: ${sig.output}\n${context}`);
  for (const s of made) assert.ok(s.valid, `pdfsig ${s.field}: ${s.validation}\n${context}`);
}

/** A refused operation exits 2 with a message and writes nothing. */
function assertRefused(r: { status: number; stderr: string }, output: string, log: string[]): void {
  assert.equal(r.status, 2, `exit ${r.status}: ${r.stderr}\nseed ${SEED}; operations:\n  ${log.join('\n  ')}`);
  assert.ok(r.stderr.length > 0, 'a refusal says why');
  assert.ok(!existsSync(output), `no output after a refusal (seed ${SEED})`);
}

interface DocState {
  signatures: number;
  certified: boolean;
  /** Empty signature fields, and whether each shows a box. */
  empty: { name: string; visible: boolean }[];
}

test(`random sequences of affix sign operations never leave a failing signature (seed ${SEED})`, async (t) => {
  let signed = 0;
  let refused = 0;
  for (let seq = 0; seq < SIGN_SEQUENCES; seq++) {
    let input = await freshContract();
    const state: DocState = { signatures: 0, certified: false, empty: [] };
    const log: string[] = [];
    for (let op = 0; op < 3; op++) {
      const output = wb.file(`seq${seq}-op${op}.pdf`);
      const args = ['sign', input, '-o', output];
      const seal = chance(0.5);
      args.push('--key', seal ? sealId : person, ...(seal ? ['--as', person] : ['--pin-env', 'AFFIX_TEST_PIN']));
      if (chance(state.signatures === 0 ? 0.6 : 0.1)) args.push('--certify', pick(['1', '2', '2', '3', '3']));
      // A new visible field on a certified document is refused; ask for it now and then, not mostly.
      const visible = chance(state.certified && state.empty.length === 0 ? 0.25 : 0.6);
      const fill = state.empty.length > 0 && chance(0.7) ? pick(state.empty) : undefined;
      if (!visible) args.push('--appearance', 'none');
      else if (!seal) args.push('--appearance', 'person');
      if (fill) args.push('--field', fill.name);
      else if (visible) args.push('--page', '1', '--rect', rect());
      if (!fill && chance(0.3)) args.push('--lock', pick(['all', 'include:Later1,Later2', 'exclude:Later1']));
      const prepared: { name: string; visible: boolean }[] = [];
      if (chance(state.signatures === 0 ? 0.6 : 0.15)) {
        const count = 1 + Math.floor(rand() * 2);
        for (let k = 0; k < count; k++) {
          const name = `Later${op}${k}`;
          const box = chance(0.7);
          prepared.push({ name, visible: box });
          args.push('--empty-field', box ? `name=${name},page=1,rect=${rect()}` : `name=${name}`);
        }
      }
      log.push(`affix ${args.slice(3).join(' ')}`);
      const r = await wb.run(args);
      if (r.status !== 0) {
        log.push(`  → exit ${r.status}: ${r.stderr.split('\n')[0]}`);
        assertRefused(r, output, log);
        refused++;
        continue;
      }
      signed++;
      state.signatures++;
      state.certified ||= args.includes('--certify');
      state.empty = [...state.empty.filter((e) => e !== fill), ...prepared];
      await assertAllPass(output, state.signatures, log);
      input = output;
    }
  }
  t.diagnostic(`${signed} signings verified, ${refused} refused`);
  // Most operations are ones a signer may do; a run of nothing but refusals would prove nothing.
  assert.ok(signed >= SIGN_SEQUENCES, `only ${signed} of ${signed + refused} operations signed (seed ${SEED})`);
});

test(`random signing orders (certified or not, visible and invisible steps) verify after every step (seed ${SEED})`, async (t) => {
  let stepsSigned = 0;
  for (let seq = 0; seq < PLAN_SEQUENCES; seq++) {
    const doc = (await wb.json<{ id: string }>(['doc', 'import', await freshContract()], false)).id;
    const steps = 1 + Math.floor(rand() * 3);
    const certify = pick([undefined, '1', '2', '3']);
    const args = ['plan', 'set', doc, ...(certify ? ['--certify', certify] : [])];
    const personSteps = new Set<number>();
    for (let s = 1; s <= steps; s++) {
      const box = chance(0.7) ? `,page=1,rect=${rect()}` : ',appearance=none';
      const bySeal = chance(0.5);
      if (!bySeal) personSteps.add(s);
      args.push(
        '--step',
        bySeal ? `label=S${s},seal=${sealId},as=${person}${box}` : `label=S${s},person=${person}${box.replace(',page', ',appearance=person,page')}`,
      );
    }
    const log = [`affix ${args.join(' ')}`];
    const set = await wb.plain(args);
    if (set.status !== 0) {
      log.push(`  → exit ${set.status}: ${set.stderr}`);
      assert.equal(set.status, 2, log.join('\n'));
      assert.ok(certify === '1' && steps > 1, `only a P=1 order of several steps is refused at set: ${log.join('\n')} (seed ${SEED})`);
      continue;
    }
    for (let s = 1; s <= steps; s++) {
      log.push(`affix plan sign ${doc} --step ${s}`);
      const signed = await wb.run(['plan', 'sign', doc, '--step', String(s), ...(personSteps.has(s) ? ['--pin-env', 'AFFIX_TEST_PIN'] : [])]);
      assert.equal(signed.status, 0, `${signed.stderr}\nseed ${SEED}:\n  ${log.join('\n  ')}`);
      const out = wb.file(`plan${seq}-step${s}.pdf`);
      assert.equal((await wb.plain(['doc', 'export', doc, '-o', out])).status, 0);
      await assertAllPass(out, s, log);
      stepsSigned++;
    }
  }
  t.diagnostic(`${stepsSigned} steps signed and verified`);
});
