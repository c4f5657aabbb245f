/**
 * The command-line form of an access to personal data (issue #18): who asks
 * (--actor), why (--reason) and each custodian's approval, given as
 * --custodian PERSON_ID with --custodian-pin-env VAR in the same order (the
 * custodian types their own PIN into that variable; it is never on argv).
 */
import { userInfo } from 'node:os';
import type { Approval } from '../../services/domain/access/access-service';
import { UsageError, optionalString, type CommandContext, type OptionSpec, type ParsedArgs } from '../command';
import { stringList } from './workspace-passphrase';

export const accessGrantOptions: Record<string, OptionSpec> = {
  reason: { type: 'string', description: 'why the personal data is needed (kept in the access log; its SHA-256 is anchored)', valueName: 'TEXT' },
  actor: { type: 'string', description: 'who asks: a staff or operator id (default: the OS user name)', valueName: 'ID' },
  custodian: {
    type: 'string',
    multiple: true,
    description: 'a custodian approving (repeat for k of n), paired in order with --custodian-pin-env',
    valueName: 'PERSON_ID',
  },
  'custodian-pin-env': { type: 'string', multiple: true, description: "environment variable holding that custodian's own PIN", valueName: 'VAR' },
};

export function approvalsFrom(ctx: CommandContext, args: ParsedArgs, who = 'custodian'): Approval[] {
  const people = stringList(args, who);
  const vars = stringList(args, `${who}-pin-env`);
  if (people.length !== vars.length)
    throw new UsageError(`give one --${who}-pin-env VAR for each --${who} PERSON_ID, in the same order (got ${people.length} and ${vars.length})`);
  return people.map((personId, i) => {
    const pin = ctx.env[vars[i]];
    if (pin === undefined || pin.length === 0)
      throw new UsageError(`environment variable ${vars[i]} (--${who}-pin-env) is not set or empty; it must hold the PIN of ${personId}`);
    return { personId, pin };
  });
}

export function accessGrantFrom(ctx: CommandContext, args: ParsedArgs): { actor: string; reason: string; approvals: Approval[] } {
  let actor = optionalString(args, 'actor');
  if (actor === undefined) {
    try {
      actor = userInfo().username;
    } catch {
      actor = 'cli';
    }
  }
  return { actor, reason: optionalString(args, 'reason') ?? '', approvals: approvalsFrom(ctx, args) };
}
