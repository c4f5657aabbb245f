import type { KeySummary } from '../../../shared/contract/keys';
import { defineCommand, requireString } from '../command';
import { EXIT } from '../exit-status';
import { secretFromEnv } from './secret-env';

const describe = (k: KeySummary): string => `${k.id}  ${k.algorithm}  ${k.createdAt.slice(0, 10)}  ${k.label}`;

export const keyCommands = [
  defineCommand({
    name: 'key create',
    summary: 'Create an ECDSA P-256 signing key (self-signed certificate) sealed with a passphrase.',
    usage: '--label LABEL --passphrase-env VAR',
    options: {
      label: { type: 'string', description: 'name shown for the key and used as its certificate CN', valueName: 'LABEL' },
      'passphrase-env': { type: 'string', description: 'environment variable holding the passphrase (≥ 8 characters)', valueName: 'VAR' },
    },
    run: async (ctx, args) => {
      const key = await ctx.call('keys.create', {
        label: requireString(args, 'label'),
        passphrase: secretFromEnv(ctx, args, 'passphrase-env', 'key passphrase'),
      });
      ctx.print(key, () => `Created key ${key.id}\n  label    ${key.label}\n  subject  ${key.subject}\n  cert     sha256:${key.certificateSha256}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'key list',
    summary: 'List the workspace signing keys.',
    run: async (ctx) => {
      const keys = await ctx.call('keys.list', {});
      ctx.print(keys, () => (keys.length === 0 ? 'No keys. Create one with "affix key create".' : keys.map(describe).join('\n')));
      return EXIT.OK;
    },
  }),
];
