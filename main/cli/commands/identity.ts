import { readFileSync } from 'node:fs';
import type { InputOf, OutputOf } from '../../../shared/contract';
import { EVIDENCE_TYPES, type EvidenceType } from '../../../shared/identity/assurance';
import { defineCommand, optionalString, requireString, UsageError, type ParsedArgs } from '../command';
import { EXIT } from '../exit-status';
import { accessGrantFrom, accessGrantOptions } from './access-grant';
import { passphraseOption, stringList, workspacePassphrase } from './workspace-passphrase';

type Person = OutputOf<'identity.get'>['person'];

const describePerson = (p: Person): string =>
  [
    `${p.id}${p.erasedAt ? `  (erased ${p.erasedAt})` : ''}`,
    ...(p.verification
      ? [
          `  verified   ${p.verification.verifiedAt} by ${p.verification.method}`,
          `  assurance  ${p.verification.ial} (${p.verification.evidence.map((e) => `${e.type}/${e.strength}`).join(', ')})`,
          `  record     ${p.verification.recordSha256} (ledger #${p.verification.ledgerIndex})`,
          `  commits to ${Object.keys(p.verification.commitments).join(', ')}`,
        ]
      : []),
  ].join('\n');

function documentOf(args: ParsedArgs): InputOf<'identity.verify'>['document'] {
  const idNumber = optionalString(args, 'id-number');
  const mrzLines = stringList(args, 'mrz');
  const mrzFile = optionalString(args, 'mrz-file');
  const given = [idNumber !== undefined, mrzLines.length > 0, mrzFile !== undefined].filter(Boolean).length;
  if (given !== 1) throw new UsageError('give exactly one document: --id-number N, --mrz LINE (one per MRZ line) or --mrz-file FILE');
  if (idNumber !== undefined) return { kind: 'resident-id', number: idNumber };
  if (mrzFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(mrzFile, 'utf8');
    } catch {
      throw new UsageError(`cannot read --mrz-file ${mrzFile}`);
    }
    return { kind: 'mrz', lines: text.split(/\r?\n/).filter((l) => l.trim().length > 0) };
  }
  return { kind: 'mrz', lines: mrzLines };
}

function evidenceOf(args: ParsedArgs): EvidenceType[] {
  return stringList(args, 'evidence').map((e) => {
    if (!(e in EVIDENCE_TYPES)) throw new UsageError(`--evidence ${e} is not one of ${Object.keys(EVIDENCE_TYPES).join(', ')}`);
    return e as EvidenceType;
  });
}

export const identityCommands = [
  defineCommand({
    name: 'identity verify',
    summary: 'Record an in-person, operator-witnessed identity verification.',
    usage: '--name NAME (--id-number N | --mrz LINE --mrz LINE [--mrz LINE] | --mrz-file F) --photo F --operator OP --consent TEXT [options]',
    options: {
      name: { type: 'string', description: 'full name as on the document', valueName: 'NAME' },
      'id-number': { type: 'string', description: 'PRC resident ID number (GB 11643)', valueName: 'N' },
      mrz: { type: 'string', multiple: true, description: 'one MRZ line of a travel document (TD1/TD2/TD3)', valueName: 'LINE' },
      'mrz-file': { type: 'string', description: 'a file holding the MRZ lines', valueName: 'FILE' },
      photo: { type: 'string', multiple: true, description: 'photograph of the document (JPEG/PNG)', valueName: 'FILE' },
      evidence: { type: 'string', multiple: true, description: `further evidence inspected: ${Object.keys(EVIDENCE_TYPES).join(', ')}`, valueName: 'TYPE' },
      operator: { type: 'string', description: 'the operator who witnessed the check', valueName: 'OP' },
      consent: { type: 'string', description: 'the consent statement the person agreed to', valueName: 'TEXT' },
      'security-features-checked': { type: 'boolean', description: "the operator inspected the documents' security features" },
      'face-matched': { type: 'boolean', description: 'the operator compared the document photo with the person' },
      ial: { type: 'string', description: 'refuse unless this level is reached (IAL1 or IAL2)', valueName: 'LEVEL' },
      ...passphraseOption,
    },
    details: 'Invalid ID numbers or MRZs are refused (exit 2) naming the failed check. Personal data is stored encrypted; the ledger gets keyed commitments.',
    run: async (ctx, args) => {
      const ial = optionalString(args, 'ial');
      if (ial !== undefined && ial !== 'IAL1' && ial !== 'IAL2') throw new UsageError(`--ial must be IAL1 or IAL2, got "${ial}"`);
      const person = await ctx.call('identity.verify', {
        name: requireString(args, 'name'),
        document: documentOf(args),
        additionalEvidence: evidenceOf(args),
        securityFeaturesChecked: args.values['security-features-checked'] === true,
        faceMatched: args.values['face-matched'] === true,
        photoPaths: stringList(args, 'photo'),
        operator: requireString(args, 'operator'),
        consentStatement: requireString(args, 'consent'),
        requireIal: ial,
        passphrase: workspacePassphrase(ctx, args),
      });
      ctx.print(person, () => `Verified ${describePerson(person)}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'identity list',
    summary: 'List persons (no personal data).',
    run: async (ctx) => {
      const people = await ctx.call('identity.list', {});
      ctx.print(people, () => (people.length === 0 ? 'No persons.' : people.map(describePerson).join('\n')));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'identity show',
    summary: "Show a person's verification record; --reveal decrypts their personal data, --disclose opens commitments.",
    usage: 'PERSON_ID [--reveal | --disclose FIELD…] --reason TEXT --custodian C --custodian-pin-env VAR [--actor ID]',
    positionals: { min: 1, max: 1, names: 'PERSON_ID' },
    options: {
      reveal: { type: 'boolean', description: "decrypt and show the personal data (needs the passphrase, a reason and k custodians' approvals)" },
      disclose: { type: 'string', multiple: true, description: 'disclose a committed field with its salt (for an evidence export)', valueName: 'FIELD' },
      ...accessGrantOptions,
      ...passphraseOption,
    },
    details:
      'Every reveal and disclosure, and every refused attempt, is anchored (access.viewed, access.disclosed, access.refused) and listed by "affix access log".',
    run: async (ctx, args) => {
      const id = args.positionals[0];
      const fields = stringList(args, 'disclose');
      const reveal = args.values.reveal === true;
      const passphrase = reveal || fields.length > 0 ? workspacePassphrase(ctx, args) : undefined;
      const grant = reveal || fields.length > 0 ? accessGrantFrom(ctx, args) : {};
      const shown = await ctx.call('identity.get', { id, passphrase: reveal ? passphrase : undefined, ...(reveal ? grant : {}) });
      const disclosed = fields.length > 0 ? await ctx.call('identity.disclose', { id, fields, passphrase: passphrase!, ...grant }) : null;
      ctx.print({ ...shown, disclosed }, () =>
        [
          describePerson(shown.person),
          ...(shown.personal
            ? [
                `  name       ${shown.personal.name}`,
                `  document   ${JSON.stringify(shown.personal.document.parsed)}`,
                `  operator   ${shown.personal.operator}`,
              ]
            : []),
          ...(disclosed ? disclosed.disclosures.map((d) => `  disclose   ${d.field} = ${d.value} (salt ${d.salt}, commitment ${d.commitment})`) : []),
        ].join('\n'),
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'identity erase',
    summary: "Crypto-shred a person's personal data and keys (their certificates are revoked).",
    usage: 'PERSON_ID --yes --reason TEXT [--custodian C --custodian-pin-env VAR]… [--actor ID]',
    positionals: { min: 1, max: 1, names: 'PERSON_ID' },
    options: { yes: { type: 'boolean', description: 'confirm: the data cannot be recovered afterwards' }, ...accessGrantOptions, ...passphraseOption },
    details:
      "Needs the workspace passphrase and a reason, and k custodians' approvals when custodians are configured; anchored as access.erased and identity.erased.",
    run: async (ctx, args) => {
      if (args.values.yes !== true) throw new UsageError('erasing cannot be undone: add --yes to confirm');
      const r = await ctx.call('identity.erase', {
        id: args.positionals[0],
        confirm: true,
        passphrase: workspacePassphrase(ctx, args),
        ...accessGrantFrom(ctx, args),
      });
      ctx.print(r, () =>
        [
          `Erased ${args.positionals[0]} at ${r.erasedAt}; revoked ${r.revokedSerials.length} certificate(s).`,
          ...(r.walTruncated ? [] : ['WARNING: another process holds the workspace open; old pages stay in affix.db-wal until it closes.']),
        ].join('\n'),
      );
      return EXIT.OK;
    },
  }),
];
