/**
 * Binds every contract method to its service. `Handlers` is derived from the
 * contract, so a method without a handler (or with the wrong types) does not
 * compile.
 */
import type { Services } from '../services/composition/container';
import { decodeBase64 } from '../services/domain/documents/base64-pdf';
import { SealApprovals } from '../services/domain/seals/seal-approval';
import { FileHandles } from '../services/files/file-handles';
import { workspaceStatus } from './workspace-status';
import { identityHandlers } from './identity-handlers';
import { ledgerHandlers } from './ledger-handlers';
import { plansHandlers } from './plans-handlers';
import { proofHandlers } from './proof-handlers';
import { settingsHandlers } from './settings-handlers';
import type { Handlers } from './router';
import { signingHandlers } from './signing-handlers';
import { envelopeHandlers } from './envelope-handlers';
import { certificatesHandlers } from './certificates-handlers';
import { timestampsHandlers } from './timestamps-handlers';
import { witnessHandlers } from './witness-handlers';
import { PersonPins } from '../services/usecases/pins/person-pins';

/** The workspace's records of each signer; loaded on use, as it parses CMS (pkijs) and draws seals (pdf-lib). */
async function signersOf(...args: Parameters<typeof import('./workspace-signers').workspaceSigners>) {
  return (await import('./workspace-signers')).workspaceSigners(...args);
}

/** `files` holds the handles of files the user chose; without dialogs only dropped files can be handed over. */
export function createHandlers(s: Services, files: FileHandles = new FileHandles(null)): Handlers {
  return {
    workspace: {
      status: () => workspaceStatus(s),
    },
    ...settingsHandlers(s, files),
    documents: {
      list: () => s.documents.list(),
      import: ({ path, name }) => s.documents.importFile(path, name),
      get: ({ id }) => s.documents.get(id),
      importBytes: ({ name, base64 }) => s.documents.importBase64(name, base64),
      content: ({ id, sha256 }) => s.documents.content(id, sha256),
      pages: ({ id }) => s.documents.pages(id),
      findText: ({ id, text }) => s.documents.findText(id, text),
      timeline: ({ id }) => s.documents.timeline(id),
    },
    ledger: ledgerHandlers(s, files),
    ...identityHandlers(s, files),
    ...signingHandlers(s),
    verification: {
      verifyFile: async ({ path, trust, crl, describe }) => {
        const report = await s.verification.verifyFile(path, trust, crl);
        return describe ? { ...report, workspaceSigners: await signersOf(s, s.verification.readPdf(path), report) } : report;
      },
      verifyBytes: async ({ name, base64, trust, describe }) => {
        const bytes = decodeBase64(base64, name);
        const report = await s.verification.verifyBytes(bytes, name, trust);
        return describe ? { ...report, workspaceSigners: await signersOf(s, bytes, report) } : report;
      },
      signedVersion: ({ path, length }) => s.verification.signedVersion(path, length),
    },
    proof: proofHandlers(s, files),
    files: {
      open: ({ purpose, multiple }) => files.open(purpose, multiple ?? false),
      save: ({ purpose, suggestedName }) => files.save(purpose, suggestedName),
      drop: ({ name, base64 }) => files.drop(name, decodeBase64(base64, name)),
    },
    plans: plansHandlers(s),
    jobs: {
      get: ({ jobId }) => s.jobs.get(jobId),
      cancel: ({ jobId }) => s.jobs.cancel(jobId),
    },
    access: {
      policy: () => s.access.policy(),
      setCustodians: (input) => s.access.setCustodians(input),
      log: ({ personId }) => s.access.log(personId),
    },
    sealApproval: {
      rule: ({ sealId }) => new SealApprovals(s).rule(sealId),
      requireApproval: (input) => new SealApprovals(s).requireApproval(input),
      request: ({ sealId, personId, documentId }) => new SealApprovals(s).request({ sealId, personId, document: s.documents.get(documentId).currentSha256 }),
      approve: (input) => new SealApprovals(s).approve(input),
      requests: ({ sealId }) => new SealApprovals(s).list(sealId),
    },
    envelopes: envelopeHandlers(s),
    persons: {
      changePin: (input) => new PersonPins(s).changePin(input),
    },
    certificates: certificatesHandlers(s),
    timestamps: timestampsHandlers(s, files),
    witness: witnessHandlers(s, files),
  };
}
