import type { OutputOf } from '../../../shared/contract';
import { defineCommand, requireString } from '../command';
import { EXIT } from '../exit-status';
import { passphraseOption, stringList, workspacePassphrase } from './workspace-passphrase';

const describeOrg = (o: OutputOf<'orgs.get'>): string =>
  [
    `${o.legalName}`,
    `  id              ${o.id}`,
    `  credit code     ${o.uscc}`,
    `  representatives ${o.representatives.join(', ') || '(none)'}`,
    `  root CA         ${o.rootSerial}`,
    `  issuing CA      ${o.issuingSerial}`,
    `  seal maker      ${o.sealMakerSerial}`,
    `  record sha256   ${o.recordSha256}`,
  ].join('\n');

export const orgCommands = [
  defineCommand({
    name: 'org create',
    summary: 'Create an organisation with its root CA, issuing CA and seal-making key.',
    usage: '--name LEGAL_NAME --uscc CODE [--representative PERSON_ID]...',
    options: {
      name: { type: 'string', description: 'legal name as registered', valueName: 'LEGAL_NAME' },
      uscc: { type: 'string', description: 'unified social credit code (18 characters, GB 32100)', valueName: 'CODE' },
      representative: { type: 'string', multiple: true, description: 'a verified person representing it', valueName: 'PERSON_ID' },
      ...passphraseOption,
    },
    details: 'The root CA key is sealed with the workspace passphrase alone (scrypt + AES-256-GCM) so it can be exported and kept offline.',
    run: async (ctx, args) => {
      const org = await ctx.call('orgs.create', {
        legalName: requireString(args, 'name'),
        uscc: requireString(args, 'uscc'),
        representatives: stringList(args, 'representative'),
        passphrase: workspacePassphrase(ctx, args),
      });
      ctx.print(org, () => `Created organisation ${describeOrg(org)}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'org export-root-key',
    summary: "Write the organisation's root CA key, sealed with the workspace passphrase, to a file for offline keeping.",
    usage: 'ORG_ID -o FILE',
    positionals: { min: 1, max: 1, names: 'ORG_ID' },
    options: { out: { type: 'string', short: 'o', description: 'where to write the sealed key', valueName: 'FILE' }, ...passphraseOption },
    details: 'The file is the AFXB format of main/services/core/secrets/passphrase-box.ts (scrypt N=2^15, r=8, p=1; AES-256-GCM) around the PKCS#8 key.',
    run: async (ctx, args) => {
      const r = await ctx.call('orgs.exportRootKey', {
        id: args.positionals[0],
        outputPath: requireString(args, 'out'),
        passphrase: workspacePassphrase(ctx, args),
      });
      ctx.print(r, () => `Wrote the sealed root CA key (${r.bytes} bytes, certificate ${r.rootSerial}) to ${r.outputPath}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'org list',
    summary: 'List the organisations in the workspace.',
    run: async (ctx) => {
      const orgs = await ctx.call('orgs.list', {});
      ctx.print(orgs, () => (orgs.length === 0 ? 'No organisations.' : orgs.map(describeOrg).join('\n')));
      return EXIT.OK;
    },
  }),
];
