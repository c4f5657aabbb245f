import { EnvelopeService, type EnvelopeSummary, type ExportOptions, type OutsideParty } from '../../services/usecases/envelope/envelope-service';
import { defineCommand, optionalString, requireString, UsageError, type CommandContext, type ParsedArgs } from '../command';
import { EXIT, type ExitStatus } from '../exit-status';
import { secretFromEnv } from './secret-env';

const service = (ctx: CommandContext): EnvelopeService => new EnvelopeService(ctx.services());
const list = (args: ParsedArgs, name: string): string[] => {
  const v = args.values[name];
  return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String);
};
/** Names from an envelope are someone else's text: no control characters reach the terminal. */
// eslint-disable-next-line no-control-regex
const safe = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?');

/** `--party 'step=2,name=乙公司,uscc=…,root=ROOT.pem'`: the outside organisation that signs a step. */
function parties(args: ParsedArgs): OutsideParty[] {
  return list(args, 'party').map((spec, i) => {
    const fields = new Map<string, string>();
    for (const part of spec.split(',')) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new UsageError(`--party ${i + 1}: expected key=value pairs, got "${part}"`);
      fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
    for (const k of fields.keys())
      if (!['step', 'name', 'uscc', 'root'].includes(k)) throw new UsageError(`--party ${i + 1}: unknown key "${k}" (step, name, uscc, root)`);
    const step = Number(fields.get('step'));
    if (!Number.isInteger(step) || step < 1) throw new UsageError(`--party ${i + 1}: step= must be a step number`);
    const uscc = fields.get('uscc') ?? '';
    if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(uscc)) throw new UsageError(`--party ${i + 1}: uscc= must be an 18-character USCC`);
    const name = fields.get('name');
    const rootPath = fields.get('root');
    if (!name) throw new UsageError(`--party ${i + 1}: missing name=ORGANISATION`);
    if (!rootPath) throw new UsageError(`--party ${i + 1}: missing root=ROOT_CA.pem (the organisation's root CA certificate, obtained from it)`);
    return { step, name, uscc, root: { path: rootPath } };
  });
}

function describe(s: EnvelopeSummary): string {
  const party = (uscc: string): string => safe(s.parties.find((p) => p.uscc === uscc)?.name ?? uscc);
  return [
    `Envelope ${s.envelopeId} (document ${s.documentId}), sequence ${s.sequence}, ${s.status}${s.reason ? `: ${safe(s.reason)}` : ''}`,
    `  initiator  ${safe(s.initiator.name)} (USCC ${s.initiator.uscc})`,
    ...(s.orderSigner ? [`  order signed by   ${safe(s.orderSigner)}`, `  sent by           ${safe(s.stateSigner ?? '')}`] : []),
    '  parties — confirm each root fingerprint with the organisation out of band:',
    ...s.parties.map((p) => `    ${safe(p.name)}  USCC ${p.uscc}\n      root SHA-256  ${p.safetyNumber}`),
    '  signing order:',
    ...s.steps.map(
      (st) => `    ${st.step}. ${safe(st.label)}  ${party(st.party)}  field ${safe(st.field)}  ${st.signed ? 'signed' : 'pending'}${st.ours ? '  (ours)' : ''}`,
    ),
    s.next === null
      ? '  Every step is signed.'
      : `  Next: step ${s.next}${s.ourTurn ? " — this organisation's turn (sign its field, e.g. affix sign FILE --field " + safe(s.steps[s.next - 1].field) + ')' : ''}.`,
    ...(s.foreignCheckpoints?.length
      ? [
          "  other parties' checkpoints recorded:",
          ...s.foreignCheckpoints.map((c) => `    ${c.uscc}  ${safe(c.origin)} size ${c.size}  (ledger entry ${c.ledgerIndex})`),
        ]
      : []),
  ].join('\n');
}

const orgOption = { org: { type: 'string' as const, description: 'the organisation this workspace acts for (default: its only one)', valueName: 'ORG_ID' } };
const passOption = {
  'passphrase-env': {
    type: 'string' as const,
    description: 'environment variable holding the workspace passphrase (opens the organisation key that signs the envelope)',
    valueName: 'VAR',
  },
};
/** Decline and void both write the envelope back with a new status: the same options, --reason required or not. */
const statusChangeOptions = {
  reason: { type: 'string' as const, description: 'why (travels in the envelope)', valueName: 'TEXT' },
  output: { type: 'string' as const, short: 'o', description: 'where to write the envelope', valueName: 'FILE' },
  ...orgOption,
  ...passOption,
};

/** Writes the envelope back with a new status (decline, void), signed by this organisation, and says so. */
async function writeStatusChange(ctx: CommandContext, args: ParsedArgs, status: NonNullable<ExportOptions['status']>, done: string): Promise<ExitStatus> {
  const r = await service(ctx).export(args.positionals[0], requireString(args, 'output'), {
    passphrase: secretFromEnv(ctx, args, 'passphrase-env', 'workspace passphrase'),
    orgId: optionalString(args, 'org'),
    status,
  });
  ctx.print(r, () => `${done}; wrote ${r.path}\n${describe(r)}`);
  return EXIT.OK;
}

export const envelopeCommands = [
  defineCommand({
    name: 'envelope export',
    summary: "Write a document, its signing order and every party's evidence as an ASiC-E signing envelope for the next party.",
    usage: "DOC_ID -o deal.affixenv --passphrase-env VAR [--party 'step=N,name=ORG,uscc=USCC,root=ROOT.pem']… [--org ORG_ID]",
    positionals: { min: 1, max: 1, names: 'DOC_ID' },
    options: {
      output: { type: 'string', short: 'o', description: 'where to write the envelope (written atomically)', valueName: 'FILE' },
      party: {
        type: 'string',
        multiple: true,
        description: 'first export only: the outside organisation that signs step N, with its root CA certificate',
        valueName: 'SPEC',
      },
      ...orgOption,
      ...passOption,
    },
    details:
      "The first export creates the envelope from the document's signing order (steps without --party are this organisation's) and signs the order; every export signs the envelope state. Exit 2 on bad input; no file is left then.",
    run: async (ctx, args) => {
      const r = await service(ctx).export(args.positionals[0], requireString(args, 'output'), {
        passphrase: secretFromEnv(ctx, args, 'passphrase-env', 'workspace passphrase'),
        orgId: optionalString(args, 'org'),
        parties: parties(args),
      });
      ctx.print(r, () => `Wrote ${r.path} (${r.bytes} bytes)\n${describe(r)}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'envelope import',
    summary: "Check a signing envelope (signatures, order, roots, every party's evidence) and record it: the PDF as a new version of the same document.",
    usage: 'deal.affixenv [--accept-root SHA256]… [--org ORG_ID]',
    positionals: { min: 1, max: 1, names: 'FILE' },
    options: {
      'accept-root': {
        type: 'string',
        multiple: true,
        description: "a party's root CA SHA-256, confirmed with it out of band (repeatable)",
        valueName: 'SHA256',
      },
      ...orgOption,
    },
    details:
      'Exit 2, with nothing imported, for an unconfirmed root, an altered order or member, a missing member, an older envelope replayed after a newer one, or a container over its limits.',
    run: async (ctx, args) => {
      const r = await service(ctx).import(args.positionals[0], { acceptRoots: list(args, 'accept-root'), orgId: optionalString(args, 'org') });
      ctx.print(r, () => `Imported ${args.positionals[0]}\n${describe(r)}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'envelope show',
    summary: 'The envelope a document travels in: parties with root fingerprints, steps, status.',
    usage: 'DOC_ID [--org ORG_ID]',
    positionals: { min: 1, max: 1, names: 'DOC_ID' },
    options: { ...orgOption },
    run: (ctx, args) => {
      const r = service(ctx).show(args.positionals[0], optionalString(args, 'org'));
      ctx.print(r, () => describe(r));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'envelope decline',
    summary: 'Decline to sign: writes the envelope back with its status "declined" and the reason, signed by this organisation.',
    usage: 'DOC_ID --reason TEXT -o back.affixenv --passphrase-env VAR',
    positionals: { min: 1, max: 1, names: 'DOC_ID' },
    options: statusChangeOptions,
    run: async (ctx, args) => {
      const reason = requireString(args, 'reason');
      if (reason.length > 500) throw new UsageError('--reason is limited to 500 characters');
      return writeStatusChange(ctx, args, { status: 'declined', reason }, 'Declined');
    },
  }),
  defineCommand({
    name: 'envelope void',
    summary: 'The initiator withdraws the envelope: writes it with its status "voided", signed.',
    usage: 'DOC_ID -o void.affixenv --passphrase-env VAR [--reason TEXT]',
    positionals: { min: 1, max: 1, names: 'DOC_ID' },
    options: statusChangeOptions,
    run: (ctx, args) => writeStatusChange(ctx, args, { status: 'voided', reason: optionalString(args, 'reason') }, 'Voided'),
  }),
];
