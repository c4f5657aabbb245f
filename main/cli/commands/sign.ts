import type { AppearanceSpec, PlacementSpec, SignatureOptions } from '../../../shared/contract/signing';
import type { KeySource } from '../../services/domain/keys/keys-service';
import { sealAppearanceFor, type SealAppearanceSpec } from '../../services/domain/seals/seal-appearance';
import { UsageError, defineCommand, optionalInt, optionalString, requireString, type CommandContext, type ParsedArgs } from '../command';
import { EXIT } from '../exit-status';
import { secretFromEnv } from './secret-env';

function keySource(ctx: CommandContext, args: ParsedArgs): KeySource {
  const p12 = optionalString(args, 'p12');
  const key = optionalString(args, 'key');
  const module = optionalString(args, 'pkcs11-module');
  const given = [p12 && '--p12', key && '--key', module && '--pkcs11-module'].filter(Boolean);
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0 ? 'choose a key: --p12 FILE, --key ID or --pkcs11-module LIB' : `choose one key source, not ${given.join(' and ')}`,
    );
  }
  if (p12) return { kind: 'pkcs12', path: p12, password: secretFromEnv(ctx, args, 'password-env', 'PKCS#12 password') };
  if (key) {
    const pin = key.startsWith('person-') && args.values['pin-env'] !== undefined ? secretFromEnv(ctx, args, 'pin-env', "person's own PIN") : undefined;
    if (key.startsWith('person-') && pin === undefined)
      throw new UsageError(`signing as ${key} needs the person's own PIN: --pin-env VAR (the workspace passphrase alone cannot open their key)`);
    return {
      kind: 'workspace',
      id: key,
      passphrase: secretFromEnv(ctx, args, 'passphrase-env', 'key passphrase'),
      asPersonId: optionalString(args, 'as'),
      pin,
    };
  }
  return {
    kind: 'pkcs11',
    modulePath: module!,
    tokenLabel: requireString(args, 'token-label'),
    keyLabel: requireString(args, 'key-label'),
    pin: secretFromEnv(ctx, args, 'pin-env', 'token PIN'),
  };
}

/** The seal fields given on the command line; with a seal key the rest come from the seal's record. */
function sealFields(args: ParsedArgs): Partial<Omit<SealAppearanceSpec, 'kind'>> {
  const shape = optionalString(args, 'seal-shape');
  if (shape !== undefined && shape !== 'circle' && shape !== 'ellipse') throw new UsageError(`--seal-shape must be circle or ellipse, got "${shape}"`);
  return { orgName: optionalString(args, 'org-name'), sealText: optionalString(args, 'seal-text'), code: optionalString(args, 'seal-code'), shape };
}

/**
 * A seal key draws its own seal unless told otherwise: a seal used invisibly
 * is the exception, and leaving it to the caller to retype the organisation
 * name invites a seal that says something other than its certificate.
 */
async function appearance(ctx: CommandContext, args: ParsedArgs): Promise<AppearanceSpec> {
  const key = optionalString(args, 'key');
  const sealKey = key?.startsWith('seal-') ? key : undefined;
  const kind = optionalString(args, 'appearance') ?? (sealKey ? 'seal' : 'none');
  if (kind === 'none') return { kind: 'none' };
  if (kind === 'person') return { kind: 'person', name: optionalString(args, 'name') };
  if (kind.startsWith('image:') && kind.length > 6) return { kind: 'image', path: kind.slice(6) };
  if (kind === 'seal') {
    const given = sealFields(args);
    if (sealKey) return sealAppearanceFor(await ctx.call('seals.get', { id: sealKey }), given);
    return { ...given, kind: 'seal', orgName: requireString(args, 'org-name'), shape: given.shape ?? 'circle' };
  }
  throw new UsageError(`--appearance must be seal, person, image:FILE or none, got "${kind}"`);
}

function numbers(args: ParsedArgs, option: string, count: number): number[] | undefined {
  const v = optionalString(args, option);
  if (v === undefined) return undefined;
  const parts = v.split(',').map((p) => p.trim());
  if (parts.length !== count || !parts.every((p) => /^-?\d+(\.\d+)?$/.test(p))) {
    throw new UsageError(`--${option} needs ${count} comma-separated numbers, got "${v}"`);
  }
  return parts.map(Number);
}

function placement(args: ParsedArgs): PlacementSpec | undefined {
  const page = optionalInt(args, 'page', 1);
  const rect = numbers(args, 'rect', 4);
  const atText = optionalString(args, 'at-text');
  const size = numbers(args, 'size', 2);
  if (atText !== undefined) {
    if (rect || page !== undefined) throw new UsageError('--at-text finds the page and position itself; do not combine it with --page or --rect');
    return { atText, size: size as [number, number] | undefined };
  }
  if (rect) return { page: page ?? 1, rect: rect as [number, number, number, number] };
  if (page !== undefined) throw new UsageError('--page needs --rect x,y,w,h for a visible signature');
  return undefined;
}

function certify(args: ParsedArgs): 1 | 2 | 3 | undefined {
  const v = optionalString(args, 'certify');
  if (v === undefined) return undefined;
  if (v !== '1' && v !== '2' && v !== '3')
    throw new UsageError(`--certify must be 1 (no changes), 2 (form filling and signing) or 3 (also annotations), got "${v}"`);
  return Number(v) as 1 | 2 | 3;
}

function lock(args: ParsedArgs): SignatureOptions['lock'] {
  const v = optionalString(args, 'lock');
  if (v === undefined) return undefined;
  if (v === 'all') return { action: 'All' };
  const m = /^(include|exclude):(.+)$/.exec(v);
  if (!m) throw new UsageError(`--lock must be all, include:F1,F2 or exclude:F1,F2, got "${v}"`);
  return {
    action: m[1] === 'include' ? 'Include' : 'Exclude',
    fields: m[2]
      .split(',')
      .map((f) => f.trim())
      .filter(Boolean),
  };
}

/**
 * `--empty-field 'name=Approval,page=1,rect=x,y,w,h'` (repeatable): empty
 * signature fields for later signers, created with this signature — with a
 * certification, the only way a later visible signature keeps it valid.
 */
function emptyFields(args: ParsedArgs): SignatureOptions['emptyFields'] {
  const raw = args.values['empty-field'];
  if (raw === undefined) return undefined;
  return (Array.isArray(raw) ? raw : [raw]).map((spec, i) => {
    const text = String(spec);
    const m = /^name=([^,]+)(?:,page=(\d+))?(?:,rect=(-?[\d.]+),(-?[\d.]+),([\d.]+),([\d.]+))?$/.exec(text.trim());
    if (!m) throw new UsageError(`--empty-field ${i + 1}: expected name=NAME[,page=N][,rect=x,y,w,h], got "${text}"`);
    const page = m[2] === undefined ? undefined : Number(m[2]);
    if (page !== undefined && page < 1) throw new UsageError(`--empty-field ${i + 1}: page= must be a page number (1 or more)`);
    const rect = m[3] === undefined ? undefined : ([m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number]);
    if (rect && (rect[2] <= 0 || rect[3] <= 0)) throw new UsageError(`--empty-field ${i + 1}: rect= needs a positive width and height`);
    return { name: m[1].trim(), page, rect };
  });
}

export const signCommands = [
  defineCommand({
    name: 'sign',
    summary: 'Sign a PDF (PAdES B-B, incremental update) with a workspace key, a PKCS#12 file or a PKCS#11 token.',
    usage:
      'IN.pdf -o OUT.pdf (--p12 FILE --password-env VAR | --key ID --passphrase-env VAR | --pkcs11-module LIB --token-label L --key-label K --pin-env VAR) [options]',
    positionals: { min: 1, max: 1, names: 'IN.pdf' },
    options: {
      output: { type: 'string', short: 'o', description: 'where to write the signed PDF (written atomically; never the input)', valueName: 'OUT.pdf' },
      p12: { type: 'string', description: 'PKCS#12 file holding the key and certificate', valueName: 'FILE' },
      'password-env': { type: 'string', description: 'environment variable holding the PKCS#12 password', valueName: 'VAR' },
      key: { type: 'string', description: 'workspace key id ("affix key list"), seal id ("affix seal list", with --as) or person id', valueName: 'ID' },
      as: { type: 'string', description: 'with a seal: the authorised person using it (person-…)', valueName: 'PERSON_ID' },
      'passphrase-env': {
        type: 'string',
        description: 'environment variable holding the key passphrase (the workspace passphrase for seals and persons)',
        valueName: 'VAR',
      },
      'pkcs11-module': { type: 'string', description: 'PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so)', valueName: 'LIB' },
      'token-label': { type: 'string', description: 'label of the PKCS#11 token', valueName: 'L' },
      'key-label': { type: 'string', description: 'label of the private key on the token', valueName: 'K' },
      'pin-env': { type: 'string', description: "environment variable holding the token PIN, or with --key PERSON_ID the person's own PIN", valueName: 'VAR' },
      appearance: {
        type: 'string',
        description: "seal, person, image:FILE (PNG or SVG) or none (default; with a seal key: seal, drawn from the seal's record)",
        valueName: 'KIND',
      },
      'org-name': {
        type: 'string',
        description: "seal: organisation name along the upper arc (with a seal key: its organisation's legal name)",
        valueName: 'NAME',
      },
      'seal-text': { type: 'string', description: "seal: text under the star, e.g. 合同专用章 (with a seal key: the seal's name)", valueName: 'TEXT' },
      'seal-code': { type: 'string', description: "seal: code along the lower arc (with a seal key: the organisation's USCC)", valueName: 'CODE' },
      'seal-shape': { type: 'string', description: 'seal: circle (default) or ellipse (with a seal key: ellipse for finance seals)', valueName: 'SHAPE' },
      name: { type: 'string', description: 'person: the name shown (default: the certificate CN)', valueName: 'NAME' },
      page: { type: 'string', description: 'page number (1-based) for --rect, or for an invisible signature', valueName: 'N' },
      rect: { type: 'string', description: 'x,y,w,h in PDF points from the lower-left corner', valueName: 'x,y,w,h' },
      'at-text': { type: 'string', description: 'place the appearance over the first occurrence of this text', valueName: 'STRING' },
      size: { type: 'string', description: 'w,h of the appearance placed with --at-text', valueName: 'w,h' },
      certify: { type: 'string', description: 'certification signature, DocMDP level 1, 2 or 3', valueName: '1|2|3' },
      field: { type: 'string', description: 'sign this existing empty field, or name the new one', valueName: 'NAME' },
      lock: { type: 'string', description: 'FieldMDP: lock all fields, or include:F1,F2 / exclude:F1,F2 once signed', valueName: 'SPEC' },
      'empty-field': {
        type: 'string',
        multiple: true,
        description:
          'also create an empty signature field for a later signer (repeatable); a certified document takes later visible signatures only in such fields',
        valueName: 'name=N,page=P,rect=x,y,w,h',
      },
      reason: { type: 'string', description: 'reason for signing', valueName: 'TEXT' },
      location: { type: 'string', description: 'place of signing', valueName: 'TEXT' },
      subfilter: { type: 'string', description: 'cades (PAdES, default) or pkcs7 (adbe.pkcs7.detached)', valueName: 'KIND' },
      tsa: { type: 'string', description: 'PAdES B-T: RFC 3161 time-stamping authority to timestamp the signature', valueName: 'URL' },
    },
    details:
      'Exit status 2 for an unreadable, encrypted or damaged PDF, a wrong password or PIN, a key that does not match its certificate, or a page/rectangle out of range; no output file is written then.',
    run: async (ctx, args) => {
      const output = requireString(args, 'output');
      const subfilter = optionalString(args, 'subfilter') ?? 'cades';
      if (subfilter !== 'cades' && subfilter !== 'pkcs7') throw new UsageError(`--subfilter must be cades or pkcs7, got "${subfilter}"`);
      const source = keySource(ctx, args);
      const options: SignatureOptions = {
        appearance: await appearance(ctx, args),
        placement: placement(args),
        field: optionalString(args, 'field'),
        certify: certify(args),
        lock: lock(args),
        emptyFields: emptyFields(args),
        reason: optionalString(args, 'reason'),
        location: optionalString(args, 'location'),
        subFilter: subfilter,
        tsaUrl: optionalString(args, 'tsa'),
      };
      const result = await ctx.services().signing.signFile(args.positionals[0], output, options, source);
      ctx.print(result, () =>
        [
          `Signed ${args.positionals[0]} → ${output}`,
          `  field     ${result.field}`,
          `  revision  ${result.revision}`,
          `  sha256    ${result.sha256}`,
          `  type      ${result.subFilter}${result.certification ? `, certification P=${result.certification}` : ''}`,
          `  document  ${result.documentId}${result.ledgerIndex !== null ? `, ledger entry ${result.ledgerIndex}` : ''}`,
        ].join('\n'),
      );
      return EXIT.OK;
    },
  }),
];
