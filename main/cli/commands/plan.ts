/**
 * `affix plan`: a document's signing order. `plan set` takes one --step per
 * signer, in order, each a comma-separated list of key=value pairs (the rect's
 * own commas are allowed: numbers after rect= belong to it).
 */
import type { PlannedStep, SigningPlan, StepSigner } from '../../../shared/contract/plans';
import type { AppearanceSpec } from '../../../shared/contract/signing';
import { sealAppearanceFor } from '../../services/seals/seal-appearance';
import { UsageError, defineCommand, optionalInt, optionalString, type CommandContext, type ParsedArgs } from '../command';
import { EXIT } from '../exit-status';
import { secretFromEnv } from './secret-env';

const STEP_KEYS = ['label', 'seal', 'as', 'person', 'key', 'page', 'rect', 'appearance', 'name', 'reason'] as const;
type StepKey = (typeof STEP_KEYS)[number];

const STEP_SYNTAX = "'label=甲方,seal=SEAL_ID,as=PERSON_ID,page=1,rect=x,y,w,h' (or person=PERSON_ID / key=KEY_ID; optional appearance=seal|person|none, name=NAME, reason=TEXT)";

/** Splits "a=1,rect=1,2,3,4,b=x" into pairs; a part without "=" continues the previous value. */
export function parseStepSpec(spec: string, n: number): Partial<Record<StepKey, string>> {
  const out: Partial<Record<StepKey, string>> = {};
  let last: StepKey | undefined;
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (last === undefined) throw new UsageError(`--step ${n}: "${part}" is not key=value; expected ${STEP_SYNTAX}`);
      out[last] += `,${part}`;
      continue;
    }
    const key = part.slice(0, eq).trim() as StepKey;
    if (!STEP_KEYS.includes(key)) throw new UsageError(`--step ${n}: unknown key "${key}" (known: ${STEP_KEYS.join(', ')})`);
    if (out[key] !== undefined) throw new UsageError(`--step ${n}: ${key}= given twice`);
    out[key] = part.slice(eq + 1).trim();
    last = key;
  }
  return out;
}

function signerOf(f: Partial<Record<StepKey, string>>, n: number): StepSigner {
  const given = (['seal', 'person', 'key'] as const).filter((k) => f[k] !== undefined);
  if (given.length !== 1) throw new UsageError(`--step ${n}: name exactly one signer: seal=ID (with as=PERSON_ID), person=ID or key=ID`);
  if (f.seal !== undefined) {
    if (!f.as) throw new UsageError(`--step ${n}: a seal is used on behalf of an authorised person: add as=PERSON_ID`);
    return { kind: 'seal', sealId: f.seal, asPersonId: f.as };
  }
  if (f.as !== undefined) throw new UsageError(`--step ${n}: as= only goes with seal=`);
  return f.person !== undefined ? { kind: 'person', personId: f.person } : { kind: 'key', keyId: f.key! };
}

function boxOf(f: Partial<Record<StepKey, string>>, n: number): PlannedStep['box'] {
  if (f.rect === undefined) {
    if (f.page !== undefined) throw new UsageError(`--step ${n}: page= needs rect=x,y,w,h`);
    return undefined;
  }
  const rect = f.rect.split(',').map((p) => p.trim());
  if (rect.length !== 4 || !rect.every((p) => /^-?\d+(\.\d+)?$/.test(p))) throw new UsageError(`--step ${n}: rect= needs 4 comma-separated numbers x,y,w,h, got "${f.rect}"`);
  const page = f.page ?? '1';
  if (!/^\d+$/.test(page) || Number(page) < 1) throw new UsageError(`--step ${n}: page= must be a page number ≥ 1, got "${page}"`);
  return { page: Number(page), rect: rect.map(Number) as [number, number, number, number] };
}

/** A seal draws itself from its record; a person or key with a box shows the signer's name; without a box the signature is invisible. */
async function appearanceOf(ctx: CommandContext, f: Partial<Record<StepKey, string>>, signer: StepSigner, n: number): Promise<AppearanceSpec> {
  const kind = f.appearance ?? (signer.kind === 'seal' ? 'seal' : f.rect !== undefined ? 'person' : 'none');
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'person') return { kind: 'person', name: f.name };
  if (kind === 'seal') {
    if (signer.kind !== 'seal') throw new UsageError(`--step ${n}: appearance=seal needs a seal signer (seal=ID)`);
    return sealAppearanceFor(await ctx.call('seals.get', { id: signer.sealId }));
  }
  throw new UsageError(`--step ${n}: appearance= must be seal, person or none, got "${kind}"`);
}

async function plannedStep(ctx: CommandContext, spec: string, n: number): Promise<PlannedStep> {
  const f = parseStepSpec(spec, n);
  if (!f.label) throw new UsageError(`--step ${n}: missing label=TEXT; expected ${STEP_SYNTAX}`);
  const signer = signerOf(f, n);
  return { signer, label: f.label, appearance: await appearanceOf(ctx, f, signer, n), box: boxOf(f, n), reason: f.reason };
}

function certifyOf(args: ParsedArgs): 1 | 2 | 3 | undefined {
  const v = optionalString(args, 'certify');
  if (v === undefined) return undefined;
  if (v !== '1' && v !== '2' && v !== '3') throw new UsageError(`--certify must be 1 (no changes), 2 (form filling and signing) or 3 (also annotations), got "${v}"`);
  return Number(v) as 1 | 2 | 3;
}

const signerText = (s: StepSigner): string =>
  s.kind === 'seal' ? `seal ${s.sealId} as ${s.asPersonId}` : s.kind === 'person' ? `person ${s.personId}` : `key ${s.keyId}`;

function describePlan(plan: SigningPlan): string {
  const lines = plan.steps.map((s) => {
    const where = s.box ? `page ${s.box.page} [${s.box.rect.join(', ')}]` : 'invisible';
    const state = s.status.state === 'signed' ? `signed ${s.status.signedAt}, field ${s.status.field}, ${s.status.sha256.slice(0, 16)}…` : s.step === plan.next ? 'next' : 'pending';
    return `  ${String(s.step).padStart(2)}. ${s.label}  ${signerText(s.signer)}  ${where}  ${state}`;
  });
  const head = `Signing order of ${plan.documentId}${plan.certify ? ` (step 1 certifies, DocMDP P=${plan.certify})` : ''}`;
  return [head, ...lines, plan.next === null ? 'Every step is signed.' : `Next: step ${plan.next}.`].join('\n');
}

export const planCommands = [
  defineCommand({
    name: 'plan set',
    summary: "Set a document's signing order (refused once a step is signed).",
    usage: `DOC_ID --step SPEC [--step SPEC …] [--certify 1|2|3]`,
    positionals: { min: 1, max: 1, names: 'DOC_ID' },
    options: {
      step: { type: 'string', multiple: true, description: `one signer, in order: ${STEP_SYNTAX}`, valueName: 'SPEC' },
      certify: { type: 'string', description: 'step 1 is a certification signature with DocMDP level 1, 2 or 3', valueName: '1|2|3' },
    },
    details: 'Boxes are checked against the pages (they must lie within the visible area); exit status 2 names the step and page when one does not.',
    run: async (ctx, args) => {
      const specs = args.values.step;
      if (!Array.isArray(specs) || specs.length === 0) throw new UsageError(`give at least one --step ${STEP_SYNTAX}`);
      const steps: PlannedStep[] = [];
      for (const [i, spec] of specs.entries()) steps.push(await plannedStep(ctx, String(spec), i + 1));
      const plan = await ctx.call('plans.set', { documentId: args.positionals[0], steps, certify: certifyOf(args) });
      ctx.print(plan, () => describePlan(plan));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'plan show',
    summary: "Show a document's signing order and each step's state.",
    usage: 'DOC_ID',
    positionals: { min: 1, max: 1, names: 'DOC_ID' },
    run: async (ctx, args) => {
      const plan = await ctx.call('plans.get', { documentId: args.positionals[0] });
      ctx.print(plan, () => (plan ? describePlan(plan) : `Document ${args.positionals[0]} has no signing order.`));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'plan sign',
    summary: 'Sign the next step of a document’s signing order.',
    usage: 'DOC_ID --step N --passphrase-env VAR',
    positionals: { min: 1, max: 1, names: 'DOC_ID' },
    options: {
      step: { type: 'string', description: 'the step to sign; refused unless it is the next one', valueName: 'N' },
      'passphrase-env': { type: 'string', description: 'environment variable holding the passphrase (the workspace passphrase for seals and persons, else the key passphrase)', valueName: 'VAR' },
    },
    details: 'Exit status 2 when the step is not the next one, or the document was signed outside the order since the previous step; nothing is recorded then.',
    run: async (ctx, args) => {
      const step = optionalInt(args, 'step', 1);
      if (step === undefined) throw new UsageError('missing required option --step N');
      const passphrase = secretFromEnv(ctx, args, 'passphrase-env', 'passphrase');
      const result = await ctx.call('plans.signNext', { documentId: args.positionals[0], step, passphrase });
      ctx.print(result, () =>
        [
          `Signed step ${step} of ${args.positionals[0]}`,
          `  field     ${result.field}`,
          `  revision  ${result.revision}`,
          `  sha256    ${result.sha256}`,
          `  ledger    ${result.ledgerIndex ?? 'not anchored'}`,
        ].join('\n'),
      );
      return EXIT.OK;
    },
  }),
];
