import { renderReportText, type VerificationReport } from '../../../shared/verify';
import { VerificationService } from '../../services/usecases/verification/verification-service';
import { Workspace } from '../../services/core/workspace/workspace';
import { defineCommand, type CommandContext, type ParsedArgs } from '../command';
import { readerLanguage } from '../reader-language';
import { EXIT, type ExitStatus } from '../exit-status';

const list = (args: ParsedArgs, name: string): string[] => {
  const v = args.values[name];
  return v === undefined ? [] : (Array.isArray(v) ? v : [v]).map(String);
};

/** With a workspace, through the router (its CAs are trusted); without one, the same service on its own. */
async function verify(ctx: CommandContext, path: string, trust: string[], crl: string[]): Promise<VerificationReport> {
  if (Workspace.exists(ctx.home)) return ctx.call('verification.verifyFile', { path, trust, crl });
  return new VerificationService(() => []).verifyFile(path, trust, crl); // no workspace: only the anchors and CRLs given
}

const EXIT_FOR: Record<VerificationReport['document']['indication'], ExitStatus> = {
  'TOTAL-PASSED': EXIT.OK,
  'TOTAL-FAILED': EXIT.VERIFICATION_FAILED,
  INDETERMINATE: EXIT.INDETERMINATE,
};

export const verifyCommands = [
  defineCommand({
    name: 'verify',
    summary: 'Verify every signature in a PDF: intact, valid, trusted, and what changed after signing.',
    usage: 'FILE.pdf [--trust CERT.pem]… [--crl CRL.pem]… [--lang zh|en]',
    positionals: { min: 1, max: 1, names: 'FILE.pdf' },
    options: {
      trust: { type: 'string', multiple: true, description: 'trust anchor certificate (PEM or DER); the workspace CAs are trusted too', valueName: 'FILE' },
      crl: {
        type: 'string',
        multiple: true,
        description: "CRL (PEM or DER) to consult besides the DSS and the workspace's own revocations",
        valueName: 'FILE',
      },
      lang: { type: 'string', description: 'report language: zh or en (default: from LC_ALL / LC_MESSAGES / LANG, else en)', valueName: 'zh|en' },
    },
    details: [
      'Exit status: 0 every signature TOTAL-PASSED; 1 any TOTAL-FAILED; 3 worst is INDETERMINATE',
      '(e.g. no trust anchor, or no signatures); 2 the file cannot be read as a PDF.',
    ].join('\n'),
    run: async (ctx, args) => {
      const lang = readerLanguage(args, ctx.env);
      const report = await verify(ctx, args.positionals[0], list(args, 'trust'), list(args, 'crl'));
      ctx.print(report, () => renderReportText(report, lang));
      return EXIT_FOR[report.document.indication];
    },
  }),
];
