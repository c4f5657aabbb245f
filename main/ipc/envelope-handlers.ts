/** The signing-envelope contract methods (listed in handlers.ts): bytes in from the window, bytes out for it to save. */
import type { Services } from '../services/composition/container';
import { decodeBase64 } from '../services/domain/documents/base64-pdf';
import type { ExportOptions } from '../services/usecases/envelope/envelope-service';
import type { Handlers } from './router';

/** A file name for the envelope the window saves: the document's name, without its extension, and the sequence. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|\u0000-\u001f]/g;
const envelopeFileName = (documentName: string, sequence: number): string =>
  `${documentName
    .replace(/\.pdf$/i, '')
    .replace(UNSAFE_IN_FILE_NAME, '_')
    .slice(0, 100)}-${sequence}.affixenv`;

export function envelopeHandlers(s: Services): Handlers['envelopes'] {
  // Loaded on first use: envelopes open certificates (pkijs), which the router's other methods never need.
  const service = async () => new (await import('../services/usecases/envelope/envelope-service')).EnvelopeService(s);
  const exportFile = async (documentId: string, options: ExportOptions) => {
    const { zip, summary } = await (await service()).exportBytes(documentId, options);
    return { fileName: envelopeFileName(s.documents.get(documentId).name, summary.sequence), base64: Buffer.from(zip).toString('base64'), summary };
  };
  return {
    list: async () => (await service()).list(),
    show: async ({ documentId, orgId }) => {
      s.documents.get(documentId);
      const envelopes = await service();
      return envelopes.has(documentId) ? envelopes.show(documentId, orgId) : null;
    },
    peek: async ({ name, base64 }) => (await service()).peek(decodeBase64(base64, name), name),
    import: async ({ name, base64, acceptRoots, orgId }) => (await service()).importBytes(decodeBase64(base64, name), name, { acceptRoots, orgId }),
    export: ({ documentId, passphrase, orgId, parties }) =>
      exportFile(documentId, {
        passphrase,
        orgId,
        parties: parties.map((p) => ({
          step: p.step,
          name: p.name,
          uscc: p.uscc,
          root: { name: p.root.name, bytes: decodeBase64(p.root.base64, p.root.name) },
        })),
      }),
    decline: ({ documentId, passphrase, reason, orgId }) => exportFile(documentId, { passphrase, orgId, status: { status: 'declined', reason } }),
    void: ({ documentId, passphrase, reason, orgId }) => exportFile(documentId, { passphrase, orgId, status: { status: 'voided', reason } }),
  };
}
