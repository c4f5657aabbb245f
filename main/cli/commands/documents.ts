import { defineCommand } from '../command';
import { EXIT } from '../exit-status';

export const documentCommands = [
  defineCommand({
    name: 'doc import',
    summary: 'Copy a PDF into the workspace and anchor it.',
    usage: 'FILE.pdf [--name NAME]',
    positionals: { min: 1, max: 1, names: 'FILE.pdf' },
    options: { name: { type: 'string', description: 'display name (default: the file name)', valueName: 'NAME' } },
    run: async (ctx, args) => {
      const started = Date.now();
      const name = typeof args.values.name === 'string' ? args.values.name : undefined;
      const doc = await ctx.call('documents.import', { path: args.positionals[0], name });
      // The workspace keeps one document per content: the same bytes again return the earlier document, under its first name.
      const existing = Date.parse(doc.importedAt) < started || (name !== undefined && name !== doc.name);
      if (existing) {
        ctx.err(
          `These bytes are already in the workspace as "${doc.name}" (id ${doc.id}, imported ${doc.importedAt}); nothing new was stored${name !== undefined && name !== doc.name ? ` and the name "${name}" was not applied` : ''}.`,
        );
      }
      ctx.print({ ...doc, existing }, () => `${existing ? 'Already imported' : 'Imported'} ${doc.name}\n  id      ${doc.id}\n  sha256  ${doc.sha256}`);
      return EXIT.OK;
    },
  }),
  defineCommand({
    name: 'doc list',
    summary: 'List the documents in the workspace.',
    run: async (ctx) => {
      const docs = await ctx.call('documents.list', {});
      ctx.print(docs, () =>
        docs.length === 0
          ? 'No documents.'
          : docs
              .map((d) => `${d.id}  ${d.currentSha256.slice(0, 16)}…  v${d.versions}  ${d.signatures} signature${d.signatures === 1 ? '' : 's'}  ${d.name}`)
              .join('\n'),
      );
      return EXIT.OK;
    },
  }),
];
