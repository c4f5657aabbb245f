import type { OutputOf } from '../../../shared/contract';
import { SealTypeSchema } from '../../../shared/contract/seals';
import { defineCommand, optionalString, requireString, UsageError, type ParsedArgs } from '../command';
import { EXIT } from '../exit-status';
import { passphraseOption, workspacePassphrase } from './workspace-passphrase';

type Seal = OutputOf<'seals.get'>;

const describeSeal = (s: Seal): string =>
  [
    `${s.sealId}  ${s.type}  ${s.name}${s.certRevokedAt ? '  (certificate revoked)' : ''}`,
    `  organisation ${s.legalName} (${s.uscc})`,
    `  valid        ${s.validFrom} … ${s.validUntil}`,
    `  certificate  ${s.certSerial}`,
    `  authorised   ${s.authorized.map((a) => a.personId).join(', ') || '(nobody)'}`,
  ].join('\n');

/** Accepts 2026-01-31 (midnight UTC) or a full ISO 8601 date-time. */
function dateOption(args: ParsedArgs, name: string, fallback?: Date): string {
  const v = optionalString(args, name);
  if (v === undefined) {
    if (fallback) return fallback.toISOString();
    throw new UsageError(`missing required option --${name}`);
  }
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(v)) throw new UsageError(`--${name} must be a date (YYYY-MM-DD or ISO 8601), got "${v}"`);
  return d.toISOString();
}

/** CLI JSON names every record's own identifier `id` (as org, identity, key and doc do); `sealId` stays for the contract's readers. */
const withId = <T extends { sealId: string }>(seal: T): T & { id: string } => ({ id: seal.sealId, ...seal });

export const sealCommands = [
  defineCommand({
    name: 'seal create',
    summary: "Create a seal with its own key and certificate, signed by the organisation's seal-making key.",
    usage: '--org ORG_ID --type TYPE --name TEXT --valid-until DATE [--valid-from DATE] [--image FILE] [--size-mm N]',
    options: {
      org: { type: 'string', description: 'the organisation', valueName: 'ORG_ID' },
      type: { type: 'string', description: SealTypeSchema.options.join(', '), valueName: 'TYPE' },
      name: { type: 'string', description: 'the text on the seal, e.g. 某某有限公司合同专用章', valueName: 'TEXT' },
      'valid-from': { type: 'string', description: 'start of validity (default now)', valueName: 'DATE' },
      'valid-until': { type: 'string', description: 'end of validity', valueName: 'DATE' },
      image: { type: 'string', description: 'seal appearance (PNG, JPEG or SVG)', valueName: 'FILE' },
      'size-mm': { type: 'string', description: 'printed diameter in millimetres (default 40)', valueName: 'N' },
      ...passphraseOption,
    },
    run: async (ctx, args) => {
      const type = SealTypeSchema.safeParse(requireString(args, 'type'));
      if (!type.success) throw new UsageError(`--type must be one of ${SealTypeSchema.options.join(', ')}`);
      const size = optionalString(args, 'size-mm');
      if (size !== undefined && !/^\d+(\.\d+)?$/.test(size)) throw new UsageError(`--size-mm must be a number, got "${size}"`);
      const seal = await ctx.call('seals.create', {
        orgId: requireString(args, 'org'),
        type: type.data,
        name: requireString(args, 'name'),
        validFrom: dateOption(args, 'valid-from', new Date()),
        validUntil: dateOption(args, 'valid-until'),
        imagePath: optionalString(args, 'image'),
        sizeMm: size === undefined ? undefined : Number(size),
        passphrase: workspacePassphrase(ctx, args),
      });
      ctx.print(withId(seal), () => `Created seal ${describeSeal(seal)}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'seal list',
    summary: 'List seals.',
    usage: '[--org ORG_ID]',
    options: { org: { type: 'string', description: 'only this organisation', valueName: 'ORG_ID' } },
    run: async (ctx, args) => {
      const seals = await ctx.call('seals.list', { orgId: optionalString(args, 'org') });
      ctx.print(seals.map(withId), () => (seals.length === 0 ? 'No seals.' : seals.map(describeSeal).join('\n')));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'seal authorize',
    summary: 'Authorise a verified person to use a seal (or withdraw it with --revoke).',
    usage: 'SEAL_ID --person PERSON_ID [--revoke]',
    positionals: { min: 1, max: 1, names: 'SEAL_ID' },
    options: {
      person: { type: 'string', description: 'the person', valueName: 'PERSON_ID' },
      revoke: { type: 'boolean', description: 'withdraw the authorisation instead' },
    },
    run: async (ctx, args) => {
      const seal = await ctx.call('seals.authorize', {
        sealId: args.positionals[0],
        personId: requireString(args, 'person'),
        revoke: args.values.revoke === true,
      });
      ctx.print(withId(seal), () => describeSeal(seal));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'seal sign',
    summary: 'Seal a PDF on behalf of an authorised person (refused, exit 2, outside the validity window or without authorisation).',
    usage: 'IN.pdf -o OUT.pdf --seal SEAL_ID --as PERSON_ID [--reason TEXT]',
    positionals: { min: 1, max: 1, names: 'IN.pdf' },
    options: {
      out: { type: 'string', short: 'o', description: 'the sealed PDF', valueName: 'OUT.pdf' },
      seal: { type: 'string', description: 'the seal', valueName: 'SEAL_ID' },
      as: { type: 'string', description: 'the person using the seal', valueName: 'PERSON_ID' },
      reason: { type: 'string', description: 'reason written into the signature', valueName: 'TEXT' },
      ...passphraseOption,
    },
    details:
      'Draws the seal from its record (organisation, seal name, USCC; finance seals elliptical). The sealed PDF is recorded as a new document version and anchored (signature.added, seal.used); every refusal too (seal.refused). For placement, certification or other options use `affix sign --key SEAL_ID --as PERSON_ID`.',
    run: async (ctx, args) => {
      const r = await ctx.call('seals.sign', {
        sealId: requireString(args, 'seal'),
        personId: requireString(args, 'as'),
        inputPath: args.positionals[0],
        outputPath: requireString(args, 'out'),
        reason: optionalString(args, 'reason'),
        passphrase: workspacePassphrase(ctx, args),
      });
      ctx.print(r, () =>
        [
          `Sealed ${args.positionals[0]} → ${r.outputPath}`,
          `  field     ${r.field}`,
          `  sha256    ${r.sha256}`,
          `  document  ${r.documentId}${r.ledgerIndex !== null ? `, ledger entry ${r.ledgerIndex}` : ''}`,
        ].join('\n'),
      );
      return EXIT.OK;
    },
  }),
];
