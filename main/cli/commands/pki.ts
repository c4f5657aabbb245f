import type { OutputOf } from '../../../shared/contract';
import { writeFileAtomic } from '../../services/core/fs/atomic-write';
import { defineCommand, optionalInt, optionalString, requireString, UsageError, type CommandContext, type ParsedArgs } from '../command';
import { EXIT } from '../exit-status';
import { secretFromEnv } from './secret-env';
import { passphraseOption, workspacePassphrase } from './workspace-passphrase';

const REASONS = ['unspecified', 'keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation'] as const;

const outputOptions = {
  out: { type: 'string', short: 'o', description: 'write the certificate (PEM) here', valueName: 'FILE' },
  'chain-out': { type: 'string', description: 'write its issuers (PEM, issuing CA then root) here', valueName: 'FILE' },
} as const;

type CertWithChain = OutputOf<'pki.certificate'>;

function writeCert(ctx: CommandContext, args: ParsedArgs, c: CertWithChain): void {
  const out = optionalString(args, 'out');
  const chainOut = optionalString(args, 'chain-out');
  if (out) writeFileAtomic(out, c.pem);
  if (chainOut) writeFileAtomic(chainOut, c.chainPem.join(''));
  ctx.print(c, () =>
    [
      `Certificate ${c.serial} (${c.purpose})${c.revokedAt ? `  REVOKED ${c.revokedAt} (${c.revocationReason})` : ''}`,
      `  owner      ${c.ownerId ?? c.orgId}`,
      `  valid      ${c.notBefore} … ${c.notAfter}`,
      `  sha256     ${c.sha256}`,
      ...(out ? [`  written to ${out}`] : []),
    ].join('\n'),
  );
}

export const pkiCommands = [
  defineCommand({
    name: 'pki issue',
    summary: 'Issue a document-signing certificate to a verified person.',
    usage: '--org ORG_ID --person PERSON_ID --pin-env VAR [--days N] [-o CERT.pem] [--chain-out CHAIN.pem]',
    options: {
      org: { type: 'string', description: 'the issuing organisation', valueName: 'ORG_ID' },
      'pin-env': {
        type: 'string',
        description:
          'environment variable holding the PIN the person chooses for their own signing key (at least 6 characters; needed for every signature as them)',
        valueName: 'VAR',
      },
      person: { type: 'string', description: 'the verified person', valueName: 'PERSON_ID' },
      days: { type: 'string', description: 'validity in days (default 730)', valueName: 'N' },
      ...outputOptions,
      ...passphraseOption,
    },
    run: async (ctx, args) => {
      const cert = await ctx.call('pki.issue', {
        orgId: requireString(args, 'org'),
        personId: requireString(args, 'person'),
        days: optionalInt(args, 'days', 1),
        passphrase: workspacePassphrase(ctx, args),
        pin: secretFromEnv(ctx, args, 'pin-env', "person's own PIN"),
      });
      writeCert(ctx, args, cert);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'pki show',
    summary: 'Show a certificate and optionally write it and its chain as PEM.',
    usage: 'SERIAL [-o CERT.pem] [--chain-out CHAIN.pem]',
    positionals: { min: 1, max: 1, names: 'SERIAL' },
    options: { ...outputOptions, ...passphraseOption },
    details: "A person's certificate is kept encrypted: set the passphrase variable to read it.",
    run: async (ctx, args) => {
      const name = optionalString(args, 'passphrase-env') ?? 'AFFIX_PASSPHRASE';
      const cert = await ctx.call('pki.certificate', { serial: args.positionals[0], passphrase: ctx.env[name] || undefined });
      writeCert(ctx, args, cert);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'pki revoke',
    summary: 'Revoke a certificate (it appears in the next CRL).',
    usage: `SERIAL [--reason ${REASONS.join('|')}]`,
    positionals: { min: 1, max: 1, names: 'SERIAL' },
    options: { reason: { type: 'string', description: 'RFC 5280 reason (default unspecified)', valueName: 'REASON' } },
    run: async (ctx, args) => {
      const reason = optionalString(args, 'reason') ?? 'unspecified';
      if (!(REASONS as readonly string[]).includes(reason)) throw new UsageError(`--reason must be one of ${REASONS.join(', ')}`);
      const c = await ctx.call('pki.revoke', { serial: args.positionals[0], reason: reason as (typeof REASONS)[number] });
      ctx.print(c, () => `Revoked ${c.serial} at ${c.revokedAt} (${c.revocationReason})`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'pki crl',
    summary: "Issue the organisation's CRL (every certificate its issuing CA revoked).",
    usage: '--org ORG_ID [-o CRL.pem] [--next-update-days N]',
    options: {
      org: { type: 'string', description: 'the organisation', valueName: 'ORG_ID' },
      out: { type: 'string', short: 'o', description: 'write the CRL (PEM) here', valueName: 'FILE' },
      'next-update-days': { type: 'string', description: 'days until nextUpdate (default 7)', valueName: 'N' },
      ...passphraseOption,
    },
    run: async (ctx, args) => {
      const crl = await ctx.call('pki.crl', {
        orgId: requireString(args, 'org'),
        nextUpdateDays: optionalInt(args, 'next-update-days', 1),
        passphrase: workspacePassphrase(ctx, args),
      });
      const out = optionalString(args, 'out');
      if (out) writeFileAtomic(out, crl.pem);
      ctx.print(
        crl,
        () =>
          `CRL #${crl.number}: ${crl.revoked.length} revoked${crl.revoked.length ? ` (${crl.revoked.join(', ')})` : ''}${out ? `\n  written to ${out}` : ''}`,
      );
      return EXIT.OK;
    },
  }),
];
