/**
 * The witness contract (this install as a witness) and the ledger's witness
 * methods (this node's checkpoints cosigned), over the same usecases the CLI
 * calls. Files come and go as chosen-file handles, never paths.
 */
import type { Services } from '../services/composition/container';
import { writeFileAtomic } from '../services/core/fs/atomic-write';
import type { FileHandles } from '../services/files/file-handles';
import { LogWitnessing } from '../services/usecases/witness/log-witnessing';
import { smallText, WITNESS_FILE_LIMITS } from '../services/usecases/witness/small-text';
import type { WitnessService } from '../services/usecases/witness/witness-service';
import { formatVerifierKey } from '../../shared/ledger/note';
import type { Handlers } from './router';

type LedgerWitnessMethods = 'witnesses' | 'setWitnessPolicy' | 'writeWitnessRequest' | 'addCosignatures' | 'witnessOnline';

/** A chosen file's text, within the limit for its kind of witness file. */
function chosenText(files: FileHandles, handle: string, what: keyof typeof WITNESS_FILE_LIMITS): string {
  const max = WITNESS_FILE_LIMITS[what];
  const { name, bytes } = files.read(handle, max);
  return smallText(bytes, `${what} ${name}`, max);
}

export function ledgerWitnessHandlers(s: Services, files: FileHandles): Pick<Handlers['ledger'], LedgerWitnessMethods> {
  const lw = () => new LogWitnessing(s.workspace, s.ledger);
  return {
    witnesses: () => lw().status(),
    setWitnessPolicy: ({ file }) => lw().setPolicy(chosenText(files, file, 'policy')),
    writeWitnessRequest: ({ target, witness }) => {
      const path = files.savePath(target);
      const r = lw().request({ witness });
      writeFileAtomic(path, r.body);
      return { name: files.nameOf(target), oldSize: r.oldSize, size: r.size };
    },
    addCosignatures: ({ file }) => lw().addCosignatures(chosenText(files, file, 'response')),
    witnessOnline: async () => ({ results: await lw().witnessReachable() }),
  };
}

export function witnessHandlers(s: Services, files: FileHandles): Handlers['witness'] {
  // One witness per window: it keeps its signer open once unwrapped, as `affix witness serve` does.
  let witness: Promise<WitnessService> | null = null;
  const service = () =>
    (witness ??= import('../services/usecases/witness/witness-service').then(({ WitnessService }) => new WitnessService(s.workspace, s.sealing)));
  return {
    status: async () => {
      const w = await service();
      const key = w.key();
      const { logs, refusals } = w.list();
      return { witness: key && { name: key.name, verifierKey: formatVerifierKey(key) }, logs, refusals };
    },
    init: async ({ name }) => (await service()).init(name),
    addLog: async ({ origin, logKey }) => {
      const w = await service();
      return w.addLog(origin, logKey);
    },
    cosign: async ({ request, response }) => {
      const { answerView } = await import('../services/usecases/witness/witness-service');
      const target = files.savePath(response);
      const { bytes } = files.read(request, WITNESS_FILE_LIMITS.request);
      const a = (await service()).addCheckpoint(bytes);
      if (a.status === 200) writeFileAtomic(target, a.body);
      return { ...answerView(a), written: a.status === 200 ? files.nameOf(response) : null };
    },
  };
}
