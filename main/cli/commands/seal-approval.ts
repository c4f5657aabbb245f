/** Seal-use approval from the command line (services/domain/seals/seal-approval.ts). */
import { SealApprovals, type UseRequest } from '../../services/domain/seals/seal-approval';
import { defineCommand, optionalInt, requireString, UsageError } from '../command';
import { EXIT } from '../exit-status';
import { secretFromEnv } from './secret-env';
import { passphraseOption, workspacePassphrase } from './workspace-passphrase';

const describe = (r: UseRequest): string =>
  [
    `${r.id}  seal ${r.sealId} for ${r.personId}${r.usedAt ? `  USED ${r.usedAt}` : ''}`,
    `  document  ${r.documentSha256}`,
    `  approvals ${r.approvals.length} of ${r.required} needed${r.approvals.length > 0 ? `: ${r.approvals.map((a) => `${a.approverId} (ledger #${a.ledgerIndex})`).join(', ')}` : ''}`,
  ].join('\n');

export const sealApprovalCommands = [
  defineCommand({
    name: 'seal require-approval',
    summary: 'Make every use of a seal need k of n named approvers, each confirming with their own PIN.',
    usage: 'SEAL_ID --approvers P1,P2 --k K',
    positionals: { min: 1, max: 1, names: 'SEAL_ID' },
    options: {
      approvers: { type: 'string', description: 'verified persons with a certificate and PIN of their own', valueName: 'P1,P2' },
      k: { type: 'string', description: 'how many must approve each use', valueName: 'K' },
      ...passphraseOption,
    },
    run: (ctx, args) => {
      const k = optionalInt(args, 'k', 1);
      if (k === undefined) throw new UsageError('missing required option --k K');
      const rule = new SealApprovals(ctx.services()).requireApproval({
        sealId: args.positionals[0],
        approvers: requireString(args, 'approvers')
          .split(',')
          .map((a) => a.trim())
          .filter(Boolean),
        k,
        passphrase: workspacePassphrase(ctx, args),
      });
      ctx.print(rule, () => `Seal ${rule.sealId} now needs ${rule.k} of ${rule.approvers.join(', ')} to approve each use.`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'seal request',
    summary: 'Request the use of a seal that requires approval, for one document version.',
    usage: 'SEAL_ID --as PERSON_ID --doc DOC_ID|FILE',
    positionals: { min: 1, max: 1, names: 'SEAL_ID' },
    options: {
      as: { type: 'string', description: 'the authorised person who will use the seal', valueName: 'PERSON_ID' },
      doc: { type: 'string', description: 'the workspace document (its newest version) or the PDF file to be sealed', valueName: 'DOC' },
    },
    run: (ctx, args) => {
      const r = new SealApprovals(ctx.services()).request({
        sealId: args.positionals[0],
        personId: requireString(args, 'as'),
        document: requireString(args, 'doc'),
      });
      ctx.print(r, () => describe(r));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'seal approve',
    summary: 'Approve a seal-use request as one of the seal’s approvers (their own PIN signs the approval).',
    usage: 'REQUEST_ID --as APPROVER_ID --pin-env VAR',
    positionals: { min: 1, max: 1, names: 'REQUEST_ID' },
    options: {
      as: { type: 'string', description: 'the approver', valueName: 'PERSON_ID' },
      'pin-env': { type: 'string', description: "environment variable holding the approver's own PIN", valueName: 'VAR' },
      ...passphraseOption,
    },
    run: (ctx, args) => {
      const approverId = requireString(args, 'as');
      const r = new SealApprovals(ctx.services()).approve({
        requestId: args.positionals[0],
        approverId,
        pin: secretFromEnv(ctx, args, 'pin-env', `PIN of ${approverId}`),
        passphrase: workspacePassphrase(ctx, args),
      });
      ctx.print(r, () => describe(r));
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'seal requests',
    summary: 'List the use requests of a seal and their approvals.',
    usage: 'SEAL_ID',
    positionals: { min: 1, max: 1, names: 'SEAL_ID' },
    run: (ctx, args) => {
      const list = new SealApprovals(ctx.services()).list(args.positionals[0]);
      ctx.print(list, () => (list.length === 0 ? 'No requests.' : list.map(describe).join('\n')));
      return EXIT.OK;
    },
  }),
];
