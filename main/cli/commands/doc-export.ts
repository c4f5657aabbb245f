import { exportVersion } from '../../services/domain/documents/export-version';
import { defineCommand, optionalInt, requireString } from '../command';
import { EXIT } from '../exit-status';

export const docExportCommands = [
  defineCommand({
    name: 'doc export',
    summary: 'Write a stored version of a document (the newest by default) to a PDF file.',
    usage: 'DOC_ID [--version N] -o OUT.pdf',
    positionals: { min: 1, max: 1, names: 'DOC_ID' },
    options: {
      output: { type: 'string', short: 'o', description: 'where to write the PDF (written atomically)', valueName: 'OUT.pdf' },
      version: { type: 'string', description: '1-based version number (1 is the imported original; default the newest)', valueName: 'N' },
    },
    details: 'Exit status 2 for an unknown document or version, or an output that cannot be written; no output file is left then.',
    run: (ctx, args) => {
      const output = requireString(args, 'output');
      const written = exportVersion(ctx.services().documents, args.positionals[0], optionalInt(args, 'version', 1), output);
      ctx.print(
        written,
        () =>
          `Wrote ${written.name}, version ${written.version} of ${written.versions} → ${written.path}\n  sha256  ${written.sha256}\n  bytes   ${written.bytes}`,
      );
      return EXIT.OK;
    },
  }),
];
