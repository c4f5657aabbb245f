/** Accountable access to personal data: the custodians and the access log (services/domain/access). */
import { defineCommand, optionalInt, optionalString, UsageError } from '../command';
import { EXIT } from '../exit-status';
import { accessGrantFrom, accessGrantOptions } from './access-grant';
import { passphraseOption, workspacePassphrase } from './workspace-passphrase';

/** Log fields typed by people: no control characters reach the terminal. */
const safe = (s: string): string => [...s].map((c) => (/[\p{Cc}\u202a-\u202e\u2066-\u2069]/u.test(c) ? '\uFFFD' : c)).join('');

export const accessCommands = [
  defineCommand({
    name: 'access custodians',
    summary: 'Show, or with --set change, the custodians (k of n) whose approval a reveal, disclosure or erasure needs.',
    usage: '[--set P1,P2,… --k K [--custodian C --custodian-pin-env VAR]…]',
    options: {
      set: { type: 'string', description: 'the new custodians: verified persons, each with a certificate and PIN of their own', valueName: 'P1,P2' },
      k: { type: 'string', description: 'how many of them must approve each access', valueName: 'K' },
      ...accessGrantOptions,
      ...passphraseOption,
    },
    details: 'Changing an existing list needs k of the current custodians (--custodian … --custodian-pin-env …). Anchored as access.custodians-set.',
    run: async (ctx, args) => {
      const set = optionalString(args, 'set');
      if (set === undefined) {
        const p = await ctx.call('access.policy', {});
        ctx.print(p, () =>
          p.custodians.length === 0
            ? 'No custodians: reveals and disclosures are refused until some are set.'
            : `${p.k} of ${p.custodians.join(', ')} (since ${p.updatedAt})`,
        );
        return EXIT.OK;
      }
      const k = optionalInt(args, 'k', 1);
      if (k === undefined) throw new UsageError('--set needs --k K');
      const grant = accessGrantFrom(ctx, args);
      const p = await ctx.call('access.setCustodians', {
        custodians: set
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
        k,
        passphrase: workspacePassphrase(ctx, args),
        actor: grant.actor,
        approvals: grant.approvals,
      });
      ctx.print(p, () => `Custodians: ${p.k} of ${p.custodians.join(', ')}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'access log',
    summary: 'Every access to personal data and every refused attempt, with its ledger entry.',
    usage: '[--person PERSON_ID] [--json]',
    options: { person: { type: 'string', description: 'only this person', valueName: 'PERSON_ID' } },
    run: async (ctx, args) => {
      const entries = await ctx.call('access.log', { personId: optionalString(args, 'person') });
      ctx.print(entries, () =>
        entries.length === 0
          ? 'No access recorded.'
          : entries
              .map(
                (e) =>
                  `${e.at}  ${e.action.padEnd(8)} ${e.outcome.padEnd(7)} ${e.personId}  by ${safe(e.actor)}  fields ${e.fields.join(',') || '-'}  approved by ${e.approvers.map((a) => a.personId).join(',') || '-'}  ledger #${e.ledgerIndex}\n    reason: ${safe(e.reason) || '-'}${e.detail ? `\n    refused: ${safe(e.detail)}` : ''}`,
              )
              .join('\n'),
      );
      return EXIT.OK;
    },
  }),
];
