/** Handlers of the timestamps contract: the workspace's TSA URL, this install as a TSA, checkpoint timestamps. */
import { secretNeeded } from '../../shared/errors/affix-error';
import type { TimeStampingAuthority } from '../../shared/contract/timestamps';
import type { Services } from '../services/composition/container';
import { writeFileAtomic } from '../services/core/fs/atomic-write';
import type { FileHandles } from '../services/files/file-handles';
import { checkpointTimestamps, timestampLatestCheckpoint } from '../services/usecases/tsa/checkpoint-timestamps';
import { tsaServiceOf } from '../services/usecases/tsa/tsa-of';
import { probeTsa } from '../services/usecases/tsa/tsa-probe';
import type { TsaView } from '../services/usecases/tsa/tsa-service';
import { requireTsaUrl, setTsaUrlSetting, tsaUrlSetting } from '../services/usecases/tsa/tsa-settings';
import type { Handlers } from './router';
import { withScratch } from './scratch-dir';

/** The TSA's key is sealed in the vault: without the passphrase the window is told to ask for it. */
function passphraseFor(passphrase: string | undefined, what: string): string {
  if (!passphrase) throw secretNeeded({ secret: 'workspace-passphrase' }, `The workspace passphrase is needed to ${what}.`);
  return passphrase;
}

function authority(s: Services, v: TsaView): TimeStampingAuthority {
  let orgName = v.orgId;
  try {
    orgName = s.pki.org(v.orgId).legalName;
  } catch {
    // An organisation that cannot be read is shown by its id.
  }
  const { id, name, orgId, certSerial, policy, notBefore, notAfter, tokensIssued, createdAt } = v;
  return { id, name, orgId, orgName, certSerial, policy, notBefore, notAfter, expired: Date.parse(notAfter) <= Date.now(), tokensIssued, createdAt };
}

export const timestampsHandlers = (s: Services, files: FileHandles): Handlers['timestamps'] => ({
  tsaUrl: () => ({ url: tsaUrlSetting(s.workspace) ?? null }),
  setTsaUrl: ({ url }) => ({ url: setTsaUrlSetting(s.workspace, url) }),
  testTsaUrl: ({ url }) => probeTsa(url ?? requireTsaUrl(s.workspace)),
  authorities: () =>
    tsaServiceOf(s)
      .list()
      .map((v) => authority(s, v)),
  createAuthority: async ({ name, orgId, oid, passphrase }) =>
    authority(s, await tsaServiceOf(s).init({ name, orgId, policy: oid, passphrase: passphraseFor(passphrase, 'create a TSA key') })),
  stamp: async ({ tsaId, query, reply, passphrase }) => {
    const service = tsaServiceOf(s);
    service.get(tsaId);
    const target = files.savePath(reply);
    const chosen = files.read(query);
    const granted = await service.open(tsaId, passphraseFor(passphrase, "open the TSA's key")).stamp(chosen.bytes, chosen.name);
    writeFileAtomic(target, granted.reply);
    return { serial: granted.serial, genTime: granted.genTime.toISOString(), ledgerIndex: granted.ledgerIndex, reply: files.nameOf(reply) };
  },
  timestampCheckpoint: async () => {
    const t = await timestampLatestCheckpoint(s, requireTsaUrl(s.workspace));
    return { size: t.size, genTime: t.genTime, tsaUrl: t.tsaUrl, tokenBytes: t.token.length, created: t.created };
  },
  checkpointTimestamps: () => checkpointTimestamps(s).map((c) => ({ size: c.size, genTime: c.genTime, tsaUrl: c.tsaUrl, tokenBytes: c.token.length })),
  addLtv: async ({ documentId }) => {
    // Imported on use: long-term validation signs PDFs (pdf-lib, pkijs), which `status` and the other calls never need.
    const { addLtvToDocument } = await import('../services/usecases/tsa/document-ltv');
    return withScratch(s.workspace.home, (scratch) => addLtvToDocument(s, documentId, scratch));
  },
});
