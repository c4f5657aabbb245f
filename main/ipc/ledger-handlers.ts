/** The ledger's contract methods, bound to LedgerService (listed in handlers.ts). */
import { toBase64, toHex } from '../../shared/ledger/bytes';
import { checkProofText } from '../../shared/ledger/check-proof';
import type { Services } from '../services/composition/container';
import { runSteps } from '../services/core/jobs/steps';
import type { StoredCheckpoint } from '../services/domain/ledger/checkpointer';
import { ledgerEntryNamer } from './ledger-entry-names';
import type { FileHandles } from '../services/files/file-handles';
import type { Handlers } from './router';
import { ledgerWitnessHandlers } from './witness-handlers';

const checkpointView = (c: StoredCheckpoint) => ({ size: c.size, rootHash: toHex(c.rootHash), note: c.note, signedAt: c.signedAt });

export function ledgerHandlers(s: Services, files: FileHandles): Handlers['ledger'] {
  const { ledger } = s;
  return {
    status: () => ledger.status(),
    entries: ({ from = 0, limit = 100 }) => {
      const name = ledgerEntryNamer(s);
      return {
        total: ledger.size(),
        entries: ledger.entries(from, limit).map((e) => ({ index: e.index, leafHash: e.leafHash, ...e.entry, bytes: toBase64(e.bytes), names: name(e.entry) })),
      };
    },
    checkpoints: ({ limit = 100, beforeSize }) => ledger.listCheckpoints(limit, beforeSize).map(checkpointView),
    checkpoint: () => {
      const { checkpoint, created } = ledger.checkpoint();
      return { ...checkpointView(checkpoint), created };
    },
    append: (entry) => ledger.append(entry),
    pubkey: () => ({ verifierKey: ledger.verifierKey(), origin: ledger.origin() }),
    prove: ({ index, size }) => ledger.prove(index, size),
    consistency: ({ from, to }) => ledger.consistency(from, to),
    verify: () => ledger.audit(),
    verifyStart: () => {
      const steps = ledger.auditSteps();
      return { jobId: s.jobs.start('ledger.verify', ledger.size(), async (ctx) => ({ kind: 'ledger.verify', report: await runSteps(steps, ctx) })) };
    },
    verifyProof: ({ proof, verifierKey, policy }) => checkProofText(proof, verifierKey, policy),
    ...ledgerWitnessHandlers(s, files),
  };
}
