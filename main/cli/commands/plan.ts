/**
 * `affix plan`: a document's signing order. `plan set` takes one --step per
 * signer, in order, each a comma-separated list of key=value pairs (the rect's
 * own commas are allowed: numbers after rect= belong to it). A token step
 * names its key as `affix sign` does (module, token label, key label) and is
 * signed with the token's PIN instead of a passphrase.
 */
import { resolve } from 'node:path';
import type { PlannedStep, SigningPlan, StepSigner } from '../../../shared/contract/plans';
import type { AppearanceSpec } from '../../../shared/contract/signing';
import { sealAppearanceFor } from '../../services/domain/seals/seal-appearance';
import { UsageError, defineCommand, optionalInt, optionalString, type CommandContext, type ParsedArgs } from '../command';
import { EXIT } from '../exit-status';
import { secretFromEnv } from './secret-env';

const STEP_KEYS = [
  'label',
  'seal',
  'as',
  'person',
  'key',
  'pkcs11-module',
  'token-label',
  'key-label',
  'page',
  'rect',
  'appearance',
  'name',
  'reason',
] as const;
type StepKey = (typeof STEP_KEYS)[number];
type StepFields = Partial<Record<StepKey, string>>;

const SIGNER_SYNTAX =
  "'seal=SEAL_ID,as=PERSON_ID' (or person=PERSON_ID / key=KEY_ID / pkcs11-module=LIB,token-label=L,key-label=K; optional appearance=seal|person|none, name=NAME)";
const STEP_SYNTAX =
  "'label=甲方,seal=SEAL_ID,as=PERSON_ID,page=1,rect=x,y,w,h' (or person=PERSON_ID / key=KEY_ID / pkcs11-module=LIB,token-label=L,key-label=K; optional appearance=seal|person|none, name=NAME, reason=TEXT)";

/** Splits "a=1,rect=1,2,3,4,b=x" into pairs; a part without "=" continues the previous value. */
export function parseStepSpec(spec: string, n: number): StepFields {
  const out: StepFields = {};
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

function signerOf(f: StepFields, n: number): StepSigner {
  const given = (['seal', 'person', 'key', 'pkcs11-module'] as const).filter((k) => f[k] !== undefined);
  if (given.length !== 1)
    throw new UsageError(
      `--step ${n}: name exactly one signer: seal=ID (with as=PERSON_ID), person=ID, key=ID or pkcs11-module=LIB (with token-label=L,key-label=K)`,
    );
  if (f.seal === undefined && f.as !== undefined) throw new UsageError(`--step ${n}: as= only goes with seal=`);
  if (f['pkcs11-module'] === undefined) {
    const stray = (['token-label', 'key-label'] as const).find((k) => f[k] !== undefined);
    if (stray) throw new UsageError(`--step ${n}: ${stray}= only goes with pkcs11-module=`);
  }
  if (f.seal !== undefined) {
    if (!f.as) throw new UsageError(`--step ${n}: a seal is used on behalf of an authorised person: add as=PERSON_ID`);
    return { kind: 'seal', sealId: f.seal, asPersonId: f.as };
  }
  if (f['pkcs11-module'] !== undefined) return tokenSignerOf(f['pkcs11-module'], f, n);
  return f.person !== undefined ? { kind: 'person', personId: f.person } : { kind: 'key', keyId: f.key! };
}

function tokenSignerOf(module: string, f: StepFields, n: number): StepSigner {
  const missing = (['token-label', 'key-label'] as const).filter((k) => !f[k]);
  if (!module || missing.length > 0) {
    throw new UsageError(
      `--step ${n}: a token key is named by pkcs11-module=LIB,token-label=L,key-label=K; missing ${[...(module ? [] : ['pkcs11-module']), ...missing].join(', ')}`,
    );
  }
  return { kind: 'token', modulePath: resolve(module), tokenLabel: f['token-label']!, keyLabel: f['key-label']! };
}

function boxOf(f: StepFields, n: number): PlannedStep['box'] {
  if (f.rect === undefined) {
    if (f.page !== undefined) throw new UsageError(`--step ${n}: page= needs rect=x,y,w,h`);
    return undefined;
  }
  const rect = f.rect.split(',').map((p) => p.trim());
  if (rect.length !== 4 || !rect.every((p) => /^-?\d+(\.\d+)?$/.test(p)))
    throw new UsageError(`--step ${n}: rect= needs 4 comma-separated numbers x,y,w,h, got "${f.rect}"`);
  const page = f.page ?? '1';
  if (!/^\d+$/.test(page) || Number(page) < 1) throw new UsageError(`--step ${n}: page= must be a page number ≥ 1, got "${page}"`);
  return { page: Number(page), rect: rect.map(Number) as [number, number, number, number] };
}

/** A seal draws itself from its record; a person or key with a box shows the signer's name; without a box the signature is invisible. */
async function appearanceOf(ctx: CommandContext, f: StepFields, signer: StepSigner, n: number): Promise<AppearanceSpec> {
  const kind = f.appearance ?? (signer.kind === 'seal' ? 'seal' : f.rect !== undefined ? 'person' : 'none');
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'person') return { kind: 'person', name: f.name };
  if (kind === 'seal') {
    if (signer.kind !== 'seal') throw new UsageError(`--step ${n}: appearance=seal needs a seal signer (seal=ID)`);
    return sealAppearanceFor(await ctx.call('seals.get', { id: signer.sealId }));
  }
  throw new UsageError(`--step ${n}: appearance= must be seal, person or none, got "${kind}"`);
}

/** The look a new signer brings to a step (see "plan change-signer"), or undefined to keep the step's own. */
async function newAppearance(
  ctx: CommandContext,
  f: StepFields,
  signer: StepSigner,
  current: AppearanceSpec | undefined,
  n: number,
): Promise<AppearanceSpec | undefined> {
  if (f.appearance !== undefined) return appearanceOf(ctx, f, signer, n);
  if (current === undefined || current.kind === 'none') return undefined;
  if (signer.kind === 'seal') return appearanceOf(ctx, { appearance: 'seal' }, signer, n);
  return current.kind === 'seal' ? { kind: 'person', name: f.name } : undefined;
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
  if (v !== '1' && v !== '2' && v !== '3')
    throw new UsageError(`--certify must be 1 (no changes), 2 (form filling and signing) or 3 (also annotations), got "${v}"`);
  return Number(v) as 1 | 2 | 3;
}

function signerText(s: StepSigner): string {
  switch (s.kind) {
    case 'seal':
      return `seal ${s.sealId} as ${s.asPersonId}`;
    case 'person':
      return `person ${s.personId}`;
    case 'key':
      return `key ${s.keyId}`;
    case 'token':
      return `token "${s.tokenLabel}" key "${s.keyLabel}" (${s.modulePath})`;
  }
}

/**
 * A token step opens with the token's PIN (--pin-env), every other step with
 * a passphrase (--passphrase-env): exactly one, matching the step. A step the
 * order does not have is left to plans.signNext to refuse with its reason.
 */
async function stepSecret(ctx: CommandContext, args: ParsedArgs, documentId: string, step: number): Promise<{ secret: string; pin?: string }> {
  const pin = args.values['pin-env'] !== undefined;
  const passphrase = args.values['passphrase-env'] !== undefined;
  const signer = (await ctx.call('plans.get', { documentId }))?.steps.find((s) => s.step === step)?.signer;
  // A person step needs both: the workspace passphrase and the person's own PIN.
  if (signer?.kind === 'person') {
    if (!pin)
      throw new UsageError(
        `step ${step} is signed by ${signer.personId} with their own key: give their PIN with --pin-env VAR (and the workspace passphrase with --passphrase-env VAR)`,
      );
    return {
      secret: secretFromEnv(ctx, args, 'passphrase-env', 'workspace passphrase'),
      pin: secretFromEnv(ctx, args, 'pin-env', `PIN of ${signer.personId}`),
    };
  }
  if (pin && passphrase) throw new UsageError('give --passphrase-env VAR or --pin-env VAR, not both');
  if (signer?.kind === 'token') {
    if (passphrase)
      throw new UsageError(`step ${step} signs with a key on PKCS#11 token "${signer.tokenLabel}": give its PIN with --pin-env VAR, not --passphrase-env`);
    return { secret: secretFromEnv(ctx, args, 'pin-env', `PIN of token "${signer.tokenLabel}"`) };
  }
  if (signer && pin) throw new UsageError(`--pin-env is for a step signed with a token key; step ${step} (${signerText(signer)}) needs --passphrase-env VAR`);
  return { secret: pin ? secretFromEnv(ctx, args, 'pin-env', 'token PIN') : secretFromEnv(ctx, args, 'passphrase-env', 'passphrase') };
}

function describePlan(plan: SigningPlan): string {
  const lines = plan.steps.map((s) => {
    const where = s.box ? `page ${s.box.page} [${s.box.rect.join(', ')}]` : 'invisible';
    const state =
      s.status.state === 'signed'
        ? `signed ${s.status.signedAt}, field ${s.status.field}, ${s.status.sha256.slice(0, 16)}…`
        : s.step === plan.next
          ? 'next'
          : 'pending';
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
    details:
      'Boxes are checked against the pages (they must lie within the visible area); exit status 2 names the step and page when one does not. ' +
      'A token step (pkcs11-module=LIB,token-label=L,key-label=K) needs the module registered ("affix pkcs11 add LIB"), the token present and a certificate labelled K on it; it is signed with "affix plan sign --pin-env VAR".',
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
    name: 'plan change-signer',
    summary: 'Change who signs a step not yet signed (also once signing has started).',
    usage: 'DOC_ID --step N --signer SPEC',
    positionals: { min: 1, max: 1, names: 'DOC_ID' },
    options: {
      step: { type: 'string', description: 'the step whose signer changes; it must not be signed yet', valueName: 'N' },
      signer: { type: 'string', description: `the new signer: ${SIGNER_SYNTAX}`, valueName: 'SPEC' },
    },
    details:
      "The step keeps its place, label and box. A seal step takes the new seal's look; a seal replaced by a person or key becomes a signature block; an invisible step stays invisible unless appearance= says otherwise. " +
      'The new signer is checked as "plan set" checks it; exit status 2 when it may not sign or the step is already signed.',
    run: async (ctx, args) => {
      const documentId = args.positionals[0];
      const step = optionalInt(args, 'step', 1);
      if (step === undefined) throw new UsageError('missing required option --step N');
      const spec = optionalString(args, 'signer');
      if (spec === undefined) throw new UsageError(`missing required option --signer ${SIGNER_SYNTAX}`);
      const f = parseStepSpec(spec, step);
      const fixed = (['label', 'page', 'rect', 'reason'] as const).find((k) => f[k] !== undefined);
      if (fixed)
        throw new UsageError(
          `--signer: ${fixed}= cannot change here, a step keeps its label, box and reason (before signing starts, "plan set" changes the whole order)`,
        );
      const signer = signerOf(f, step);
      const plan = await ctx.call('plans.get', { documentId });
      const current = plan?.steps.find((s) => s.step === step)?.appearance;
      const appearance = await newAppearance(ctx, f, signer, current, step);
      const changed = await ctx.call('plans.changeSigner', { documentId, step, signer, appearance });
      ctx.print(changed, () => describePlan(changed));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'plan sign',
    summary: 'Sign the next step of a document’s signing order.',
    usage: 'DOC_ID --step N (--passphrase-env VAR | --pin-env VAR | --passphrase-env VAR --pin-env VAR for a person step)',
    positionals: { min: 1, max: 1, names: 'DOC_ID' },
    options: {
      step: { type: 'string', description: 'the step to sign; refused unless it is the next one', valueName: 'N' },
      'passphrase-env': {
        type: 'string',
        description: 'environment variable holding the passphrase (the workspace passphrase for seals and persons, else the key passphrase)',
        valueName: 'VAR',
      },
      'pin-env': {
        type: 'string',
        description: "for a token step: environment variable holding the token user PIN; for a person step: the person's own PIN (with --passphrase-env)",
        valueName: 'VAR',
      },
    },
    details:
      'Exit status 2 when the step is not the next one, the document was signed outside the order since the previous step, the passphrase or PIN is wrong, or the token is absent; nothing is recorded then.',
    run: async (ctx, args) => {
      const step = optionalInt(args, 'step', 1);
      if (step === undefined) throw new UsageError('missing required option --step N');
      const { secret, pin } = await stepSecret(ctx, args, args.positionals[0], step);
      const result = await ctx.call('plans.signNext', { documentId: args.positionals[0], step, secret, pin });
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
