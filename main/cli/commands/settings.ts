/**
 * The Settings page's features on the command line: PKCS#11 modules and
 * tokens, trust anchors, and changing the workspace passphrase. (The folder a
 * command works on is --home / AFFIX_HOME; the desktop app's "next start"
 * folder is an app preference and has no command.)
 */
import { resolve } from 'node:path';
import type { Pkcs11Module, TrustAnchor } from '../../../shared/contract/settings';
import { defineCommand, optionalString, requireString } from '../command';
import { EXIT } from '../exit-status';
import { secretFromEnv } from './secret-env';

const describeModule = (m: Pkcs11Module): string =>
  [
    m.path,
    m.error
      ? `  cannot be used now: ${m.error}`
      : `  ${m.library!.description} (${m.library!.manufacturer}), Cryptoki ${m.library!.cryptokiVersion}, library ${m.library!.libraryVersion}`,
    ...(m.error ? [] : m.tokens.length === 0 ? ['  no token present'] : []),
    ...m.tokens.map(
      (t) =>
        `  slot ${t.slotId}  "${t.label}"  ${t.manufacturer} ${t.model}  serial ${t.serial || '-'}  ${t.initialized ? 'initialised' : 'NOT initialised'}${t.loginRequired ? ', PIN required' : ''}`,
    ),
  ].join('\n');

const validityNote = (a: TrustAnchor): string => (a.validity === 'valid' ? '' : a.validity === 'expired' ? '  [EXPIRED]' : '  [NOT YET VALID]');

const describeAnchor = (a: TrustAnchor): string =>
  [
    `${a.sha256}  ${a.source === 'organisation' ? `organisation root (${a.org!.legalName})` : 'imported'}${validityNote(a)}`,
    `  subject  ${a.subject}`,
    `  valid    ${a.notBefore.slice(0, 10)} to ${a.notAfter.slice(0, 10)}`,
  ].join('\n');

export const settingsCommands = [
  defineCommand({
    name: 'pkcs11 add',
    summary: 'Register a PKCS#11 module library (loaded once to check it lists its slots).',
    usage: 'LIBRARY.so',
    positionals: { min: 1, max: 1, names: 'LIBRARY.so' },
    details: 'Example: affix pkcs11 add /usr/lib/softhsm/libsofthsm2.so',
    run: async (ctx, args) => {
      const m = await ctx.call('pkcs11.add', { path: resolve(args.positionals[0]) });
      ctx.print(m, () => `Registered ${describeModule(m)}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'pkcs11 list',
    summary: 'List the registered PKCS#11 modules and the tokens in their slots now.',
    run: async (ctx) => {
      const modules = await ctx.call('pkcs11.list', {});
      ctx.print(modules, () =>
        modules.length === 0 ? 'No PKCS#11 modules. Register one with "affix pkcs11 add LIBRARY.so".' : modules.map(describeModule).join('\n'),
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'pkcs11 remove',
    summary: 'Forget a registered PKCS#11 module.',
    usage: 'LIBRARY.so',
    positionals: { min: 1, max: 1, names: 'LIBRARY.so' },
    run: async (ctx, args) => {
      const r = await ctx.call('pkcs11.remove', { path: resolve(args.positionals[0]) });
      ctx.print(r, () => `Removed ${r.path}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'pkcs11 objects',
    summary: "List a token's certificates, and with its PIN its private keys.",
    usage: 'LIBRARY.so --slot SLOT [--pin-env VAR]',
    positionals: { min: 1, max: 1, names: 'LIBRARY.so' },
    options: {
      slot: { type: 'string', description: 'slot id as "affix pkcs11 list" shows it', valueName: 'SLOT' },
      'pin-env': { type: 'string', description: 'environment variable holding the user PIN (to list private keys)', valueName: 'VAR' },
    },
    run: async (ctx, args) => {
      const pin = optionalString(args, 'pin-env') === undefined ? undefined : secretFromEnv(ctx, args, 'pin-env', 'token PIN');
      const o = await ctx.call('pkcs11.objects', { modulePath: resolve(args.positionals[0]), slotId: requireString(args, 'slot'), pin });
      ctx.print(o, () =>
        [
          `Token "${o.token.label}" (${o.token.manufacturer} ${o.token.model}, serial ${o.token.serial || '-'})`,
          `Certificates: ${o.certificates.length}`,
          ...o.certificates.map((c) => `  [${c.id}] ${c.label}  ${c.subject}  until ${c.notAfter.slice(0, 10)}  sha256:${c.sha256}`),
          o.privateKeys === null ? 'Private keys: give --pin-env to list them' : `Private keys: ${o.privateKeys.length}`,
          ...(o.privateKeys ?? []).map((k) => `  [${k.id}] ${k.label}  ${k.keyType}`),
        ].join('\n'),
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'trust add',
    summary: 'Trust a CA certificate (PEM or DER) when verifying signatures in this workspace.',
    usage: 'CA.pem',
    positionals: { min: 1, max: 1, names: 'CA.pem' },
    details: 'Only CA certificates (basic constraints cA=true) are accepted. "affix verify" in this workspace then trusts it.',
    run: async (ctx, args) => {
      const a = await ctx.call('trust.importFile', { path: args.positionals[0] });
      ctx.print(a, () => `Trusted ${describeAnchor(a)}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'trust list',
    summary: "List the trust anchors verification uses: organisations' root CAs and imported CAs.",
    run: async (ctx) => {
      const anchors = await ctx.call('trust.list', {});
      ctx.print(anchors, () =>
        anchors.length === 0 ? 'No trust anchors: create an organisation or "affix trust add CA.pem".' : anchors.map(describeAnchor).join('\n'),
      );
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'trust remove',
    summary: 'Stop trusting an imported CA certificate.',
    usage: 'SHA256',
    positionals: { min: 1, max: 1, names: 'SHA256 (as "affix trust list" shows it)' },
    run: async (ctx, args) => {
      const r = await ctx.call('trust.remove', { sha256: args.positionals[0].toLowerCase() });
      ctx.print(r, () => `Removed trust anchor ${r.sha256}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'passphrase change',
    summary: 'Re-seal every secret protected by the workspace passphrase under a new one.',
    usage: '--old-env VAR --new-env VAR',
    options: {
      'old-env': { type: 'string', description: 'environment variable holding the current passphrase', valueName: 'VAR' },
      'new-env': { type: 'string', description: 'environment variable holding the new passphrase (≥ 8 characters)', valueName: 'VAR' },
    },
    details: [
      "Re-seals the vault master key, the organisations' root CA keys and the workspace keys that open with the",
      'current passphrase, all or nothing. A wrong current passphrase changes nothing (exit 2).',
    ].join('\n'),
    run: async (ctx, args) => {
      const r = await ctx.call('passphrase.change', {
        oldPassphrase: secretFromEnv(ctx, args, 'old-env', 'current passphrase'),
        newPassphrase: secretFromEnv(ctx, args, 'new-env', 'new passphrase'),
      });
      ctx.print(r, () =>
        [
          'Passphrase changed.',
          `  vault master key  ${r.vault ? 're-sealed' : 'none yet'}`,
          `  root CA keys      ${r.rootKeys}`,
          `  workspace keys    ${r.workspaceKeys}`,
          ...r.unchanged.map((u) => `  left as it was (has its own passphrase): ${u.kind} ${u.id} ${u.label}`),
        ].join('\n'),
      );
      return EXIT.OK;
    },
  }),
];
